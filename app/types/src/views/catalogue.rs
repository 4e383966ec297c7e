//! The service catalogue: summaries, facets and guides.
use crate::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Citizen,
    Enterprise,
    Both,
}
impl Audience {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "citizen" => Some(Self::Citizen),
            "enterprise" => Some(Self::Enterprise),
            "both" => Some(Self::Both),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Citizen => "citizen",
            Self::Enterprise => "enterprise",
            Self::Both => "both",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::Citizen => "audience-citizen",
            Self::Enterprise => "audience-enterprise",
            Self::Both => "audience-both",
        }
    }
}
/// What the catalogue page filters by; every part optional. Comes from the query string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogueFilter {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
}
impl CatalogueFilter {
    /// The search terms: whitespace separated, at most 8, each at most 40 characters.
    pub fn terms(&self) -> Vec<String> {
        self.q
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .take(8)
            .map(|t| t.chars().take(40).collect::<String>().to_lowercase())
            .collect()
    }

    pub fn audience(&self) -> Option<Audience> {
        self.audience.as_deref().and_then(Audience::parse)
    }

    fn non_empty(value: &Option<String>) -> Option<&str> {
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    pub fn topic(&self) -> Option<&str> {
        Self::non_empty(&self.topic)
    }

    pub fn department(&self) -> Option<&str> {
        Self::non_empty(&self.department)
    }
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub code: String,
    pub department_code: String,
    pub department: Text,
    pub audience: Audience,
    pub name: Text,
    pub summary: Text,
    pub promised_days: i32,
    pub statutory_days: i32,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub code: String,
    pub audience: Audience,
    pub name: Text,
    pub service_count: i64,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub name: Text,
    pub description: Text,
    pub service_count: i64,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub topics: Vec<Topic>,
    pub departments: Vec<Department>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Material {
    pub name: Text,
    /// original | copy | original_and_copy | electronic
    pub form: String,
    pub copies: i32,
    pub ecert_substitutes: bool,
    pub note: Text,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub title: Text,
    pub detail: Text,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceGuide {
    pub summary: ServiceSummary,
    pub description: Text,
    pub legal_basis: Text,
    pub fee_yuan: String,
    pub fee_note: Text,
    pub topics: Vec<Topic>,
    pub materials: Vec<Material>,
    pub steps: Vec<Step>,
    /// The real-name level an applicant must hold to submit.
    pub required_level: crate::domain::real_name::RealNameLevel,
}
