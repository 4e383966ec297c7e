//! Tests of address answers (district and street detail).
use super::*;

#[test]
fn an_address_is_a_known_district_and_a_street_detail() {
    let def = form(vec![required("home", FieldKind::Address)]);
    let result = clean(
        &def,
        &[
            ("home.district", "350102"),
            ("home.detail", " 五一北路 1 号 "),
        ],
    );
    let address = result.get("home").and_then(CleanValue::as_address).unwrap();
    assert_eq!(
        address,
        &AddressAnswer {
            district: "350102".into(),
            detail: "五一北路 1 号".into()
        }
    );
    assert_eq!(address.full_text().zh, "福建省福州市鼓楼区五一北路 1 号");
    assert_eq!(
        address.full_text().en,
        "五一北路 1 号, Gulou District, Fuzhou, Fujian"
    );
}

#[test]
fn address_errors_name_the_half_that_is_wrong() {
    let def = form(vec![required("home", FieldKind::Address)]);
    assert_eq!(
        errors(&def, &[]),
        error_list(&[
            ("home.district", "form-address-district-required"),
            ("home.detail", "form-address-detail-required"),
        ])
    );
    assert_eq!(
        errors(&def, &[("home.district", "999999"), ("home.detail", "x")]),
        error_list(&[("home.district", "form-address-district-invalid")])
    );
    // A province or city code is not a district.
    assert_eq!(
        errors(&def, &[("home.district", "350100"), ("home.detail", "x")]),
        error_list(&[("home.district", "form-address-district-invalid")])
    );
    let long = "路".repeat(MAX_ADDRESS_DETAIL_CHARS + 1);
    let error = only_error(&def, &[("home.district", "350102"), ("home.detail", &long)]);
    assert_eq!(
        (error.field.as_str(), error.code.as_str()),
        ("home.detail", "form-too-long")
    );
    assert_eq!(error.args["max"], "200");
}

#[test]
fn an_optional_address_half_filled_in_needs_the_other_half() {
    let def = form(vec![optional("home", FieldKind::Address)]);
    assert_eq!(
        errors(&def, &[("home.detail", "五一北路 1 号")]),
        error_list(&[("home.district", "form-address-district-required")])
    );
    assert_eq!(
        errors(&def, &[("home.district", "110105")]),
        error_list(&[("home.detail", "form-address-detail-required")])
    );
}
