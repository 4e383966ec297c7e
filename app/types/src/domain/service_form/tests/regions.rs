//! Tests of the district table.
use super::*;

#[test]
fn districts_have_full_names() {
    let gulou = district("350102").unwrap();
    assert_eq!((gulou.province_code, gulou.city_code), ("350000", "350100"));
    assert_eq!(
        gulou.full_name(),
        Text::new("福建省福州市鼓楼区", "Gulou District, Fuzhou, Fujian")
    );
    assert_eq!(
        gulou.group_label(),
        Text::new("福建省 福州市", "Fuzhou, Fujian")
    );
    let chaoyang = district("110105").unwrap();
    assert_eq!(
        chaoyang.full_name(),
        Text::new("北京市朝阳区", "Chaoyang District, Beijing")
    );
    assert_eq!(chaoyang.group_label(), Text::new("北京市", "Beijing"));
    assert_eq!(
        district("310115").unwrap().name,
        Text::new("浦东新区", "Pudong New Area")
    );
    assert!(district("350100").is_none());
    assert!(district("350000").is_none());
    assert!(district("").is_none());
}

#[test]
fn the_region_table_is_consistent_and_grouped() {
    let all: Vec<District> = districts().collect();
    assert!(all.len() >= 15);
    let codes: BTreeSet<&str> = all.iter().map(|d| d.code).collect();
    assert_eq!(codes.len(), all.len(), "codes are unique");
    for d in &all {
        assert!(
            d.code.len() == 6 && d.code.bytes().all(|b| b.is_ascii_digit()),
            "{}",
            d.code
        );
        assert!(!d.code.ends_with("00"), "{} is not a district", d.code);
        assert_eq!(&d.code[..2], &d.province_code[..2]);
        assert_eq!(&d.code[..4], &d.city_code[..4]);
        assert_eq!(district(d.code).as_ref(), Some(d));
    }
    // Each city's districts come together, so one <optgroup> per city suffices.
    let mut seen: Vec<&str> = Vec::new();
    for d in &all {
        if seen.last() != Some(&d.city_code) {
            assert!(!seen.contains(&d.city_code), "{} is split", d.city_code);
            seen.push(d.city_code);
        }
    }
    for code in [
        "350102", "350103", "350104", "350111", "350203", "350206", "110101", "110102", "110105",
        "310101", "310104", "310115",
    ] {
        assert!(codes.contains(code), "{code}");
    }
}
