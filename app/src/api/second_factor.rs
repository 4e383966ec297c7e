//! The staff second factor's enrolment (the QR code to scan) and new staff's enrolment links.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{internal, state};

/// What an authenticator app needs: the QR code, and the secret to type in where no camera
/// can scan it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecondFactorEnrolment {
    pub qr_svg: String,
    /// Base32, in groups of four for typing.
    pub secret: String,
}

/// The enrolment of the account whose password this session has just proven; 404 when there
/// is none to make (no such step in progress, or already enrolled).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "login/second-factor/enrolment")]
pub async fn load_second_factor_enrolment() -> Result<SecondFactorEnrolment, ApiError> {
    use crate::core::identity::{second_factor, totp};
    let state = state()?;
    let pending = crate::page_context::current()
        .second_factor
        .ok_or(ApiError::NotFound)?;
    let enrolment = second_factor::begin_enrolment(&state.pool, pending.account_id)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)?;
    let uri = totp::provisioning_uri("一网通办", &enrolment.username, &enrolment.secret);
    let qr_svg = second_factor::qr_svg(&uri).ok_or_else(|| internal("QR code"))?;
    let plain = totp::base32(&enrolment.secret);
    let secret = plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(SecondFactorEnrolment { qr_svg, secret })
}

/// The username a working enrolment link is for; 404 for a used, expired or unknown link.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "enrol/link")]
pub async fn load_enrolment_link(token: String) -> Result<String, ApiError> {
    let state = state()?;
    crate::core::identity::enrolment_link::holder(&state.pool, &token)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)
}
