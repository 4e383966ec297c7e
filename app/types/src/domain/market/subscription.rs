//! A subscription's life as one plain state machine, like the case lifecycle: the server asks
//! it (authoritatively) what a move does, the browser asks it which moves to offer.
//!
//! ```text
//! awaiting_approval ─approve→ awaiting_provisioning ─provisioned{trial}→ trialing
//!                   └─decline | withdraw→ closed                └─provisioned→ active
//! awaiting_provisioning ─provisioning_failed→ provisioning_failed
//! provisioning_failed ─retry_provisioning→ awaiting_provisioning
//! trialing ─trial_ended→ active ─renew→ active
//! trialing | active ─change_plan | change_quantity→ (same state)
//! trialing | active | cancel_scheduled ─suspend→ suspended ─reinstate→ active (trialing if it was)
//! trialing | active ─schedule_cancel→ cancel_scheduled ─undo_cancel→ active (trialing if it was)
//! cancel_scheduled ─term_ended→ terminated
//! trialing | active* | cancel_scheduled* ─cancel_now→ terminated   (* plan is cancel-anytime)
//! active ─expire→ expired
//! terminated | expired | provisioning_failed ─close→ closed
//! ```
//! Choices:
//! - Checks run in a fixed order: who ([`MoveError::NotAllowed`], whatever the state), then
//!   where ([`MoveError::Illegal`]). A repeat is an error, never a no-op: idempotent vendor
//!   callbacks are the caller's job.
//! - The subsidy voucher is reserved at order time, released when the order never starts,
//!   committed when the subscription starts and clawed back when it is cancelled within the
//!   holding period. After a provisioning failure the reservation is released, so a retry goes
//!   on without subsidy (its `commit` then finds nothing reserved).
//! - Upgrades and seat increases apply now; downgrades and decreases at the next renewal.
//! - A suspension drops a scheduled cancellation: reinstating returns to active, and the
//!   admin schedules again if they still want to leave.
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

named_enum!(
    /// Where a subscription is.
    SubscriptionState label "subscription-state-" {
        AwaitingApproval => "awaiting_approval" / "awaiting-approval",
        AwaitingProvisioning => "awaiting_provisioning" / "awaiting-provisioning",
        Trialing => "trialing" / "trialing",
        Active => "active" / "active",
        Suspended => "suspended" / "suspended",
        CancelScheduled => "cancel_scheduled" / "cancel-scheduled",
        ProvisioningFailed => "provisioning_failed" / "provisioning-failed",
        Terminated => "terminated" / "terminated",
        Expired => "expired" / "expired",
        Closed => "closed" / "closed",
    }
);

named_enum!(
    /// Who moves a subscription. `Agent` is the enterprise's agent who placed the order (not its
    /// administrator, who approves); `Clock` is the system timer.
    Mover {
        Agent => "agent", EnterpriseAdmin => "enterprise_admin", Vendor => "vendor",
        Operator => "operator", Clock => "clock",
    }
);

named_enum!(
    /// What the vendor's system must be told after a move.
    Operation {
        Provision => "provision", ChangePlan => "change_plan",
        ChangeQuantity => "change_quantity", Suspend => "suspend", Reinstate => "reinstate",
        Cancel => "cancel", Renew => "renew",
    }
);

named_enum!(
    /// What happens to the subsidy voucher's reservation after a move.
    VoucherMovement { Commit => "commit", Release => "release", Clawback => "clawback" }
);

impl SubscriptionState {
    /// The service runs (or is paused) for the enterprise: it counts as subscribed.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Self::Trialing | Self::Active | Self::Suspended | Self::CancelScheduled
        )
    }

    /// No move leaves a final state.
    pub fn is_final(self) -> bool {
        self == Self::Closed
    }
}

/// What someone asks to do to a subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "move", rename_all = "snake_case")]
pub enum Move {
    Approve,
    Decline,
    /// The order is withdrawn before approval.
    Withdraw,
    Provisioned {
        trial: bool,
    },
    ProvisioningFailed,
    RetryProvisioning,
    TrialEnded,
    Renew,
    ChangePlan {
        upgrade: bool,
    },
    ChangeQuantity {
        increase: bool,
    },
    Suspend,
    Reinstate,
    ScheduleCancel,
    UndoCancel,
    CancelNow,
    TermEnded,
    Expire,
    Close,
}

/// One move of each kind (payloads never change who or where), for [`moves_for`].
const SAMPLES: [Move; 18] = [
    Move::Approve,
    Move::Decline,
    Move::Withdraw,
    Move::Provisioned { trial: false },
    Move::ProvisioningFailed,
    Move::RetryProvisioning,
    Move::TrialEnded,
    Move::Renew,
    Move::ChangePlan { upgrade: true },
    Move::ChangeQuantity { increase: true },
    Move::Suspend,
    Move::Reinstate,
    Move::ScheduleCancel,
    Move::UndoCancel,
    Move::CancelNow,
    Move::TermEnded,
    Move::Expire,
    Move::Close,
];

