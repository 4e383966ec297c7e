//! What a department system can learn about its own services before it goes live: the form
//! paths a supplement request may name and the legal grounds a denial may give
//! (`GET {portal}/api/v1/services`, signed).
use serde::{Deserialize, Serialize};

/// 200 answer to `GET /api/v1/services`: the sender's services, by code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceList {
    pub protocol: String,
    pub services: Vec<ServiceInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceInfo {
    /// `CasePayload.service_code`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// The form version new cases are filed on (a case keeps the version it was filed on).
    pub form_version: i32,
    /// Every path of the form: the keys of `answers` and the `field` of attachments.
    pub paths: Vec<FormPath>,
    /// The codes `denial_ground` may take for this service.
    pub denial_grounds: Vec<String>,
}

/// One path of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormPath {
    /// A top-level key (`details`), a group member with its row (`members.{row}.name`, row
    /// from 0), or an address half (`address.district`, `address.detail`).
    pub path: String,
    /// `short_text`, `long_text`, `number`, `date`, `single_choice`, `multi_choice`,
    /// `resident_id`, `credit_code`, `phone`, `email`, `address`, `file` (a material) or
    /// `group`.
    pub kind: String,
    pub required: bool,
    pub label_zh: String,
    /// Filled by the portal from verified base data whenever the applicant has it: such a
    /// path cannot be asked for in a supplement (422 `supplement_path_not_changeable`).
    pub prefilled: bool,
}
