//! The case lifecycle as one plain state machine, shared by the server (authoritative) and the
//! browser (which only asks it what is possible). See ARCHITECTURE.md, "The case lifecycle".
//!
//! ```text
//! draft ─submit→ submitted ─accept→ accepted ─start_review→ in_review ─approve→ approved
//!                    └─refuse_at_intake→ refused_at_intake                 ├─deny→ denied
//!        resubmitted ─start_review→ in_review ─request_supplement→ supplement_requested
//!        supplement_requested ─resubmit→ resubmitted
//!        supplement_requested ─withdraw_supplement→ in_review
//! submitted | accepted ─request_supplement→ supplement_requested (一次性告知 at intake)
//! supplement_requested (requested before acceptance) ─resubmit | withdraw_supplement→ submitted
//! submitted | accepted | in_review | supplement_requested | resubmitted ─withdraw→ withdrawn
//! ```
//! Choices:
//! - Checks run in a fixed order: who (`actor-not-allowed`, whatever the state), then where
//!   (`illegal-transition`), then the payload. A repeat (accepting an accepted case) is an error,
//!   never a no-op: idempotent callbacks are the caller's job (idempotency keys).
//! - `resubmitted` only leads to `in_review` (the clerk or department system picks it up); another
//!   supplement request goes `in_review → supplement_requested` again, so every round is reviewed.
//! - A supplement may be requested at intake (一次性告知: everything missing, told once). When
//!   the case was not accepted yet, resubmitting (or the department withdrawing its request)
//!   returns it to `submitted`, where intake decides again; the clock, not started, is not
//!   paused. Whether the case was accepted is the one fact the state alone does not say, so
//!   [`transition_of`] takes it.
//! - `resubmitted` may be withdrawn too: every non-final state after submission is withdrawable.
//!   A draft is not withdrawn but discarded (no transition, no case_event).
//! - Applicant actions are delivered to the department; clerk and department actions are not
//!   delivered back (the department made them), they notify the applicant. `start_review` emits
//!   nothing.
//! - `StopClock` closes the legal clock whenever it was started, running or paused.
//! - `Actor::Clock` has no transitions yet; it exists for future timers (e.g. an expired
//!   supplement period).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_REASON_CHARS: usize = 2000;
pub const MAX_SUPPLEMENT_ITEMS: usize = 100;
pub const MAX_KEY_CHARS: usize = 100;
pub const MAX_LEGAL_CODE_CHARS: usize = 64;

/// A payload-free enum with stable snake_case names (stored in the database, sent over the wire).
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $s)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

named_enum!(
    /// Where a case is.
    CaseState {
        Draft => "draft", Submitted => "submitted", Accepted => "accepted",
        RefusedAtIntake => "refused_at_intake", InReview => "in_review",
        SupplementRequested => "supplement_requested", Resubmitted => "resubmitted",
        Approved => "approved", Denied => "denied", Withdrawn => "withdrawn",
    }
);
named_enum!(
    /// Who moves a case. `Clock` (the system timer) has no transitions yet.
    Actor {
        Applicant => "applicant", Clerk => "clerk", DepartmentSystem => "department_system",
        Clock => "clock",
    }
);
named_enum!(
    /// A [`CaseAction`] without its payload, for UIs and error reports.
    ActionKind {
        Submit => "submit", Accept => "accept", RefuseAtIntake => "refuse_at_intake",
        StartReview => "start_review", RequestSupplement => "request_supplement",
        Resubmit => "resubmit", Approve => "approve", Deny => "deny", Withdraw => "withdraw",
        WithdrawSupplement => "withdraw_supplement",
    }
);
named_enum!(
    /// What a supplement item asks for again: a form field or an uploaded material.
    SupplementKind { Field => "field", Material => "material" }
);

impl CaseState {
    /// No action leaves a final state.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::RefusedAtIntake | Self::Approved | Self::Denied | Self::Withdrawn
        )
    }

    /// The legal clock runs from acceptance to the decision, except while a supplement is pending.
    pub fn clock_running(self) -> bool {
        matches!(self, Self::Accepted | Self::InReview | Self::Resubmitted)
    }

    pub fn clock_paused(self) -> bool {
        matches!(self, Self::SupplementRequested)
    }

    /// Translation key of the state's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Draft => "case-state-draft",
            Self::Submitted => "case-state-submitted",
            Self::Accepted => "case-state-accepted",
            Self::RefusedAtIntake => "case-state-refused-at-intake",
            Self::InReview => "case-state-in-review",
            Self::SupplementRequested => "case-state-supplement-requested",
            Self::Resubmitted => "case-state-resubmitted",
            Self::Approved => "case-state-approved",
            Self::Denied => "case-state-denied",
            Self::Withdrawn => "case-state-withdrawn",
        }
    }
}

