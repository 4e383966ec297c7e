//! The demo's history, planned: about two thousand cases over the last ten weeks in every state
//! a case can be in, at the times a real office would give them. Plain Rust over the working
//! calendar and the state machine; the loader ([`super`]) only writes what is planned here.
use crate::cases::calendar::near_until;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use portal_types::domain::case_lifecycle::{Actor, CaseAction, SupplementItem, SupplementKind};
use portal_types::domain::working_days::{deadline_with_pauses, Deadline, WorkingCalendar};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// How far back the history reaches.
pub const WEEKS: i64 = 10;
/// The submit keys of the history's cases: `KEY_BASE + n`. The first one marks a loaded history.
pub const KEY_BASE: u128 = 0x64656d6f_0000_4000_8000_000000000000;

/// A service the history may file cases for.
#[derive(Clone, Debug)]
pub struct ServiceSlot {
    pub for_citizens: bool,
    pub for_enterprises: bool,
    pub promised_days: u32,
    /// The department's own system decides (over the routing layer), not its clerks.
    pub decided_by_system: bool,
    /// The form field a supplement request names (the first material upload).
    pub supplement_key: String,
}

/// Where a planned case ends up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fate {
    Draft,
    New,
    RefusedAtIntake,
    InReview,
    NearDeadline,
    Overdue,
    SupplementRequested,
    Resubmitted,
    Approved,
    Denied,
    Withdrawn,
}

/// Shares in percent: most cases of ten weeks are decided, a running office has the rest.
const SHARES: [(Fate, u32); 11] = [
    (Fate::Draft, 4),
    (Fate::New, 8),
    (Fate::RefusedAtIntake, 3),
    (Fate::InReview, 11),
    (Fate::NearDeadline, 3),
    (Fate::Overdue, 3),
    (Fate::SupplementRequested, 4),
    (Fate::Resubmitted, 3),
    (Fate::Approved, 50),
    (Fate::Denied, 6),
    (Fate::Withdrawn, 5),
];

/// Who filed: an index into the citizens or the enterprises the loader holds (0 is the demo's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicant {
    Citizen(usize),
    Enterprise(usize),
}

#[derive(Clone, Debug)]
pub struct Step {
    pub action: CaseAction,
    pub actor: Actor,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct PlannedRating {
    pub score: i32,
    pub comment: &'static str,
    pub at: DateTime<Utc>,
    /// For a bad rating (1–2): the supervisor's answer and when, or `None` while it is open.
    pub response: Option<(DateTime<Utc>, &'static str)>,
}

#[derive(Clone, Debug)]
pub struct PlannedCase {
    pub key: Uuid,
    pub service: usize,
    pub applicant: Applicant,
    pub fate: Fate,
    pub created_at: DateTime<Utc>,
    pub steps: Vec<Step>,
    pub rating: Option<PlannedRating>,
}

pub struct Inputs<'a> {
    pub calendar: &'a WorkingCalendar,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub services: &'a [ServiceSlot],
    pub citizens: usize,
    pub enterprises: usize,
    pub cases: usize,
}

/// The history: deterministic for the same inputs.
pub fn plan(inputs: &Inputs) -> Vec<PlannedCase> {
    let mut rng = StdRng::seed_from_u64(20_261_205);
    let first = inputs.today - Duration::weeks(WEEKS);
    // Working days before today, newest first: `days[0]` is the last one before today.
    let mut days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|day| *day < inputs.today)
        .filter(|day| inputs.calendar.is_working_day(*day))
        .collect();
    days.reverse();
    if days.len() < 20 || inputs.services.is_empty() || inputs.citizens == 0 {
        return Vec::new();
    }
    let planner = Planner {
        inputs,
        days,
        near_until: near_until(inputs.calendar, inputs.today),
    };
    (0..inputs.cases)
        .filter_map(|n| planner.case(n, &mut rng))
        .collect()
}

struct Planner<'a> {
    inputs: &'a Inputs<'a>,
    days: Vec<NaiveDate>,
    near_until: NaiveDate,
}

