//! The case lifecycle as one plain state machine, shared by the server (authoritative) and the
//! browser (which only asks it what is possible). See ARCHITECTURE.md, "The case lifecycle".
//!
//! ```text
//! draft ─submit→ submitted ─accept→ accepted ─start_review→ in_review ─approve→ approved
//!                    └─refuse_at_intake→ refused_at_intake                 ├─deny→ denied
//!        resubmitted ─start_review→ in_review ─request_supplement→ supplement_requested
//!        supplement_requested ─resubmit→ resubmitted
//! submitted | accepted | in_review | supplement_requested | resubmitted ─withdraw→ withdrawn
//! ```
//! Choices:
//! - Checks run in a fixed order: who (`actor-not-allowed`, whatever the state), then where
//!   (`illegal-transition`), then the payload. A repeat (accepting an accepted case) is an error,
//!   never a no-op: idempotent callbacks are the caller's job (idempotency keys).
//! - `resubmitted` only leads to `in_review` (the clerk or department system picks it up); another
//!   supplement request goes `in_review → supplement_requested` again, so every round is reviewed.
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
            | Self::Approve
            | Self::Deny => matches!(actor, Actor::Clerk | Actor::DepartmentSystem),
        }
    }

    /// Where this action leads from `from`, if it is legal there.
    pub fn target(self, from: CaseState) -> Option<CaseState> {
        use CaseState as S;
        match (from, self) {
            (S::Draft, Self::Submit) => Some(S::Submitted),
            (S::Submitted, Self::Accept) => Some(S::Accepted),
            (S::Submitted, Self::RefuseAtIntake) => Some(S::RefusedAtIntake),
            (S::Accepted | S::Resubmitted, Self::StartReview) => Some(S::InReview),
            (S::InReview, Self::RequestSupplement) => Some(S::SupplementRequested),
            (S::SupplementRequested, Self::Resubmit) => Some(S::Resubmitted),
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
}

impl CaseAction {
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

/// Checks who, where and what, and says where the case goes and what that emits.
pub fn transition(
    state: CaseState,
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
        .target(state)
        .ok_or(TransitionError::IllegalTransition {
            from: state,
            action: kind,
        })?;
    validate(action)?;
    Ok(Transition {
        from: state,
        to,
        effects: effects(state, kind),
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

fn effects(from: CaseState, kind: ActionKind) -> Vec<Effect> {
    use Effect::*;
    let notify = |template| NotifyApplicant { template };
    let deliver = |event| DeliverToDepartment { event };
    match kind {
        ActionKind::Submit => vec![deliver("case.submitted"), notify("case-submitted")],
        ActionKind::Accept => vec![StartClock, notify("case-accepted")],
        ActionKind::RefuseAtIntake => vec![notify("case-refused-at-intake"), OpenRating],
        ActionKind::StartReview => Vec::new(),
        ActionKind::RequestSupplement => vec![PauseClock, notify("case-supplement-requested")],
        ActionKind::Resubmit => vec![
            ResumeClock,
            deliver("case.resubmitted"),
            notify("case-resubmitted"),
        ],
        ActionKind::Approve => vec![StopClock, IssueResult, notify("case-approved"), OpenRating],
        ActionKind::Deny => vec![StopClock, notify("case-denied"), OpenRating],
        ActionKind::Withdraw => {
            let stop = (from.clock_running() || from.clock_paused()).then_some(StopClock);
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
mod tests {
    use super::*;
    use ActionKind as K;
    use Actor as W;
    use CaseState as S;
    use SupplementKind::{Field, Material};

    const STAFF: &[Actor] = &[W::Clerk, W::DepartmentSystem];
    const APPLICANT: &[Actor] = &[W::Applicant];
    const WITHDRAW: &str = "deliver:case.withdrawn notify:case-withdrawn";
    const STOP_WITHDRAW: &str = "stop deliver:case.withdrawn notify:case-withdrawn";
    /// The legal table with each transition's effects, written out independently of the code.
    #[rustfmt::skip]
    const LEGAL: &[(CaseState, ActionKind, &[Actor], CaseState, &str)] = &[
        (S::Draft, K::Submit, APPLICANT, S::Submitted,
            "deliver:case.submitted notify:case-submitted"),
        (S::Submitted, K::Accept, STAFF, S::Accepted, "start notify:case-accepted"),
        (S::Submitted, K::RefuseAtIntake, STAFF, S::RefusedAtIntake,
            "notify:case-refused-at-intake rating"),
        (S::Accepted, K::StartReview, STAFF, S::InReview, ""),
        (S::Resubmitted, K::StartReview, STAFF, S::InReview, ""),
        (S::InReview, K::RequestSupplement, STAFF, S::SupplementRequested,
            "pause notify:case-supplement-requested"),
        (S::SupplementRequested, K::Resubmit, APPLICANT, S::Resubmitted,
            "resume deliver:case.resubmitted notify:case-resubmitted"),
        (S::InReview, K::Approve, STAFF, S::Approved, "stop result notify:case-approved rating"),
        (S::InReview, K::Deny, STAFF, S::Denied, "stop notify:case-denied rating"),
        (S::Submitted, K::Withdraw, APPLICANT, S::Withdrawn, WITHDRAW),
        (S::Accepted, K::Withdraw, APPLICANT, S::Withdrawn, STOP_WITHDRAW),
        (S::InReview, K::Withdraw, APPLICANT, S::Withdrawn, STOP_WITHDRAW),
        (S::SupplementRequested, K::Withdraw, APPLICANT, S::Withdrawn, STOP_WITHDRAW),
        (S::Resubmitted, K::Withdraw, APPLICANT, S::Withdrawn, STOP_WITHDRAW),
    ];

    fn show(effects: &[Effect]) -> String {
        let one = |e: &Effect| match e {
            Effect::NotifyApplicant { template } => format!("notify:{template}"),
            Effect::DeliverToDepartment { event } => format!("deliver:{event}"),
            Effect::StartClock => "start".into(),
            Effect::PauseClock => "pause".into(),
            Effect::ResumeClock => "resume".into(),
            Effect::StopClock => "stop".into(),
            Effect::IssueResult => "result".into(),
            Effect::OpenRating => "rating".into(),
        };
        effects.iter().map(one).collect::<Vec<_>>().join(" ")
    }
    fn item(kind: SupplementKind, key: &str, reason: &str) -> SupplementItem {
        SupplementItem {
            kind,
            key: key.into(),
            reason: reason.into(),
        }
    }
    fn supplement(items: Vec<SupplementItem>) -> CaseAction {
        CaseAction::RequestSupplement {
            items,
            reason: String::new(),
        }
    }
    /// A valid action of each kind.
    fn sample(kind: ActionKind) -> CaseAction {
        let text = |s: &str| s.to_string();
        match kind {
            K::Submit => CaseAction::Submit,
            K::Accept => CaseAction::Accept,
            K::RefuseAtIntake => CaseAction::RefuseAtIntake {
                reason: text("非本部门职权"),
            },
            K::StartReview => CaseAction::StartReview,
            K::RequestSupplement => supplement(vec![item(Material, "id_front", "照片模糊")]),
            K::Resubmit => CaseAction::Resubmit,
            K::Approve => CaseAction::Approve {
                note: String::new(),
                valid_until: NaiveDate::from_ymd_opt(2030, 1, 1),
            },
            K::Deny => CaseAction::Deny {
                legal_reason_code: text("xzxk-38-2"),
                explanation: text("不符合法定条件"),
            },
            K::Withdraw => CaseAction::Withdraw {
                reason: text("不再需要"),
            },
        }
    }

    #[test]
    fn every_state_action_actor_combination_is_legal_or_refused_with_the_right_error() {
        let mut legal = 0;
        for (&state, &kind, &actor) in S::ALL.iter().flat_map(|s| {
            K::ALL
                .iter()
                .flat_map(move |k| W::ALL.iter().map(move |a| (s, k, a)))
        }) {
            let got = transition(state, actor, &sample(kind));
            let row = LEGAL
                .iter()
                .find(|r| (r.0, r.1) == (state, kind) && r.2.contains(&actor));
            let expected = match row {
                Some(&(_, _, _, to, effects)) => {
                    legal += 1;
                    let t = got.clone().map(|t| (t.from, t.to, show(&t.effects)));
                    assert_eq!(
                        t,
                        Ok((state, to, effects.to_string())),
                        "{kind:?} {actor:?}"
                    );
                    continue;
                }
                None if LEGAL.iter().any(|r| r.1 == kind && r.2.contains(&actor)) => {
                    TransitionError::IllegalTransition {
                        from: state,
                        action: kind,
                    }
                }
                None => TransitionError::ActorNotAllowed {
                    actor,
                    action: kind,
                },
            };
            assert_eq!(got, Err(expected));
            assert!(!allowed_actions(state, actor).contains(&kind));
        }
        assert_eq!(legal, 7 * 2 + 7); // 7 rows for both staff actors, 7 for the applicant
        for &(state, kind, actors, _, _) in LEGAL {
            assert!(actors
                .iter()
                .all(|&a| allowed_actions(state, a).contains(&kind)));
        }
    }

    #[test]
    fn clock_and_rating_effects_follow_the_states() {
        let started = |s: CaseState| s.clock_running() || s.clock_paused();
        for &(from, kind, actors, _, _) in LEGAL {
            let Ok(t) = transition(from, actors[0], &sample(kind)) else {
                panic!("{kind:?}")
            };
            let has = |e: Effect| t.effects.contains(&e);
            assert_eq!(
                has(Effect::StartClock),
                !started(from) && t.to.clock_running()
            );
            assert_eq!(
                has(Effect::PauseClock),
                from.clock_running() && t.to.clock_paused()
            );
            assert_eq!(
                has(Effect::ResumeClock),
                from.clock_paused() && t.to.clock_running()
            );
            assert_eq!(has(Effect::StopClock), started(from) && t.to.is_final());
            let decided = matches!(t.to, S::RefusedAtIntake | S::Approved | S::Denied);
            assert_eq!(has(Effect::OpenRating), decided);
            assert_eq!(has(Effect::IssueResult), t.to == S::Approved);
        }
    }

    #[test]
    fn final_states_accept_nothing_and_clock_states_are_consistent() {
        for &state in S::ALL {
            let open = W::ALL
                .iter()
                .any(|&a| !allowed_actions(state, a).is_empty());
            assert_eq!(open, !state.is_final(), "{state:?}");
            assert!(!(state.clock_running() && state.clock_paused()));
            assert!(!(state.is_final() && (state.clock_running() || state.clock_paused())));
            assert!(allowed_actions(state, W::Clock).is_empty());
        }
    }

    #[test]
    fn payload_validation() {
        let code = |state, actor, action: CaseAction| {
            transition(state, actor, &action).err().map(|e| e.code())
        };
        let sup = |items| code(S::InReview, W::Clerk, supplement(items));
        let refuse = |r: &str| {
            code(
                S::Submitted,
                W::Clerk,
                CaseAction::RefuseAtIntake { reason: r.into() },
            )
        };
        let withdraw = |r: &str| {
            code(
                S::Accepted,
                W::Applicant,
                CaseAction::Withdraw { reason: r.into() },
            )
        };
        let deny = |c: &str, e: &str| {
            let action = CaseAction::Deny {
                legal_reason_code: c.into(),
                explanation: e.into(),
            };
            code(S::InReview, W::Clerk, action)
        };
        let approve = |note: &str| {
            let action = CaseAction::Approve {
                note: note.into(),
                valid_until: None,
            };
            code(S::InReview, W::Clerk, action)
        };
        let long = "理".repeat(MAX_REASON_CHARS + 1);
        let max = format!("  {}\n", "理".repeat(MAX_REASON_CHARS));
        let many = (0..=MAX_SUPPLEMENT_ITEMS)
            .map(|i| item(Field, &format!("f{i}"), "r"))
            .collect();

        assert_eq!(sup(vec![]), Some("supplement-needs-items"));
        assert_eq!(sup(many), Some("too-many-supplement-items"));
        for key in ["", "a b", " k", "k\n", &"k".repeat(MAX_KEY_CHARS + 1)] {
            assert_eq!(
                sup(vec![item(Field, key, "r")]),
                Some("invalid-supplement-key"),
                "{key:?}"
            );
        }
        assert_eq!(
            sup(vec![item(Field, &"k".repeat(MAX_KEY_CHARS), "r")]),
            None
        );
        assert_eq!(sup(vec![item(Field, "k", " \n ")]), Some("reason-required"));
        assert_eq!(sup(vec![item(Field, "k", &long)]), Some("reason-too-long"));
        let twice = vec![item(Field, "k", "r"), item(Field, "k", "s")];
        assert_eq!(sup(twice), Some("duplicate-supplement-item"));
        assert_eq!(
            sup(vec![item(Field, "k", "r"), item(Material, "k", "s")]),
            None
        );
        let noted = |reason: &str| CaseAction::RequestSupplement {
            items: vec![item(Field, "k", "r")],
            reason: reason.into(),
        };
        assert_eq!(
            code(S::InReview, W::Clerk, noted(&long)),
            Some("reason-too-long")
        );
        assert_eq!(code(S::InReview, W::Clerk, noted(&max)), None);
        let bad_second = supplement(vec![item(Field, "a", "r"), item(Material, "b", "")]);
        let err = transition(S::InReview, W::Clerk, &bad_second);
        assert_eq!(err, Err(TransitionError::ReasonRequired { item: Some(1) }));

        assert_eq!(
            (refuse("   "), refuse(&long), refuse(&max)),
            (Some("reason-required"), Some("reason-too-long"), None)
        );
        assert_eq!(
            (withdraw(""), withdraw(&long)),
            (Some("reason-required"), Some("reason-too-long"))
        );
        for bad in ["", "a b", "条款", &"x".repeat(MAX_LEGAL_CODE_CHARS + 1)] {
            assert_eq!(deny(bad, "e"), Some("invalid-legal-reason-code"), "{bad:?}");
        }
        assert_eq!(
            (deny("x", " "), deny("x", &long), deny("x", "e")),
            (Some("reason-required"), Some("reason-too-long"), None)
        );
        assert_eq!(
            (approve(&long), approve(&max), approve("")),
            (Some("reason-too-long"), None, None)
        );
        // who, then where, then what:
        assert_eq!(
            code(S::Draft, W::Clerk, supplement(vec![])),
            Some("illegal-transition")
        );
        assert_eq!(
            code(S::Approved, W::Applicant, supplement(vec![])),
            Some("actor-not-allowed")
        );
    }

    #[test]
    fn names_round_trip_and_match_serde() {
        for &s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
            let label = format!("case-state-{}", s.as_str().replace('_', "-"));
            assert_eq!(s.label_key(), label);
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        for &k in K::ALL {
            assert_eq!(K::parse(k.as_str()), Some(k));
            let json = serde_json::to_value(sample(k)).unwrap_or_default();
            assert_eq!(json["action"].as_str(), Some(k.as_str()));
            assert_eq!(
                serde_json::from_value::<CaseAction>(json).ok(),
                Some(sample(k))
            );
        }
        assert!(W::ALL.iter().all(|&a| W::parse(a.as_str()) == Some(a)));
        assert!(SupplementKind::ALL
            .iter()
            .all(|&k| SupplementKind::parse(k.as_str()) == Some(k)));
        assert_eq!(
            (S::parse("Draft"), W::parse(""), K::parse("approved")),
            (None, None, None)
        );
        let effect = Effect::NotifyApplicant {
            template: "case-submitted",
        };
        let json = serde_json::to_string(&effect).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"effect":"notify_applicant","template":"case-submitted"}"#
        );
    }
}
