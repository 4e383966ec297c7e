//! Tests of resident IDs, credit codes, phone numbers and e-mail addresses.
use super::*;

#[test]
fn resident_ids_are_normalised_and_reuse_their_error_codes() {
    let def = form(vec![required("id", FieldKind::ResidentId)]);
    assert_eq!(
        text_of(&clean(&def, &[("id", " 11010519491231002x ")]), "id"),
        VALID_ID
    );
    assert_eq!(
        text_of(
            &clean(&def, &[("id", "１１０１０５１９４９１２３１００２ｘ")]),
            "id"
        ),
        VALID_ID
    );
    assert_eq!(
        errors(&def, &[("id", "110105194912310021")]),
        error_list(&[("id", "resident-id-wrong-check-digit")])
    );
    assert_eq!(
        errors(&def, &[("id", "12345")]),
        error_list(&[("id", "resident-id-wrong-length")])
    );
    // Born after the given today.
    assert_eq!(
        errors(&def, &[("id", "110105203001010010")]),
        error_list(&[("id", "resident-id-future-birth-date")])
    );
    assert_eq!(errors(&def, &[]), error_list(&[("id", "form-required")]));
}

#[test]
fn credit_codes_are_upper_cased_and_reuse_their_error_codes() {
    let def = form(vec![required("code", FieldKind::CreditCode)]);
    assert_eq!(
        text_of(&clean(&def, &[("code", "91350100m000100y43")]), "code"),
        VALID_CODE
    );
    assert_eq!(
        errors(&def, &[("code", "91350100M000100Y44")]),
        error_list(&[("code", "credit-code-wrong-check-character")])
    );
    assert_eq!(
        errors(&def, &[("code", "913501")]),
        error_list(&[("code", "credit-code-wrong-length")])
    );
}

#[test]
fn phones_accept_mobiles_and_landlines() {
    let def = form(vec![required("p", FieldKind::Phone)]);
    for (input, stored) in [
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0591-87654321", "0591-87654321"),
        ("059187654321", "0591-87654321"),
        ("(0591) 8765432", "0591-8765432"),
        ("010-62345678", "010-62345678"),
        ("02162345678", "021-62345678"),
        ("０５９１－８７６５４３２１", "0591-87654321"),
    ] {
        assert_eq!(
            text_of(&clean(&def, &[("p", input)]), "p"),
            stored,
            "{input}"
        );
    }
    for bad in [
        "12345",
        "0591-123",
        "0591-12345678",
        "011-62345678",
        "0591-876543210",
        "abc",
        "1380013800",
    ] {
        assert_eq!(
            errors(&def, &[("p", bad)]),
            error_list(&[("p", "form-phone-invalid")]),
            "{bad}"
        );
    }
}

#[test]
fn emails_get_a_simple_sane_check() {
    let def = form(vec![required("e", FieldKind::Email)]);
    assert_eq!(
        text_of(&clean(&def, &[("e", " Zhang.San@Example.COM ")]), "e"),
        "Zhang.San@example.com"
    );
    assert!(validate(&def, &answers(&[("e", "a+b@mail.fz.gov.cn")]), today()).is_ok());
    let long = format!("{}@example.com", "a".repeat(64));
    assert!(validate(&def, &answers(&[("e", &long)]), today()).is_ok());
    let too_long = format!("a@{}.com", "b".repeat(250));
    for bad in [
        "a@b",
        "a b@c.com",
        "a@@b.com",
        "@b.com",
        "a@b..com",
        ".a@b.com",
        "a.@b.com",
        "a@-b.com",
        "a@b.com.",
        "a@b,c.com",
        "a<b>@c.com",
        &too_long,
        "a@.com",
    ] {
        assert_eq!(
            errors(&def, &[("e", bad)]),
            error_list(&[("e", "form-email-invalid")]),
            "{bad}"
        );
    }
}