impl ActionKind {
    /// Who may ever take this action, whatever the state.
    pub fn permits(self, actor: Actor) -> bool {
        match self {
            Self::Submit | Self::Resubmit | Self::Withdraw => actor == Actor::Applicant,
            Self::Accept
            | Self::RefuseAtIntake
            | Self::StartReview
            | Self::RequestSupplement
            | Self::WithdrawSupplement
            | Self::Approve
            | Self::Deny => matches!(actor, Actor::Clerk | Actor::DepartmentSystem),
        }
    }

    /// Where this action leads from `from`, if it is legal there (for a case accepted at intake
    /// whenever its state says nothing about it, see [`Self::target_of`]).
    pub fn target(self, from: CaseState) -> Option<CaseState> {
        self.target_of(
            from,
            !matches!(from, CaseState::Draft | CaseState::Submitted),
        )
    }

    /// Where this action leads from `from`, for a case that intake has (`accepted`) or has not
    /// accepted yet: an open supplement request made before acceptance leads back to intake.
    pub fn target_of(self, from: CaseState, accepted: bool) -> Option<CaseState> {
        use CaseState as S;
        match (from, self) {
            (S::Draft, Self::Submit) => Some(S::Submitted),
            (S::Submitted, Self::Accept) => Some(S::Accepted),
            (S::Submitted, Self::RefuseAtIntake) => Some(S::RefusedAtIntake),
            (S::Accepted | S::Resubmitted, Self::StartReview) => Some(S::InReview),
            (S::Submitted | S::Accepted | S::InReview, Self::RequestSupplement) => {
                Some(S::SupplementRequested)
            }
            (S::SupplementRequested, Self::Resubmit) if !accepted => Some(S::Submitted),
            (S::SupplementRequested, Self::Resubmit) => Some(S::Resubmitted),
            (S::SupplementRequested, Self::WithdrawSupplement) if !accepted => Some(S::Submitted),
            (S::SupplementRequested, Self::WithdrawSupplement) => Some(S::InReview),
            (S::InReview, Self::Approve) => Some(S::Approved),
            (S::InReview, Self::Deny) => Some(S::Denied),
            (
                S::Submitted | S::Accepted | S::InReview | S::SupplementRequested | S::Resubmitted,
                Self::Withdraw,
            ) => Some(S::Withdrawn),
            _ => None,
        }
    }
}

/// One thing the applicant must provide again (补正材料/字段), with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementItem {
    pub kind: SupplementKind,
    /// The form field key or material code; no whitespace.
    pub key: String,
    pub reason: String,
}

/// What an actor asks to do to a case. Texts are validated trimmed; callers store them trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CaseAction {
    Submit,
    Accept,
    RefuseAtIntake {
        reason: String,
    },
    StartReview,
    /// `reason` is an optional overall note; each item carries its own required reason.
    RequestSupplement {
        items: Vec<SupplementItem>,
        #[serde(default)]
        reason: String,
    },
    Resubmit,
    /// `note` is optional; `valid_until` is the validity of the issued result, if it expires.
    Approve {
        #[serde(default)]
        note: String,
        #[serde(default)]
        valid_until: Option<NaiveDate>,
    },
    /// `legal_reason_code` names the legal ground (e.g. "xzxk-38-2"); `explanation` is required.
    Deny {
        legal_reason_code: String,
        explanation: String,
    },
    Withdraw {
        reason: String,
    },
    /// The department takes back its open supplement request; `reason` is optional.
    WithdrawSupplement {
        #[serde(default)]
        reason: String,
    },
}