impl Move {
    /// Stable snake_case name (stored in subscription events).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Decline => "decline",
            Self::Withdraw => "withdraw",
            Self::Provisioned { .. } => "provisioned",
            Self::ProvisioningFailed => "provisioning_failed",
            Self::RetryProvisioning => "retry_provisioning",
            Self::TrialEnded => "trial_ended",
            Self::Renew => "renew",
            Self::ChangePlan { .. } => "change_plan",
            Self::ChangeQuantity { .. } => "change_quantity",
            Self::Suspend => "suspend",
            Self::Reinstate => "reinstate",
            Self::ScheduleCancel => "schedule_cancel",
            Self::UndoCancel => "undo_cancel",
            Self::CancelNow => "cancel_now",
            Self::TermEnded => "term_ended",
            Self::Expire => "expire",
            Self::Close => "close",
        }
    }

    /// Who may ever make this move, whatever the state.
    fn permits(&self, by: Mover) -> bool {
        use Mover as M;
        match self {
            Self::Approve
            | Self::Decline
            | Self::ScheduleCancel
            | Self::UndoCancel
            | Self::CancelNow => by == M::EnterpriseAdmin,
            Self::Withdraw | Self::ChangePlan { .. } | Self::ChangeQuantity { .. } => {
                matches!(by, M::Agent | M::EnterpriseAdmin)
            }
            Self::Provisioned { .. } => by == M::Vendor,
            Self::ProvisioningFailed => matches!(by, M::Vendor | M::Clock),
            Self::RetryProvisioning | Self::Suspend | Self::Reinstate => by == M::Operator,
            Self::TrialEnded | Self::Renew | Self::TermEnded | Self::Expire => by == M::Clock,
            Self::Close => matches!(by, M::Clock | M::Operator),
        }
    }

    /// Where this move leads from `from`, if it is legal there.
    fn target(&self, from: SubscriptionState, ctx: &MoveContext) -> Option<SubscriptionState> {
        use SubscriptionState as S;
        let active_or_trial = if ctx.was_trialing {
            S::Trialing
        } else {
            S::Active
        };
        match (from, self) {
            (S::AwaitingApproval, Self::Approve) => Some(S::AwaitingProvisioning),
            (S::AwaitingApproval, Self::Decline | Self::Withdraw) => Some(S::Closed),
            (S::AwaitingProvisioning, Self::Withdraw) if ctx.provisioning_overdue => {
                Some(S::Closed)
            }
            (S::AwaitingProvisioning, Self::Provisioned { trial: true }) => Some(S::Trialing),
            (S::AwaitingProvisioning, Self::Provisioned { trial: false }) => Some(S::Active),
            (S::AwaitingProvisioning, Self::ProvisioningFailed) => Some(S::ProvisioningFailed),
            (S::ProvisioningFailed, Self::RetryProvisioning) => Some(S::AwaitingProvisioning),
            (S::Trialing, Self::TrialEnded) => Some(S::Active),
            (S::Active, Self::Renew) => Some(S::Active),
            (S::Trialing | S::Active, Self::ChangePlan { .. } | Self::ChangeQuantity { .. }) => {
                Some(from)
            }
            (S::Trialing | S::Active | S::CancelScheduled, Self::Suspend) => Some(S::Suspended),
            (S::Suspended, Self::Reinstate) => Some(active_or_trial),
            (S::Trialing | S::Active, Self::ScheduleCancel) => Some(S::CancelScheduled),
            (S::CancelScheduled, Self::UndoCancel) => Some(active_or_trial),
            (S::Trialing, Self::CancelNow) => Some(S::Terminated),
            (S::Active | S::CancelScheduled, Self::CancelNow) if ctx.cancel_anytime => {
                Some(S::Terminated)
            }
            (S::CancelScheduled, Self::TermEnded) => Some(S::Terminated),
            (S::Active, Self::Expire) => Some(S::Expired),
            (S::Terminated | S::Expired | S::ProvisioningFailed, Self::Close) => Some(S::Closed),
            _ => None,
        }
    }

    fn operation(&self, ctx: &MoveContext) -> Option<Operation> {
        match self {
            // The vendor may still be provisioning: it must stop.
            Self::Withdraw if ctx.provisioning_overdue => Some(Operation::Cancel),
            Self::Approve | Self::RetryProvisioning => Some(Operation::Provision),
            Self::Renew => Some(Operation::Renew),
            Self::ChangePlan { .. } => Some(Operation::ChangePlan),
            Self::ChangeQuantity { .. } => Some(Operation::ChangeQuantity),
            Self::Suspend => Some(Operation::Suspend),
            Self::Reinstate => Some(Operation::Reinstate),
            Self::CancelNow | Self::TermEnded | Self::Expire => Some(Operation::Cancel),
            _ => None,
        }
    }

    fn voucher(&self, ctx: &MoveContext) -> Option<VoucherMovement> {
        match self {
            Self::Decline | Self::Withdraw | Self::ProvisioningFailed => {
                Some(VoucherMovement::Release)
            }
            Self::Provisioned { .. } => Some(VoucherMovement::Commit),
            Self::CancelNow if ctx.within_holding_period => Some(VoucherMovement::Clawback),
            _ => None,
        }
    }
}