/// (working days before today, action, who) of a case's steps, oldest first.
type Sketch = Vec<(usize, CaseAction, Actor)>;

impl Planner<'_> {
    fn case(&self, n: usize, rng: &mut StdRng) -> Option<PlannedCase> {
        let service = rng.gen_range(0..self.inputs.services.len());
        let slot = &self.inputs.services[service];
        let mut fate = pick(rng, &SHARES);
        // A department system decides at once: its history holds new and decided cases only.
        if slot.decided_by_system && !matches!(fate, Fate::Draft | Fate::New | Fate::Denied) {
            fate = Fate::Approved;
        }
        let applicant = self.applicant(slot, rng);
        let office = if slot.decided_by_system {
            Actor::DepartmentSystem
        } else {
            Actor::Clerk
        };
        let (fate, sketch, created) = match fate {
            Fate::Draft => (fate, Vec::new(), rng.gen_range(0..10)),
            _ => {
                let (fate, sketch) = self
                    .sketch(fate, slot, office, rng)
                    .or_else(|| self.sketch(Fate::Approved, slot, office, rng))?;
                let created = sketch.first().map_or(0, |(day, ..)| *day);
                (fate, sketch, created)
            }
        };
        let created_at = self.time(created, rng.gen_range(0..240));
        let mut steps: Vec<Step> = Vec::with_capacity(sketch.len());
        let mut last = created_at;
        for (day, action, actor) in sketch {
            // Same-day steps follow each other by minutes; a system answers within a minute.
            let mut at = self.time(day, rng.gen_range(30..480));
            if at <= last {
                let gap = if actor == Actor::DepartmentSystem {
                    rng.gen_range(1..3)
                } else {
                    rng.gen_range(5..40)
                };
                at = last + Duration::minutes(gap);
            }
            last = at;
            steps.push(Step { action, actor, at });
        }
        let rating = self.rating(fate, last, rng);
        Some(PlannedCase {
            key: Uuid::from_u128(KEY_BASE + n as u128),
            service,
            applicant,
            fate,
            created_at,
            steps,
            rating,
        })
    }

    fn applicant(&self, slot: &ServiceSlot, rng: &mut StdRng) -> Applicant {
        let enterprise = slot.for_enterprises
            && self.inputs.enterprises > 0
            && (!slot.for_citizens || rng.gen_bool(0.5));
        // The demo's own citizen and enterprise (index 0) file a little more than others, so
        // their pages show a history.
        let own = rng.gen_bool(0.01);
        if enterprise {
            Applicant::Enterprise(if own {
                0
            } else {
                rng.gen_range(0..self.inputs.enterprises)
            })
        } else {
            Applicant::Citizen(if own {
                0
            } else {
                rng.gen_range(0..self.inputs.citizens)
            })
        }
    }

    /// 08:30 Beijing time (UTC+8 all year) on the day `back` working days before today, plus
    /// `minutes`.
    fn time(&self, back: usize, minutes: i64) -> DateTime<Utc> {
        let start = self.day(back).and_hms_opt(0, 30, 0).unwrap_or_default();
        start.and_utc() + Duration::minutes(minutes)
    }

    fn day(&self, back: usize) -> NaiveDate {
        self.days[back.min(self.days.len() - 1)]
    }

    fn oldest(&self) -> usize {
        self.days.len() - 1
    }

    /// The promised due date of a case accepted `back` working days ago, its clock never paused.
    fn due_if_accepted(&self, back: usize, slot: &ServiceSlot) -> Option<NaiveDate> {
        match deadline_with_pauses(
            self.inputs.calendar,
            self.day(back),
            slot.promised_days,
            &[],
        ) {
            Ok(Deadline::Due(day)) => Some(day),
            _ => None,
        }
    }

    fn sketch(
        &self,
        fate: Fate,
        slot: &ServiceSlot,
        office: Actor,
        rng: &mut StdRng,
    ) -> Option<(Fate, Sketch)> {
        use Actor::Applicant as A;
        let oldest = self.oldest();
        let sketch = match fate {
            Fate::Draft => Vec::new(),
            Fate::New => vec![(rng.gen_range(0..2), CaseAction::Submit, A)],
            Fate::RefusedAtIntake => {
                let s = rng.gen_range(2..oldest);
                vec![
                    (s, CaseAction::Submit, A),
                    (s - rng.gen_range(0..2), refusal(rng), office),
                ]
            }
            Fate::Withdrawn => {
                let s = rng.gen_range(3..oldest);
                let mut steps = vec![(s, CaseAction::Submit, A)];
                if rng.gen_bool(0.5) {
                    steps.push((s - 1, CaseAction::Accept, office));
                }
                steps.push((s - 2, withdrawal(rng), A));
                steps
            }
            Fate::InReview | Fate::NearDeadline | Fate::Overdue => {
                let today = self.inputs.today;
                let fits = |due: NaiveDate| match fate {
                    Fate::InReview => due >= self.near_until,
                    Fate::NearDeadline => today <= due && due < self.near_until,
                    _ => due < today && due >= self.day(10),
                };
                let accepted: Vec<usize> = (1..oldest.min(45))
                    .filter(|&back| self.due_if_accepted(back, slot).is_some_and(fits))
                    .collect();
                let a = *accepted.get(rng.gen_range(0..accepted.len().max(1)))?;
                vec![
                    (a + rng.gen_range(0..2), CaseAction::Submit, A),
                    (a, CaseAction::Accept, office),
                    (a - rng.gen_range(0..2), CaseAction::StartReview, office),
                ]
            }
            Fate::SupplementRequested | Fate::Resubmitted => {
                let a = rng.gen_range(5..oldest.min(40));
                let asked = a - rng.gen_range(1..3);
                let mut steps = vec![
                    (a + rng.gen_range(0..2), CaseAction::Submit, A),
                    (a, CaseAction::Accept, office),
                    (a, CaseAction::StartReview, office),
                    (asked, supplement(slot, rng), office),
                ];
                if fate == Fate::Resubmitted {
                    steps.push((asked - rng.gen_range(1..3), CaseAction::Resubmit, A));
                }
                steps
            }
            Fate::Approved | Fate::Denied => self.decided(fate, slot, office, rng),
        };
        Some((fate, sketch))
    }

    /// A decided case: intake, review, perhaps a supplement, and the decision, mostly in time.
    fn decided(&self, fate: Fate, slot: &ServiceSlot, office: Actor, rng: &mut StdRng) -> Sketch {
        use Actor::Applicant as A;
        let decision = if fate == Fate::Approved {
            approval(rng)
        } else {
            denial(rng)
        };
        if office == Actor::DepartmentSystem {
            let s = rng.gen_range(1..self.oldest());
            return vec![
                (s, CaseAction::Submit, A),
                (s, CaseAction::Accept, office),
                (s, CaseAction::StartReview, office),
                (s, decision, office),
            ];
        }
        let promised = slot.promised_days.max(1) as usize;
        let intake = rng.gen_range(0..2);
        let supplement_round = rng.gen_bool(0.15).then(|| {
            let asked_after = rng.gen_range(1..4);
            (asked_after, rng.gen_range(1..5))
        });
        let review = if rng.gen_bool(0.1) {
            promised + rng.gen_range(1..4)
        } else {
            rng.gen_range(1..promised + 1)
        };
        let span = intake + review + supplement_round.map_or(0, |(a, b)| a + b);
        let spare = self.oldest().saturating_sub(span + 1).max(1);
        let s = span + 1 + rng.gen_range(0..spare);
        let accepted = s - intake;
        let mut steps = vec![
            (s, CaseAction::Submit, A),
            (accepted, CaseAction::Accept, office),
            (accepted, CaseAction::StartReview, office),
        ];
        let mut cursor = accepted;
        if let Some((asked_after, answered_after)) = supplement_round {
            let asked = cursor - asked_after;
            steps.push((asked, supplement(slot, rng), office));
            cursor = asked - answered_after;
            steps.push((cursor, CaseAction::Resubmit, A));
            // A resubmitted case is reviewed again before its decision.
            steps.push((cursor, CaseAction::StartReview, office));
        }
        let decided = s.saturating_sub(span).min(cursor);
        steps.push((decided, decision, office));
        steps
    }

    fn rating(
        &self,
        fate: Fate,
        decided: DateTime<Utc>,
        rng: &mut StdRng,
    ) -> Option<PlannedRating> {
        if !matches!(fate, Fate::Approved | Fate::Denied) || !rng.gen_bool(0.6) {
            return None;
        }
        let at = decided + Duration::hours(rng.gen_range(2..48));
        if at >= self.inputs.now {
            return None;
        }
        let scores: &[(i32, u32)] = if fate == Fate::Approved {
            &[(5, 60), (4, 25), (3, 8), (2, 4), (1, 3)]
        } else {
            &[(5, 15), (4, 15), (3, 20), (2, 25), (1, 25)]
        };
        let score = pick(rng, scores);
        let comments = match score {
            5 => GOOD,
            3 | 4 => FAIR,
            _ => BAD,
        };
        let comment = comments[rng.gen_range(0..comments.len())];
        let answered = at + Duration::hours(rng.gen_range(20..72));
        let response = (score <= 2 && answered < self.inputs.now && rng.gen_bool(0.75))
            .then(|| (answered, RESPONSES[rng.gen_range(0..RESPONSES.len())]));
        Some(PlannedRating {
            score,
            comment,
            at,
            response,
        })
    }
}