impl CaseAction {
    /// The human-readable reason the action carries, stored on its event ("" for none).
    pub fn reason(&self) -> &str {
        match self {
            CaseAction::RefuseAtIntake { reason }
            | CaseAction::Withdraw { reason }
            | CaseAction::WithdrawSupplement { reason }
            | CaseAction::RequestSupplement { reason, .. } => reason,
            CaseAction::Approve { note, .. } => note,
            CaseAction::Deny { explanation, .. } => explanation,
            CaseAction::Submit
            | CaseAction::Accept
            | CaseAction::StartReview
            | CaseAction::Resubmit => "",
        }
    }

    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Submit => ActionKind::Submit,
            Self::Accept => ActionKind::Accept,
            Self::RefuseAtIntake { .. } => ActionKind::RefuseAtIntake,
            Self::StartReview => ActionKind::StartReview,
            Self::RequestSupplement { .. } => ActionKind::RequestSupplement,
            Self::Resubmit => ActionKind::Resubmit,
            Self::Approve { .. } => ActionKind::Approve,
            Self::Deny { .. } => ActionKind::Deny,
            Self::Withdraw { .. } => ActionKind::Withdraw,
            Self::WithdrawSupplement { .. } => ActionKind::WithdrawSupplement,
        }
    }
}

/// What a transition asks the rest of the system to do, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Tell the applicant (Fluent id of the message template).
    NotifyApplicant {
        template: &'static str,
    },
    /// Put an event in the outbox for the owning department.
    DeliverToDepartment {
        event: &'static str,
    },
    StartClock,
    PauseClock,
    ResumeClock,
    /// Close the legal clock (running or paused).
    StopClock,
    /// Issue the result document / e-certificate.
    IssueResult,
    /// Invite the applicant to rate the service (好差评).
    OpenRating,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: CaseState,
    pub to: CaseState,
    pub effects: Vec<Effect>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("cannot {} a case that is {}", .action.as_str(), .from.as_str())]
    IllegalTransition { from: CaseState, action: ActionKind },
    #[error("{} may not {}", .actor.as_str(), .action.as_str())]
    ActorNotAllowed { actor: Actor, action: ActionKind },
    #[error("a supplement request must name at least one item")]
    SupplementNeedsItems,
    #[error("a supplement request may name at most {max} items")]
    TooManySupplementItems { max: usize },
    #[error("supplement item {index} has an empty or malformed key")]
    InvalidSupplementKey { index: usize },
    #[error("supplement item {index} repeats an earlier item")]
    DuplicateSupplementItem { index: usize },
    /// `item` is the supplement item's index, `None` for the action's own text.
    #[error("a reason is required")]
    ReasonRequired { item: Option<usize> },
    #[error("the text is longer than {max} characters")]
    ReasonTooLong { item: Option<usize>, max: usize },
    #[error("the legal reason code is empty or malformed")]
    InvalidLegalReasonCode,
}

impl TransitionError {
    /// Machine-readable, stable code (sent with 409/422 answers and used as a Fluent id suffix).
    pub fn code(&self) -> &'static str {
        match self {
            Self::IllegalTransition { .. } => "illegal-transition",
            Self::ActorNotAllowed { .. } => "actor-not-allowed",
            Self::SupplementNeedsItems => "supplement-needs-items",
            Self::TooManySupplementItems { .. } => "too-many-supplement-items",
            Self::InvalidSupplementKey { .. } => "invalid-supplement-key",
            Self::DuplicateSupplementItem { .. } => "duplicate-supplement-item",
            Self::ReasonRequired { .. } => "reason-required",
            Self::ReasonTooLong { .. } => "reason-too-long",
            Self::InvalidLegalReasonCode => "invalid-legal-reason-code",
        }
    }
}

/// Checks who, where and what, and says where the case goes and what that emits (for a case
/// accepted at intake whenever its state says nothing about it, see [`transition_of`]).
pub fn transition(
    state: CaseState,
    actor: Actor,
    action: &CaseAction,
) -> Result<Transition, TransitionError> {
    let accepted = !matches!(state, CaseState::Draft | CaseState::Submitted);
    transition_of(state, accepted, actor, action)
}

/// [`transition`] for a case that intake has (`accepted`) or has not accepted yet.
pub fn transition_of(
    state: CaseState,
    accepted: bool,
    actor: Actor,
    action: &CaseAction,
) -> Result<Transition, TransitionError> {
    let kind = action.kind();
    if !kind.permits(actor) {
        return Err(TransitionError::ActorNotAllowed {
            actor,
            action: kind,
        });
    }
    let to = kind
        .target_of(state, accepted)
        .ok_or(TransitionError::IllegalTransition {
            from: state,
            action: kind,
        })?;
    validate(action)?;
    Ok(Transition {
        from: state,
        to,
        effects: effects(state, kind, accepted),
    })
}

