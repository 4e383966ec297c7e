//! The counter check form (窗口核验): a clerk or supervisor, with the person and their identity
//! document in front of them, types the document's ID number and the mobile of the person's
//! account, and attests that they checked the document.
use super::{answer, Answers, Errors};
use crate::domain::forms::FieldError;
use crate::domain::mobile::MobileNumber;
use crate::domain::resident_id::ResidentId;

#[derive(Debug)]
pub struct CounterCheck {
    pub id_number: ResidentId,
    pub mobile: MobileNumber,
    /// The person says the account holding their ID number under another mobile is not
    /// theirs: freeze it and free the number.
    pub reclaim: bool,
}

impl CounterCheck {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let id_number = errors.check(
            "id_number",
            ResidentId::parse(answer(answers, "id_number")).map_err(|e| e.code()),
        );
        let mobile = errors.check(
            "mobile",
            MobileNumber::parse(answer(answers, "mobile")).map_err(|e| e.code()),
        );
        let attested = errors.check(
            "document_checked",
            match answer(answers, "document_checked") {
                "yes" => Ok(()),
                _ => Err("counter-document-unchecked"),
            },
        );
        let value = match (id_number, mobile, attested) {
            (Some(id_number), Some(mobile), Some(())) => Some(Self {
                id_number,
                mobile,
                reclaim: answer(answers, "reclaim") == "yes",
            }),
            _ => None,
        };
        errors.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_clerk_must_attest_the_document_was_checked() {
        let mut form = answers(&[
            ("id_number", "11010519491231002X"),
            ("mobile", "13800138000"),
        ]);
        let errors = CounterCheck::parse(&form).expect_err("not attested");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "document_checked");
        assert_eq!(errors[0].code, "counter-document-unchecked");
        form.insert("document_checked".into(), "yes".into());
        let check = CounterCheck::parse(&form).expect("valid");
        assert_eq!(check.mobile.as_str(), "13800138000");
        form.insert("id_number".into(), "110105194912310021".into());
        let errors = CounterCheck::parse(&form).expect_err("check digit");
        assert_eq!(errors[0].field, "id_number");
    }
}