fn pick<T: Copy>(rng: &mut StdRng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for (value, weight) in weighted {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    weighted[0].0
}

fn one_of(rng: &mut StdRng, texts: &[&str]) -> String {
    texts[rng.gen_range(0..texts.len())].to_string()
}

fn refusal(rng: &mut StdRng) -> CaseAction {
    CaseAction::RefuseAtIntake {
        reason: one_of(
            rng,
            &[
                "申请事项不属于本部门职权范围，请向区级部门申请。",
                "申请人已撤销同一事项的在办申请，本次为重复提交。",
            ],
        ),
    }
}

fn withdrawal(rng: &mut StdRng) -> CaseAction {
    CaseAction::Withdraw {
        reason: one_of(
            rng,
            &["计划有变，暂不办理。", "填报信息有误，撤回后重新申请。"],
        ),
    }
}

fn supplement(slot: &ServiceSlot, rng: &mut StdRng) -> CaseAction {
    CaseAction::RequestSupplement {
        items: vec![SupplementItem {
            kind: SupplementKind::Material,
            key: slot.supplement_key.clone(),
            reason: one_of(
                rng,
                &[
                    "上传的材料扫描件不清晰，请重新上传。",
                    "材料缺少签字盖章页，请补充完整。",
                ],
            ),
        }],
        reason: String::new(),
    }
}

fn approval(rng: &mut StdRng) -> CaseAction {
    CaseAction::Approve {
        note: one_of(rng, &["材料齐全，符合法定条件，准予办理。", ""]),
        valid_until: None,
    }
}

fn denial(rng: &mut StdRng) -> CaseAction {
    CaseAction::Deny {
        legal_reason_code: "xzxk-38-2".to_string(),
        explanation: one_of(
            rng,
            &[
                "经审查，申请人不符合法定条件。",
                "现场核查发现经营场所与申报情况不符。",
            ],
        ),
    }
}

const GOOD: &[&str] = &[
    "办理很快，网上全程办结，非常方便！",
    "工作人员很耐心，一次就办好了。",
    "",
];
const FAIR: &[&str] = &[
    "整体顺利，希望进度提醒再及时一些。",
    "还可以，材料要求说明可以更清楚。",
    "",
];
const BAD: &[&str] = &[
    "等了很久没有进度，打电话也没人接。",
    "补正要求没说清楚，来回改了好几次。",
    "不予许可的理由看不懂，希望有人解释。",
];
const RESPONSES: &[&str] = &[
    "已电话联系申请人说明情况，并优化了补正告知模板。",
    "已安排专人复核，并向申请人当面解释了依据。",
];

#[cfg(test)]
mod tests;
