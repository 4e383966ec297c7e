use super::*;
use portal_types::domain::case_lifecycle::{transition_of, CaseState};
use std::collections::HashSet;

fn slot(promised_days: u32, decided_by_system: bool) -> ServiceSlot {
    ServiceSlot {
        for_citizens: true,
        for_enterprises: true,
        promised_days,
        decided_by_system,
        supplement_key: "material_1".to_string(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default()
}

fn now() -> DateTime<Utc> {
    today().and_hms_opt(2, 0, 0).unwrap_or_default().and_utc()
}

fn history(calendar: &WorkingCalendar, services: &[ServiceSlot]) -> Vec<PlannedCase> {
    plan(&Inputs {
        calendar,
        today: today(),
        now: now(),
        services,
        citizens: 300,
        enterprises: 40,
        cases: 2000,
    })
}

fn end_state(fate: Fate) -> CaseState {
    match fate {
        Fate::Draft => CaseState::Draft,
        Fate::New => CaseState::Submitted,
        Fate::RefusedAtIntake => CaseState::RefusedAtIntake,
        Fate::InReview | Fate::NearDeadline | Fate::Overdue => CaseState::InReview,
        Fate::SupplementRequested => CaseState::SupplementRequested,
        Fate::Resubmitted => CaseState::Resubmitted,
        Fate::Approved => CaseState::Approved,
        Fate::Denied => CaseState::Denied,
        Fate::Withdrawn => CaseState::Withdrawn,
    }
}

#[test]
fn every_step_is_legal_in_order_and_every_case_ends_in_its_fate() {
    let calendar = WorkingCalendar::new();
    let services = [
        slot(5, false),
        slot(20, false),
        slot(1, false),
        slot(10, true),
    ];
    let cases = history(&calendar, &services);
    assert!(
        cases.len() >= 1990,
        "about two thousand cases: {}",
        cases.len()
    );
    let oldest = (today() - Duration::weeks(WEEKS))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc();
    for case in &cases {
        let (mut state, mut accepted) = (CaseState::Draft, false);
        let mut last = case.created_at;
        assert!(case.created_at >= oldest, "within ten weeks");
        for step in &case.steps {
            let transition = transition_of(state, accepted, step.actor, &step.action)
                .unwrap_or_else(|e| panic!("{:?}: {e:?} from {state:?}", case.fate));
            state = transition.to;
            accepted |= state == CaseState::Accepted;
            assert!(step.at >= last, "steps in time order");
            assert!(step.at < now(), "nothing in the future");
            last = step.at;
        }
        assert_eq!(state, end_state(case.fate), "{:?}", case.fate);
        if let Some(rating) = &case.rating {
            assert!(rating.at > last && rating.at < now());
            assert!((1..=5).contains(&rating.score));
            assert!(rating.response.is_none() || rating.score <= 2);
        }
    }
}

#[test]
fn the_history_holds_every_fate_and_systems_decide_at_once() {
    let calendar = WorkingCalendar::new();
    let services = [slot(5, false), slot(20, false), slot(10, true)];
    let cases = history(&calendar, &services);
    let fates: HashSet<Fate> = cases.iter().map(|c| c.fate).collect();
    assert_eq!(fates.len(), SHARES.len(), "every fate: {fates:?}");
    for case in cases.iter().filter(|c| c.service == 2) {
        assert!(matches!(
            case.fate,
            Fate::Draft | Fate::New | Fate::Approved | Fate::Denied
        ));
        assert!(case
            .steps
            .iter()
            .skip(1)
            .all(|s| s.actor == Actor::DepartmentSystem));
    }
    let ratings: Vec<&PlannedRating> = cases.iter().filter_map(|c| c.rating.as_ref()).collect();
    assert!(ratings.iter().any(|r| r.score <= 2 && r.response.is_none()));
    assert!(ratings.iter().any(|r| r.response.is_some()));
    let own = cases
        .iter()
        .filter(|c| c.applicant == Applicant::Citizen(0))
        .count();
    assert!(own >= 10, "the demo citizen has a history: {own}");
}

#[test]
fn running_cases_sit_where_their_fate_says_against_the_calendar() {
    let calendar = WorkingCalendar::new();
    let services = [slot(5, false), slot(15, false)];
    let cases = history(&calendar, &services);
    let near = near_until(&calendar, today());
    for case in &cases {
        let Some(accept) = case
            .steps
            .iter()
            .find(|s| matches!(s.action, CaseAction::Accept))
        else {
            continue;
        };
        let accepted_on = (accept.at + Duration::hours(8)).date_naive();
        let promised = services[case.service].promised_days;
        let Ok(Deadline::Due(due)) = deadline_with_pauses(&calendar, accepted_on, promised, &[])
        else {
            continue;
        };
        match case.fate {
            Fate::InReview => assert!(due >= near),
            Fate::NearDeadline => assert!(today() <= due && due < near),
            Fate::Overdue => assert!(due < today()),
            _ => {}
        }
    }
    assert!(cases.iter().any(|c| c.fate == Fate::NearDeadline));
    assert!(cases.iter().any(|c| c.fate == Fate::Overdue));
}

#[test]
fn the_same_inputs_plan_the_same_history() {
    let calendar = WorkingCalendar::new();
    let services = [slot(5, false), slot(10, true)];
    let one = history(&calendar, &services);
    let two = history(&calendar, &services);
    assert_eq!(one.len(), two.len());
    assert!(one
        .iter()
        .zip(&two)
        .all(|(a, b)| a.key == b.key && a.fate == b.fate && a.created_at == b.created_at));
    assert_eq!(one[0].key, Uuid::from_u128(KEY_BASE));
}
