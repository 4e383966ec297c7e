//! The moves a department system's status callbacks make between the case states: the table
//! the published document prints (`MOVES`), checked against the portal's own state machine by
//! the portal's tests.
use crate::case_state::CaseState;
use crate::messages::CallbackStatus;

/// One allowed move: `status` sent while the case is in `from` leaves it in `to`; when the open
/// supplement request was made from `submitted` (before intake), `to_at_intake` where it goes
/// instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub status: CallbackStatus,
    pub from: &'static [CaseState],
    pub to: CaseState,
    pub to_at_intake: Option<CaseState>,
}

use CaseState as S;

/// Every move a department system can make; anything else is 409 `illegal_transition` with
/// the case's current `state`. `in_review` is needed after `resubmitted` before a decision.
pub const MOVES: &[Move] = &[
    Move {
        status: CallbackStatus::Accepted,
        from: &[S::Submitted],
        to: S::Accepted,
        to_at_intake: None,
    },
    Move {
        status: CallbackStatus::Refused,
        from: &[S::Submitted],
        to: S::RefusedAtIntake,
        to_at_intake: None,
    },
    Move {
        status: CallbackStatus::InReview,
        from: &[S::Accepted, S::Resubmitted],
        to: S::InReview,
        to_at_intake: None,
    },
    Move {
        status: CallbackStatus::SupplementRequested,
        from: &[S::Submitted, S::Accepted, S::InReview],
        to: S::SupplementRequested,
        to_at_intake: None,
    },
    Move {
        status: CallbackStatus::SupplementWithdrawn,
        from: &[S::SupplementRequested],
        to: S::InReview,
        to_at_intake: Some(S::Submitted),
    },
    Move {
        status: CallbackStatus::Approved,
        from: &[S::InReview],
        to: S::Approved,
        to_at_intake: None,
    },
    Move {
        status: CallbackStatus::Denied,
        from: &[S::InReview],
        to: S::Denied,
        to_at_intake: None,
    },
];

/// The moves as a Markdown table, for the published document.
pub fn moves_table() -> String {
    let mut table = String::from("| status | allowed from | leads to |\n|---|---|---|\n");
    for m in MOVES {
        let status = serde_json::to_value(m.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let from: Vec<&str> = m.from.iter().map(|s| s.as_str()).collect();
        let to = match m.to_at_intake {
            Some(at_intake) => format!(
                "{} (`{}` when the request was made from `submitted`)",
                m.to.as_str(),
                at_intake.as_str()
            ),
            None => m.to.as_str().to_string(),
        };
        table.push_str(&format!("| `{status}` | {} | {to} |\n", from.join(", ")));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_by_name() {
        for state in CaseState::ALL {
            assert_eq!(CaseState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_value(state).expect("serialises"),
                state.as_str()
            );
        }
        assert_eq!(CaseState::parse("draft"), None);
    }

    #[test]
    fn every_status_has_a_row_in_the_table() {
        let table = moves_table();
        for m in MOVES {
            assert!(table.contains(m.to.as_str()));
        }
        assert_eq!(MOVES.len(), 7, "one row per callback status");
        assert!(table.contains("| `supplement_withdrawn` | supplement_requested | in_review (`submitted` when the request was made from `submitted`) |"));
    }
}
