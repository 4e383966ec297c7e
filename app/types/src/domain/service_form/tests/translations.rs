//! Tests that every error code is translated and reads as a sentence.
use super::*;

fn ftl_ids(ftl: &str) -> BTreeSet<&str> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

#[test]
fn every_error_code_is_translated_in_both_languages() {
    let zh = ftl_ids(include_str!("../../../../../locales/zh-CN/forms.ftl"));
    let en = ftl_ids(include_str!("../../../../../locales/en/forms.ftl"));
    assert_eq!(
        zh.symmetric_difference(&en).collect::<Vec<_>>(),
        Vec::<&&str>::new()
    );
    let codes: BTreeSet<&str> = ERROR_CODES.iter().copied().collect();
    assert_eq!(codes.len(), ERROR_CODES.len(), "codes are listed once");
    for code in ERROR_CODES {
        assert!(code.starts_with("form-"), "{code}");
        assert!(zh.contains(code), "zh-CN lacks {code}");
        assert!(en.contains(code), "en lacks {code}");
    }
    // The messages with arguments use them in both languages.
    for (code, arg) in [
        (code::TOO_LONG, "max"),
        (code::NUMBER_BELOW_MIN, "min"),
        (code::NUMBER_ABOVE_MAX, "max"),
        (code::DATE_BEFORE_MIN, "date"),
        (code::DATE_AFTER_MAX, "date"),
        (code::TOO_FEW_SELECTED, "min"),
        (code::TOO_MANY_SELECTED, "max"),
        (code::TOO_MANY_FILES, "max"),
        (code::TOO_FEW_ROWS, "min"),
        (code::TOO_MANY_ROWS, "max"),
    ] {
        for ftl in [
            include_str!("../../../../../locales/zh-CN/forms.ftl"),
            include_str!("../../../../../locales/en/forms.ftl"),
        ] {
            let line = ftl
                .lines()
                .find(|l| l.starts_with(&format!("{code} =")))
                .unwrap();
            assert!(line.contains(&format!("{{ ${arg} }}")), "{line}");
        }
    }
}

/// The loader merges every `.ftl` file of a language, so an id defined twice would clash.
#[test]
fn form_messages_do_not_clash_with_other_translation_files() {
    for locale in ["zh-CN", "en"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../locales")
            .join(locale);
        let forms = std::fs::read_to_string(dir.join("forms.ftl")).unwrap();
        let ours = ftl_ids(&forms);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let is_other_ftl = path.extension().is_some_and(|e| e == "ftl")
                && path.file_name().is_some_and(|n| n != "forms.ftl");
            if is_other_ftl {
                let other = std::fs::read_to_string(&path).unwrap();
                let theirs = ftl_ids(&other);
                let clash: Vec<&&str> = ours.intersection(&theirs).collect();
                assert!(
                    clash.is_empty(),
                    "{} also defines {clash:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn errors_read_as_sentences_in_both_languages() {
    use crate::i18n::Locale;
    let def = form(vec![required("name", short(5))]);
    let error = only_error(&def, &[("name", "abcdef")]);
    assert_eq!(error.message(Locale::En), "Enter 5 characters or fewer.");
    assert_eq!(error.message(Locale::ZhCn), "最多 5 个字。");
    let def = form(vec![required("d", date(Some(DateRule::Today), None))]);
    let error = only_error(&def, &[("d", "2026-03-01")]);
    assert_eq!(
        error.message(Locale::En),
        "Enter a date on or after 2026-03-15."
    );
}
