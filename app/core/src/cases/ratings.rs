//! 好差评: one rating per decided case by its applicant; 1–2 stars open a follow-up for the
//! department's supervisor, closed with a response the applicant reads on the case page.
use super::{reach_condition, CaseError};
use crate::error::InternalError;
use portal_types::domain::case_lifecycle::CaseState;
use sqlx::PgPool;
use uuid::Uuid;

pub const MAX_COMMENT_CHARS: usize = 1000;
/// Ratings at or below this open a follow-up.
pub const BAD_RATING: i32 = 2;

pub use portal_types::views::cases::RatingView;

/// Why a rating was refused (each a Fluent id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("choose 1 to 5 stars")]
    ScoreOutOfRange,
    #[error("the comment is too long")]
    CommentTooLong,
    #[error("only a decided case can be rated")]
    NotDecided,
    #[error("the case is already rated")]
    AlreadyRated,
}

impl RatingError {
    pub fn code(self) -> &'static str {
        match self {
            Self::ScoreOutOfRange => "rating-score-invalid",
            Self::CommentTooLong => "rating-comment-too-long",
            Self::NotDecided => "rating-not-decided",
            Self::AlreadyRated => "rating-already",
        }
    }
}

/// Parses a posted score and comment.
pub fn parse(score: &str, comment: &str) -> Result<(i32, String), RatingError> {
    let score = score
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or(RatingError::ScoreOutOfRange)?;
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(RatingError::CommentTooLong);
    }
    Ok((score, comment.to_string()))
}

/// Whether a case in `state` can be rated: after a decision (not after a withdrawal).
pub fn rateable(state: CaseState) -> bool {
    matches!(
        state,
        CaseState::Approved | CaseState::Denied | CaseState::RefusedAtIntake
    )
}

pub enum RateOutcome {
    Rated,
    Refused(RatingError),
}

/// Records the applicant's rating; a bad one opens a follow-up for the department, in the same
/// transaction.
pub async fn rate(
    pool: &PgPool,
    account_id: Uuid,
    case_id: Uuid,
    score: i32,
    comment: &str,
) -> Result<RateOutcome, CaseError> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "select c.state, c.department_code from cases c where c.id = $1 and {} for update of c",
        reach_condition(2, 3, 4)
    );
    let (state, department): (String, String) = sqlx::query_as(&sql)
        .bind(case_id)
        .bind("applicant")
        .bind(account_id)
        .bind(Option::<String>::None)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CaseError::NotFound)?;
    if !CaseState::parse(&state).is_some_and(rateable) {
        return Ok(RateOutcome::Refused(RatingError::NotDecided));
    }
    let inserted = sqlx::query(
        "insert into ratings (case_id, account_id, score, comment) values ($1, $2, $3, $4)
         on conflict (case_id) do nothing",
    )
    .bind(case_id)
    .bind(account_id)
    .bind(score)
    .bind(comment)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(RateOutcome::Refused(RatingError::AlreadyRated));
    }
    if score <= BAD_RATING {
        sqlx::query("insert into rating_followups (case_id, department_code) values ($1, $2)")
            .bind(case_id)
            .bind(&department)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(RateOutcome::Rated)
}

/// The rating of a case, with its follow-up, for the case page.
pub async fn of_case(pool: &PgPool, case_id: Uuid) -> Result<Option<RatingView>, InternalError> {
    let row: Option<(i32, String, Option<bool>, Option<String>)> = sqlx::query_as(
        "select r.score, r.comment, f.case_id is not null, f.response
         from ratings r left join rating_followups f on f.case_id = r.case_id
         where r.case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(score, comment, has_followup, response)| RatingView {
            score,
            comment,
            followup: has_followup.unwrap_or(false).then_some(response),
        }),
    )
}

/// A supervisor of the case's department closes its open follow-up with a response.
/// Returns false when there is no open follow-up of that department for the case.
pub async fn close_followup(
    pool: &PgPool,
    supervisor_id: Uuid,
    department_code: &str,
    case_id: Uuid,
    response: &str,
) -> Result<bool, InternalError> {
    let response = response.trim();
    if response.is_empty() {
        return Ok(false);
    }
    let closed = sqlx::query(
        "update rating_followups set response = $4, closed_by = $2, closed_at = now()
         where case_id = $1 and department_code = $3 and closed_at is null
           and exists (select 1 from accounts where id = $2 and role = 'supervisor'
                       and department_code = $3 and not disabled)",
    )
    .bind(case_id)
    .bind(supervisor_id)
    .bind(department_code)
    .bind(response)
    .execute(pool)
    .await?;
    Ok(closed.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_one_to_five_and_comments_bounded() {
        assert_eq!(parse("5", " 很好 "), Ok((5, "很好".to_string())));
        assert_eq!(parse("1", ""), Ok((1, String::new())));
        for bad in ["0", "6", "", "abc", "3.5", "-1"] {
            assert_eq!(parse(bad, ""), Err(RatingError::ScoreOutOfRange), "{bad}");
        }
        assert_eq!(
            parse("4", &"好".repeat(MAX_COMMENT_CHARS + 1)),
            Err(RatingError::CommentTooLong)
        );
    }

    #[test]
    fn only_decisions_can_be_rated() {
        assert!(rateable(CaseState::Approved));
        assert!(rateable(CaseState::Denied));
        assert!(rateable(CaseState::RefusedAtIntake));
        assert!(!rateable(CaseState::Withdrawn));
        assert!(!rateable(CaseState::InReview));
        assert!(!rateable(CaseState::Draft));
    }
}
