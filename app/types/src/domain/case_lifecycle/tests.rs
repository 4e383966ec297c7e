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
    (S::Submitted, K::RequestSupplement, STAFF, S::SupplementRequested,
        "notify:case-supplement-requested"),
    (S::Accepted, K::RequestSupplement, STAFF, S::SupplementRequested,
        "pause notify:case-supplement-requested"),
    (S::SupplementRequested, K::WithdrawSupplement, STAFF, S::InReview,
        "resume notify:case-supplement-withdrawn"),
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
        K::WithdrawSupplement => CaseAction::WithdrawSupplement {
            reason: String::new(),
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
    assert_eq!(legal, 10 * 2 + 7); // 10 rows for both staff actors, 7 for the applicant
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
fn a_supplement_requested_at_intake_leads_back_to_intake_without_the_clock() {
    let request = sample(K::RequestSupplement);
    let at_intake = transition(S::Submitted, W::DepartmentSystem, &request).unwrap();
    assert!(!at_intake.effects.contains(&Effect::PauseClock));
    // Not accepted yet: the answer (or the department taking its request back) is intake again.
    let resubmitted = transition_of(
        S::SupplementRequested,
        false,
        W::Applicant,
        &CaseAction::Resubmit,
    )
    .unwrap();
    assert_eq!(resubmitted.to, S::Submitted);
    assert_eq!(
        show(&resubmitted.effects),
        "deliver:case.resubmitted notify:case-resubmitted"
    );
    let taken_back = transition_of(
        S::SupplementRequested,
        false,
        W::DepartmentSystem,
        &sample(K::WithdrawSupplement),
    )
    .unwrap();
    assert_eq!(
        (taken_back.to, show(&taken_back.effects).as_str()),
        (S::Submitted, "notify:case-supplement-withdrawn")
    );
    let withdrawn = transition_of(
        S::SupplementRequested,
        false,
        W::Applicant,
        &sample(K::Withdraw),
    )
    .unwrap();
    assert_eq!(show(&withdrawn.effects), WITHDRAW, "no clock to stop");
    // Accepted: as after a request in review.
    let resubmitted = transition_of(
        S::SupplementRequested,
        true,
        W::Applicant,
        &CaseAction::Resubmit,
    )
    .unwrap();
    assert_eq!(resubmitted.to, S::Resubmitted);
    // Only an open request can be withdrawn.
    for state in [S::Submitted, S::InReview, S::Resubmitted] {
        assert!(transition(state, W::DepartmentSystem, &sample(K::WithdrawSupplement)).is_err());
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

#[test]
fn an_event_keeps_the_text_its_action_carries() {
    let deny = CaseAction::Deny {
        legal_reason_code: "xzxk-38-2".into(),
        explanation: "材料不全".into(),
    };
    assert_eq!(deny.reason(), "材料不全");
    let approve = CaseAction::Approve {
        note: "准予".into(),
        valid_until: None,
    };
    assert_eq!(approve.reason(), "准予");
    let supplement = CaseAction::RequestSupplement {
        items: vec![],
        reason: "请补正".into(),
    };
    assert_eq!(supplement.reason(), "请补正");
    assert_eq!(CaseAction::Accept.reason(), "");
}