/// The actions `actor` may take on a case in `state` (payloads still to be validated).
pub fn allowed_actions(state: CaseState, actor: Actor) -> Vec<ActionKind> {
    ActionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.permits(actor) && k.target(state).is_some())
        .collect()
}

/// `accepted`: the clock was started, so a supplement request pauses it and its end resumes it.
fn effects(from: CaseState, kind: ActionKind, accepted: bool) -> Vec<Effect> {
    use Effect::*;
    let notify = |template| NotifyApplicant { template };
    let deliver = |event| DeliverToDepartment { event };
    let clock = |effect: Effect| accepted.then_some(effect).into_iter();
    match kind {
        ActionKind::Submit => vec![deliver("case.submitted"), notify("case-submitted")],
        ActionKind::Accept => vec![StartClock, notify("case-accepted")],
        ActionKind::RefuseAtIntake => vec![notify("case-refused-at-intake"), OpenRating],
        ActionKind::StartReview => Vec::new(),
        ActionKind::RequestSupplement => clock(PauseClock)
            .chain([notify("case-supplement-requested")])
            .collect(),
        ActionKind::Resubmit => clock(ResumeClock)
            .chain([deliver("case.resubmitted"), notify("case-resubmitted")])
            .collect(),
        ActionKind::WithdrawSupplement => clock(ResumeClock)
            .chain([notify("case-supplement-withdrawn")])
            .collect(),
        ActionKind::Approve => vec![StopClock, IssueResult, notify("case-approved"), OpenRating],
        ActionKind::Deny => vec![StopClock, notify("case-denied"), OpenRating],
        ActionKind::Withdraw => {
            let stop =
                (from.clock_running() || (from.clock_paused() && accepted)).then_some(StopClock);
            stop.into_iter()
                .chain([deliver("case.withdrawn"), notify("case-withdrawn")])
                .collect()
        }
    }
}

fn validate(action: &CaseAction) -> Result<(), TransitionError> {
    match action {
        CaseAction::Submit
        | CaseAction::Accept
        | CaseAction::StartReview
        | CaseAction::Resubmit => Ok(()),
        CaseAction::RefuseAtIntake { reason } | CaseAction::Withdraw { reason } => {
            text(reason, true, None)
        }
        CaseAction::WithdrawSupplement { reason } => text(reason, false, None),
        CaseAction::Approve { note, .. } => text(note, false, None),
        CaseAction::Deny {
            legal_reason_code: code,
            explanation,
        } => {
            let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
            if code.is_empty()
                || code.chars().count() > MAX_LEGAL_CODE_CHARS
                || !code.chars().all(ok)
            {
                return Err(TransitionError::InvalidLegalReasonCode);
            }
            text(explanation, true, None)
        }
        CaseAction::RequestSupplement { items, reason } => {
            text(reason, false, None)?;
            if items.is_empty() {
                return Err(TransitionError::SupplementNeedsItems);
            }
            if items.len() > MAX_SUPPLEMENT_ITEMS {
                return Err(TransitionError::TooManySupplementItems {
                    max: MAX_SUPPLEMENT_ITEMS,
                });
            }
            for (index, item) in items.iter().enumerate() {
                let key = &item.key;
                if key.is_empty()
                    || key.chars().count() > MAX_KEY_CHARS
                    || key.chars().any(|c| c.is_whitespace() || c.is_control())
                {
                    return Err(TransitionError::InvalidSupplementKey { index });
                }
                text(&item.reason, true, Some(index))?;
                if items
                    .iter()
                    .take(index)
                    .any(|o| o.kind == item.kind && o.key == item.key)
                {
                    return Err(TransitionError::DuplicateSupplementItem { index });
                }
            }
            Ok(())
        }
    }
}

fn text(value: &str, required: bool, item: Option<usize>) -> Result<(), TransitionError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(TransitionError::ReasonRequired { item });
    }
    if value.chars().count() > MAX_REASON_CHARS {
        return Err(TransitionError::ReasonTooLong {
            item,
            max: MAX_REASON_CHARS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
