use super::*;
use crate::domain::market::Term;
use Mover as W;
use Operation as O;
use SubscriptionState as S;
use VoucherMovement as V;

const ADMIN: &[Mover] = &[W::EnterpriseAdmin];
const ORDERER: &[Mover] = &[W::Agent, W::EnterpriseAdmin];
const VENDOR: &[Mover] = &[W::Vendor];
const OPERATOR: &[Mover] = &[W::Operator];
const CLOCK: &[Mover] = &[W::Clock];

type Row = (
    SubscriptionState,
    Move,
    &'static [Mover],
    SubscriptionState,
    Option<Operation>,
    Option<VoucherMovement>,
    bool,
);

/// Every legal move, written out independently of the code, with the context below (plan
/// cancel-anytime, outside the holding period, not trialing before): from, move, who, to,
/// operation, voucher, change_now.
#[rustfmt::skip]
const LEGAL: &[Row] = &[
    (S::AwaitingApproval, Move::Approve, ADMIN, S::AwaitingProvisioning, Some(O::Provision), None, false),
    (S::AwaitingApproval, Move::Decline, ADMIN, S::Closed, None, Some(V::Release), false),
    (S::AwaitingApproval, Move::Withdraw, ORDERER, S::Closed, None, Some(V::Release), false),
    (S::AwaitingProvisioning, Move::Provisioned { trial: true }, VENDOR, S::Trialing, None, Some(V::Commit), false),
    (S::AwaitingProvisioning, Move::Provisioned { trial: false }, VENDOR, S::Active, None, Some(V::Commit), false),
    (S::AwaitingProvisioning, Move::ProvisioningFailed, &[W::Vendor, W::Clock], S::ProvisioningFailed, None, Some(V::Release), false),
    (S::ProvisioningFailed, Move::RetryProvisioning, OPERATOR, S::AwaitingProvisioning, Some(O::Provision), None, false),
    (S::Trialing, Move::TrialEnded, CLOCK, S::Active, None, None, false),
    (S::Active, Move::Renew, CLOCK, S::Active, Some(O::Renew), None, false),
    (S::Trialing, Move::ChangePlan { upgrade: true }, ORDERER, S::Trialing, Some(O::ChangePlan), None, true),
    (S::Trialing, Move::ChangePlan { upgrade: false }, ORDERER, S::Trialing, Some(O::ChangePlan), None, false),
    (S::Active, Move::ChangePlan { upgrade: true }, ORDERER, S::Active, Some(O::ChangePlan), None, true),
    (S::Active, Move::ChangePlan { upgrade: false }, ORDERER, S::Active, Some(O::ChangePlan), None, false),
    (S::Trialing, Move::ChangeQuantity { increase: true }, ORDERER, S::Trialing, Some(O::ChangeQuantity), None, true),
    (S::Trialing, Move::ChangeQuantity { increase: false }, ORDERER, S::Trialing, Some(O::ChangeQuantity), None, false),
    (S::Active, Move::ChangeQuantity { increase: true }, ORDERER, S::Active, Some(O::ChangeQuantity), None, true),
    (S::Active, Move::ChangeQuantity { increase: false }, ORDERER, S::Active, Some(O::ChangeQuantity), None, false),
    (S::Trialing, Move::Suspend, OPERATOR, S::Suspended, Some(O::Suspend), None, false),
    (S::Active, Move::Suspend, OPERATOR, S::Suspended, Some(O::Suspend), None, false),
    (S::CancelScheduled, Move::Suspend, OPERATOR, S::Suspended, Some(O::Suspend), None, false),
    (S::Suspended, Move::Reinstate, OPERATOR, S::Active, Some(O::Reinstate), None, false),
    (S::Trialing, Move::ScheduleCancel, ADMIN, S::CancelScheduled, None, None, false),
    (S::Active, Move::ScheduleCancel, ADMIN, S::CancelScheduled, None, None, false),
    (S::CancelScheduled, Move::UndoCancel, ADMIN, S::Active, None, None, false),
    (S::Trialing, Move::CancelNow, ADMIN, S::Terminated, Some(O::Cancel), None, false),
    (S::Active, Move::CancelNow, ADMIN, S::Terminated, Some(O::Cancel), None, false),
    (S::CancelScheduled, Move::CancelNow, ADMIN, S::Terminated, Some(O::Cancel), None, false),
    (S::CancelScheduled, Move::TermEnded, CLOCK, S::Terminated, Some(O::Cancel), None, false),
    (S::Active, Move::Expire, CLOCK, S::Expired, Some(O::Cancel), None, false),
    (S::Terminated, Move::Close, &[W::Clock, W::Operator], S::Closed, None, None, false),
    (S::Expired, Move::Close, &[W::Clock, W::Operator], S::Closed, None, None, false),
    (S::ProvisioningFailed, Move::Close, &[W::Clock, W::Operator], S::Closed, None, None, false),
];

