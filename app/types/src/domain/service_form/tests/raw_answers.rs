//! Tests of raw answers: posted pairs, paths and bounds.
use super::*;

#[test]
fn from_pairs_keeps_only_answer_paths() {
    let raw = answers(&[
        ("csrf_token", "t"),
        ("idempotency_key", "k"),
        ("action", "submit"),
        ("wallet_fields", "id_card"),
        ("name", "张三"),
        ("scope", "a"),
        ("scope", "b"),
        ("home.district", "350102"),
        ("members.0.name", "李四"),
        ("members.10.home.detail", "x"),
        ("Name", "x"),
        ("name ", "x"),
        ("a..b", "x"),
        (".a", "x"),
        ("members.01.name", "x"),
        ("members.1000.name", "x"),
        ("members.-1.name", "x"),
        ("home.street", "x"),
        ("wallet.id_card", UUID_A),
        ("a.0.b.c.d", "x"),
        ("名字", "x"),
        ("", "x"),
    ]);
    assert_eq!(
        raw.0.keys().map(String::as_str).collect::<Vec<_>>(),
        vec![
            "home.district",
            "members.0.name",
            "members.10.home.detail",
            "name",
            "scope"
        ]
    );
    assert_eq!(raw.get("scope"), "a");
    assert_eq!(raw.all("scope"), ["a", "b"]);
    assert_eq!(raw.get("missing"), "");
    assert!(raw.all("missing").is_empty());
    assert_eq!(raw.rows("members"), 11);
    assert_eq!(raw.rows("name"), 0);
    assert_eq!(raw.pairs().count(), 6);
}

#[test]
fn from_pairs_bounds_memory() {
    let many = (0..RawAnswers::MAX_PAIRS + 50).map(|i| ("scope".to_string(), i.to_string()));
    assert_eq!(
        RawAnswers::from_pairs(many).all("scope").len(),
        RawAnswers::MAX_PAIRS
    );
    // Ignored names do not count against the limit.
    let noise = (0..5000).map(|_| ("csrf_token".to_string(), "x".to_string()));
    let raw = RawAnswers::from_pairs(noise.chain([("name".to_string(), "张三".to_string())]));
    assert_eq!(raw.get("name"), "张三");

    let huge = "字".repeat(RawAnswers::MAX_VALUE_CHARS + 500);
    let raw = RawAnswers::from_pairs([("story".to_string(), huge)]);
    assert_eq!(
        raw.get("story").chars().count(),
        RawAnswers::MAX_VALUE_CHARS + 1
    );
    // So the longest allowed text still gets "too long" rather than being silently cut.
    let def = form(vec![required(
        "story",
        FieldKind::LongText { max_chars: 20_000 },
    )]);
    assert_eq!(
        validate(&def, &raw, today()).unwrap_err()[0].code,
        "form-too-long"
    );
}

#[test]
fn raw_answers_serialise_as_a_plain_map() {
    let raw = answers(&[("name", "张三"), ("scope", "a"), ("scope", "b")]);
    let json = serde_json::to_string(&raw).unwrap();
    assert_eq!(json, r#"{"name":["张三"],"scope":["a","b"]}"#);
    assert_eq!(serde_json::from_str::<RawAnswers>(&json).unwrap(), raw);
}

#[test]
fn known_answers_drop_paths_the_form_does_not_have() {
    let def = members_form(0, 3);
    let raw = answers(&[
        ("applicant", "王五"),
        ("members.0.name", "张三"),
        ("members.0.age", "3"),
        ("other", "x"),
        ("applicant.detail", "x"),
    ]);
    let known = def.known_answers(&raw);
    assert_eq!(
        known.0.keys().map(String::as_str).collect::<Vec<_>>(),
        vec!["applicant", "members.0.name"]
    );
}

#[test]
fn field_at_resolves_paths() {
    let def = form(vec![
        required("home", FieldKind::Address),
        optional(
            "members",
            group(
                vec![
                    required("name", short(10)),
                    optional("addr", FieldKind::Address),
                ],
                0,
                3,
            ),
        ),
    ]);
    assert_eq!(
        def.field_at("home.detail").map(|f| f.key.as_str()),
        Some("home")
    );
    assert_eq!(
        def.field_at("members.3.name").map(|f| f.key.as_str()),
        Some("name")
    );
    assert_eq!(
        def.field_at("members.3.addr.district")
            .map(|f| f.key.as_str()),
        Some("addr")
    );
    assert!(def.field_at("members.3.name.detail").is_none());
    assert!(def.field_at("home.0.name").is_none());
    assert!(def.field_at("members.name").is_none());
}

#[test]
fn known_answers_keep_one_value_per_scalar_path_cut_at_the_fields_limit() {
    let def = form(vec![
        required("applicant", short(5)),
        optional("scope", multi(&["a", "b"], None, None)),
        optional("home", FieldKind::Address),
    ]);
    let long_detail = "路".repeat(500);
    let raw = answers(&[
        ("applicant", "张三"),
        ("applicant", "李四"),
        ("applicant", "王五"),
        ("scope", "a"),
        ("scope", "a"),
        ("scope", "b"),
        ("scope", "x"),
        ("scope", "y"),
        ("home.detail", &long_detail),
    ]);
    let known = def.known_answers(&raw);
    assert_eq!(known.all("applicant"), ["张三"]);
    // Distinct values, at most one more than the options (so a stray one is still reported).
    assert_eq!(known.all("scope"), ["a", "b", "x"]);
    assert_eq!(known.get("home.detail").chars().count(), 201);
    assert!(known.total_bytes() < 1000);
}

#[test]
fn known_answers_drop_rows_beyond_one_past_the_groups_maximum() {
    let def = members_form(0, 2);
    let raw = answers(&[
        ("members.0.name", "甲"),
        ("members.2.name", "丙"),
        ("members.3.name", "丁"),
        ("members.999.name", "x"),
    ]);
    let known = def.known_answers(&raw);
    assert_eq!(
        known.0.keys().map(String::as_str).collect::<Vec<_>>(),
        vec!["members.0.name", "members.2.name"]
    );
}
