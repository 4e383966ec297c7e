//! Which answer paths a supplement request (补正) may name. The applicant can only change what
//! the request names, so a path the form does not have, or a verified field the server fills
//! in and locks, would leave the case waiting for an answer nobody can give.
use super::FormDefinition;

/// Why a supplement request may not name a path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SupplementPathError {
    #[error("`{0}` is not a field or material of this form")]
    Unknown(String),
    #[error("`{0}` is verified data the applicant cannot change")]
    NotChangeable(String),
}

impl SupplementPathError {
    /// Machine-readable code (the protocol's error code).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unknown(_) => "unknown_supplement_path",
            Self::NotChangeable(_) => "supplement_path_not_changeable",
        }
    }

    /// The offending path.
    pub fn path(&self) -> &str {
        match self {
            Self::Unknown(path) | Self::NotChangeable(path) => path,
        }
    }
}

impl FormDefinition {
    /// Checks one path of a supplement request: it must name a field of this form (a whole
    /// field, a group row's member or an address half), and its top-level field must not be
    /// one of `locked` (the keys of verified fields the server prefilled for this applicant).
    pub fn check_supplement_path(
        &self,
        path: &str,
        locked: &[String],
    ) -> Result<(), SupplementPathError> {
        if self.field_at(path).is_none() {
            return Err(SupplementPathError::Unknown(path.to_string()));
        }
        let top = path.split('.').next().unwrap_or(path);
        if locked.iter().any(|key| key == top) {
            return Err(SupplementPathError::NotChangeable(path.to_string()));
        }
        Ok(())
    }
}