const CTX: MoveContext = MoveContext {
    cancel_anytime: true,
    within_holding_period: false,
    was_trialing: false,
    provisioning_overdue: false,
};

/// Every move, with every payload.
fn all_moves() -> Vec<Move> {
    let mut all = SAMPLES.to_vec();
    all.extend([
        Move::Provisioned { trial: true },
        Move::ChangePlan { upgrade: false },
        Move::ChangeQuantity { increase: false },
    ]);
    all
}

/// Who may make a move, from the table (the same for every row of a kind).
fn movers(mv: &Move) -> &'static [Mover] {
    let rows: Vec<_> = LEGAL.iter().filter(|r| r.1.kind() == mv.kind()).collect();
    assert!(!rows.is_empty(), "{mv:?} has no legal row");
    assert!(rows.iter().all(|r| r.2 == rows[0].2), "{mv:?}");
    rows[0].2
}

#[test]
fn every_legal_move() {
    for &(from, mv, who, to, operation, voucher, change_now) in LEGAL {
        for &by in who {
            let want = Outcome {
                to,
                operation,
                voucher,
                change_now,
            };
            assert_eq!(
                apply(from, &mv, by, &CTX),
                Ok(want),
                "{from:?} {mv:?} {by:?}"
            );
        }
    }
}

#[test]
fn every_illegal_pair_is_refused_as_illegal() {
    for &from in S::ALL {
        for mv in all_moves() {
            if LEGAL.iter().any(|r| r.0 == from && r.1 == mv) {
                continue;
            }
            for &by in movers(&mv) {
                let want = Err(MoveError::Illegal {
                    from,
                    kind: mv.kind(),
                });
                assert_eq!(apply(from, &mv, by, &CTX), want, "{from:?} {mv:?}");
            }
        }
    }
}

#[test]
fn every_wrong_mover_is_refused_whatever_the_state() {
    for mv in all_moves() {
        for by in W::ALL.iter().filter(|w| !movers(&mv).contains(w)) {
            for &from in S::ALL {
                assert_eq!(apply(from, &mv, *by, &CTX), Err(MoveError::NotAllowed));
            }
        }
    }
    assert_eq!(MoveError::NotAllowed.key(), "subscription-move-not-allowed");
    let illegal = MoveError::Illegal {
        from: S::Closed,
        kind: "renew",
    };
    assert_eq!(illegal.key(), "subscription-move-illegal");
    assert_eq!(
        illegal.to_string(),
        "cannot renew a subscription that is closed"
    );
}

#[test]
fn only_the_final_state_has_no_moves() {
    for &s in S::ALL {
        assert_eq!(s.is_final(), s == S::Closed);
        let any = W::ALL.iter().any(|by| !moves_for(s, *by).is_empty());
        assert_eq!(any, !s.is_final(), "{s:?}");
        if s.is_final() {
            for mv in all_moves() {
                let refused = W::ALL.iter().all(|by| apply(s, &mv, *by, &CTX).is_err());
                assert!(refused, "{mv:?}");
            }
        }
    }
}

#[test]
fn moves_for_lists_what_the_table_allows() {
    for &s in S::ALL {
        for &by in W::ALL {
            let mut want: Vec<&str> = LEGAL
                .iter()
                .filter(|r| r.0 == s && r.2.contains(&by))
                .map(|r| r.1.kind())
                .collect();
            want.dedup();
            // Offered while provisioning too: legal once the vendor is overdue (the page checks).
            if s == S::AwaitingProvisioning && matches!(by, W::Agent | W::EnterpriseAdmin) {
                want.insert(0, "withdraw");
            }
            assert_eq!(moves_for(s, by), want, "{s:?} {by:?}");
        }
    }
    assert_eq!(
        moves_for(S::Active, W::Agent),
        ["change_plan", "change_quantity"]
    );
}

