//! The cloud marketplace (云市场): vendors, listings and their reviews, the SME catalogue,
//! voucher programmes, orders and subscriptions. Every state change writes its append-only
//! event (and ledger row, and vendor operation) in the transaction of the change.
pub mod admin;
pub mod billing;
pub mod catalogue;
pub mod changes;
pub mod clock;
pub mod demo;
pub mod listings;
pub mod metering;
pub mod orders;
pub(crate) mod pricing;
pub mod provisioning;
pub mod ratings;
pub mod reconciliation;
pub mod sso;
pub mod statements;
pub mod subscription_pages;
pub mod subscriptions;
pub mod vendor_systems;
pub mod vendors;
pub mod vouchers;

use crate::error::InternalError;
use portal_types::domain::forms::FieldError;
use thiserror::Error;

/// Why a marketplace action did not happen. `Refused` carries the translation key of the
/// rule that said no (shown to people, and a machine-readable code for peers).
#[derive(Debug, Error)]
pub enum MarketError {
    #[error("not found")]
    NotFound,
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for MarketError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl MarketError {
    /// The error as field errors for a form echo (a refusal is about the whole form).
    pub fn field_errors(&self) -> Option<Vec<FieldError>> {
        match self {
            Self::Invalid(errors) => Some(errors.clone()),
            Self::Refused(key) => Some(vec![FieldError::new("", key)]),
            _ => None,
        }
    }
}

pub type MarketResult<T> = Result<T, MarketError>;