/// Facts a move depends on that the state alone does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveContext {
    /// The plan lets an active subscription end before its term does.
    pub cancel_anytime: bool,
    /// The subsidised subscription is still within the period it must be held; ending it now
    /// claws the subsidy back.
    pub within_holding_period: bool,
    /// Before a suspension or a scheduled cancellation, the subscription was in its trial.
    pub was_trialing: bool,
    /// The vendor's system passed its promised provisioning time: the enterprise may withdraw
    /// the order free of charge.
    pub provisioning_overdue: bool,
}

/// Where a move leads and what it asks of the rest of the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub to: SubscriptionState,
    /// Tell the vendor's system.
    pub operation: Option<Operation>,
    pub voucher: Option<VoucherMovement>,
    /// A plan or quantity change applies now (upgrade, increase), not at the next renewal.
    pub change_now: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The mover may not make this move at all, in any state.
    #[error("this party may not make that move")]
    NotAllowed,
    #[error("cannot {kind} a subscription that is {}", .from.as_str())]
    Illegal {
        from: SubscriptionState,
        kind: &'static str,
    },
}

impl MoveError {
    /// Translation key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            Self::NotAllowed => "subscription-move-not-allowed",
            Self::Illegal { .. } => "subscription-move-illegal",
        }
    }
}

/// Checks who, then where, and says where the subscription goes and what that asks for.
pub fn apply(
    from: SubscriptionState,
    mv: &Move,
    by: Mover,
    ctx: &MoveContext,
) -> Result<Outcome, MoveError> {
    if !mv.permits(by) {
        return Err(MoveError::NotAllowed);
    }
    let to = mv.target(from, ctx).ok_or(MoveError::Illegal {
        from,
        kind: mv.kind(),
    })?;
    let change_now = match mv {
        Move::ChangePlan { upgrade } => *upgrade,
        Move::ChangeQuantity { increase } => *increase,
        _ => false,
    };
    Ok(Outcome {
        to,
        operation: mv.operation(ctx),
        voucher: mv.voucher(ctx),
        change_now,
    })
}

/// The move kinds `by` could try in `state`, for offering buttons. `cancel_now` is listed in
/// active and cancel_scheduled too, `withdraw` in awaiting_provisioning; whether the plan is
/// cancel-anytime, or the provisioning overdue, is for the page to check.
pub fn moves_for(state: SubscriptionState, by: Mover) -> Vec<&'static str> {
    let any = MoveContext {
        cancel_anytime: true,
        provisioning_overdue: true,
        ..MoveContext::default()
    };
    SAMPLES
        .iter()
        .filter(|mv| mv.permits(by) && mv.target(state, &any).is_some())
        .map(Move::kind)
        .collect()
}

/// Days before the term ends on which the enterprise is reminded to renew (or not).
pub const REMINDER_DAYS: [i64; 3] = [30, 7, 1];

/// `Some(days)` when `today` is exactly one of [`REMINDER_DAYS`] before `term_ends`.
pub fn reminder_due(term_ends: NaiveDate, today: NaiveDate) -> Option<i64> {
    let days = (term_ends - today).num_days();
    REMINDER_DAYS.contains(&days).then_some(days)
}

/// Days of use before an enterprise may rate a subscription: a rating should judge the tool in
/// use, not the sign-up.
pub const RATING_AFTER_DAYS: i64 = 30;

/// Whether a subscription that started on `started_on` has been used long enough to be rated.
pub fn may_rate(started_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    started_on.is_some_and(|start| (today - start).num_days() >= RATING_AFTER_DAYS)
}

/// The day one term after `start` ends, in calendar months (31 Jan + 1 month = 28/29 Feb).
/// Saturates at the last representable date.
pub fn term_end(start: NaiveDate, term: super::Term) -> NaiveDate {
    start
        .checked_add_months(Months::new(term.months()))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;