#[test]
fn context_decides_cancel_clawback_and_return_to_trial() {
    let fixed = MoveContext {
        cancel_anytime: false,
        ..CTX
    };
    for from in [S::Active, S::CancelScheduled] {
        let want = Err(MoveError::Illegal {
            from,
            kind: "cancel_now",
        });
        assert_eq!(
            apply(from, &Move::CancelNow, W::EnterpriseAdmin, &fixed),
            want
        );
    }
    let trial = apply(S::Trialing, &Move::CancelNow, W::EnterpriseAdmin, &fixed);
    assert_eq!(trial.map(|o| o.to), Ok(S::Terminated));
    let held = MoveContext {
        within_holding_period: true,
        ..CTX
    };
    for from in [S::Trialing, S::Active, S::CancelScheduled] {
        let o = apply(from, &Move::CancelNow, W::EnterpriseAdmin, &held);
        assert_eq!(o.map(|o| o.voucher), Ok(Some(V::Clawback)));
    }
    let was = MoveContext {
        was_trialing: true,
        ..CTX
    };
    let back = apply(S::Suspended, &Move::Reinstate, W::Operator, &was);
    assert_eq!(back.map(|o| o.to), Ok(S::Trialing));
    let undo = apply(
        S::CancelScheduled,
        &Move::UndoCancel,
        W::EnterpriseAdmin,
        &was,
    );
    assert_eq!(undo.map(|o| o.to), Ok(S::Trialing));
}

#[test]
fn names_and_kinds() {
    for s in S::ALL {
        assert_eq!(S::parse(s.as_str()), Some(*s));
        assert_eq!(
            s.label_key(),
            format!("subscription-state-{}", s.as_str().replace('_', "-"))
        );
        let live = matches!(
            s,
            S::Trialing | S::Active | S::Suspended | S::CancelScheduled
        );
        assert_eq!(s.is_live(), live);
    }
    let mut kinds: Vec<&str> = SAMPLES.iter().map(Move::kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), SAMPLES.len());
    let json = serde_json::to_string(&Move::Provisioned { trial: true }).unwrap_or_default();
    assert_eq!(json, r#"{"move":"provisioned","trial":true}"#);
    assert_eq!(
        serde_json::to_string(&Move::CancelNow).unwrap_or_default(),
        r#"{"move":"cancel_now"}"#
    );
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

#[test]
fn reminders_fire_on_exact_days_only() {
    let end = day(2025, 3, 31);
    assert_eq!(reminder_due(end, day(2025, 3, 1)), Some(30));
    assert_eq!(reminder_due(end, day(2025, 3, 24)), Some(7));
    assert_eq!(reminder_due(end, day(2025, 3, 30)), Some(1));
    for today in [
        day(2025, 2, 28),
        day(2025, 3, 2),
        day(2025, 3, 25),
        day(2025, 3, 31),
        day(2025, 4, 1),
    ] {
        assert_eq!(reminder_due(end, today), None, "{today}");
    }
}

#[test]
fn terms_are_calendar_months() {
    assert_eq!(term_end(day(2025, 1, 31), Term::Month), day(2025, 2, 28));
    assert_eq!(term_end(day(2024, 1, 31), Term::Month), day(2024, 2, 29));
    assert_eq!(term_end(day(2025, 3, 15), Term::Month), day(2025, 4, 15));
    assert_eq!(term_end(day(2024, 2, 29), Term::Year), day(2025, 2, 28));
    assert_eq!(term_end(day(2025, 12, 31), Term::Year), day(2026, 12, 31));
    assert_eq!(term_end(NaiveDate::MAX, Term::Month), NaiveDate::MAX);
}

#[test]
fn an_overdue_provisioning_may_be_withdrawn_free_and_the_vendor_is_told_to_stop() {
    let waiting = apply(S::AwaitingProvisioning, &Move::Withdraw, W::Agent, &CTX);
    assert_eq!(
        waiting,
        Err(MoveError::Illegal {
            from: S::AwaitingProvisioning,
            kind: "withdraw"
        }),
        "within the promised time the order stands"
    );
    let overdue = MoveContext {
        provisioning_overdue: true,
        ..CTX
    };
    for by in [W::Agent, W::EnterpriseAdmin] {
        let o = apply(S::AwaitingProvisioning, &Move::Withdraw, by, &overdue);
        assert_eq!(
            o.map(|o| (o.to, o.operation, o.voucher)),
            Ok((S::Closed, Some(O::Cancel), Some(V::Release)))
        );
    }
    assert_eq!(
        apply(
            S::AwaitingProvisioning,
            &Move::Withdraw,
            W::Vendor,
            &overdue
        ),
        Err(MoveError::NotAllowed)
    );
}

#[test]
fn a_subscription_is_rated_only_after_thirty_days_of_use() {
    let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or(NaiveDate::MIN);
    let day = |d: u64| start + chrono::Days::new(d);
    assert!(!may_rate(None, day(100)), "never started");
    assert!(!may_rate(Some(start), start));
    assert!(!may_rate(Some(start), day(29)));
    assert!(may_rate(Some(start), day(30)));
}
