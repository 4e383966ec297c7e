//! A small built-in table of county-level divisions (区县) for address answers, with
//! GB/T 2260 codes. An address answer stores the six-digit district code; province and city
//! follow from the code (`35 01 02` → province `350000`, city `350100`).
//!
//! Municipalities (北京, 上海) have the city-level code `xx0100` (市辖区 in GB/T 2260); it is
//! shown with the municipality's own name so that `<optgroup>` labels and full names read
//! naturally ("北京市东城区", not "北京市市辖区东城区").
//!
//! The table is deliberately small (the portal's own region plus a few others); it is ordered
//! by province, then city, then district, so [`districts`] yields each city's districts together.
use crate::Text;

/// (code, Chinese name, English name), for provinces and cities.
type Row = (&'static str, &'static str, &'static str);

const PROVINCES: &[Row] = &[
    ("350000", "福建省", "Fujian"),
    ("110000", "北京市", "Beijing"),
    ("310000", "上海市", "Shanghai"),
];

const CITIES: &[Row] = &[
    ("350100", "福州市", "Fuzhou"),
    ("350200", "厦门市", "Xiamen"),
    ("350500", "泉州市", "Quanzhou"),
    ("110100", "北京市", "Beijing"),
    ("310100", "上海市", "Shanghai"),
];

const DISTRICTS: &[Row] = &[
    ("350102", "鼓楼区", "Gulou District"),
    ("350103", "台江区", "Taijiang District"),
    ("350104", "仓山区", "Cangshan District"),
    ("350105", "马尾区", "Mawei District"),
    ("350111", "晋安区", "Jin'an District"),
    ("350112", "长乐区", "Changle District"),
    ("350203", "思明区", "Siming District"),
    ("350205", "海沧区", "Haicang District"),
    ("350206", "湖里区", "Huli District"),
    ("350211", "集美区", "Jimei District"),
    ("350212", "同安区", "Tong'an District"),
    ("350213", "翔安区", "Xiang'an District"),
    ("350502", "鲤城区", "Licheng District"),
    ("350503", "丰泽区", "Fengze District"),
    ("350504", "洛江区", "Luojiang District"),
    ("350505", "泉港区", "Quangang District"),
    ("110101", "东城区", "Dongcheng District"),
    ("110102", "西城区", "Xicheng District"),
    ("110105", "朝阳区", "Chaoyang District"),
    ("110106", "丰台区", "Fengtai District"),
    ("110107", "石景山区", "Shijingshan District"),
    ("110108", "海淀区", "Haidian District"),
    ("310101", "黄浦区", "Huangpu District"),
    ("310104", "徐汇区", "Xuhui District"),
    ("310105", "长宁区", "Changning District"),
    ("310106", "静安区", "Jing'an District"),
    ("310107", "普陀区", "Putuo District"),
    ("310115", "浦东新区", "Pudong New Area"),
];

/// One county-level division with its province and city.
#[derive(Clone, Debug, PartialEq)]
pub struct District {
    /// Six-digit GB/T 2260 code, e.g. `350102`.
    pub code: &'static str,
    /// e.g. `350000`.
    pub province_code: &'static str,
    /// e.g. `350100`.
    pub city_code: &'static str,
    pub province: Text,
    pub city: Text,
    pub name: Text,
}

impl District {
    /// The whole name, e.g. 福建省福州市鼓楼区 / "Gulou District, Fuzhou, Fujian";
    /// a municipality is named once: 北京市东城区 / "Dongcheng District, Beijing".
    pub fn full_name(&self) -> Text {
        if self.is_in_municipality() {
            Text::new(
                format!("{}{}", self.province.zh, self.name.zh),
                format!("{}, {}", self.name.en, self.province.en),
            )
        } else {
            Text::new(
                format!("{}{}{}", self.province.zh, self.city.zh, self.name.zh),
                format!("{}, {}, {}", self.name.en, self.city.en, self.province.en),
            )
        }
    }

    /// The label for an `<optgroup>` holding this district's city, e.g. 福建省 福州市.
    pub fn group_label(&self) -> Text {
        if self.is_in_municipality() {
            self.province.clone()
        } else {
            Text::new(
                format!("{} {}", self.province.zh, self.city.zh),
                format!("{}, {}", self.city.en, self.province.en),
            )
        }
    }

    fn is_in_municipality(&self) -> bool {
        self.province.zh == self.city.zh
    }
}

fn lookup(table: &[Row], code: &str) -> Option<Text> {
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| Text::new(*zh, *en))
}

fn build(&(code, zh, en): &Row) -> Option<District> {
    let province_code = PROVINCES
        .iter()
        .map(|(c, _, _)| *c)
        .find(|c| c.get(..2) == code.get(..2))?;
    let city_code = CITIES
        .iter()
        .map(|(c, _, _)| *c)
        .find(|c| c.get(..4) == code.get(..4))?;
    Some(District {
        code,
        province_code,
        city_code,
        province: lookup(PROVINCES, province_code)?,
        city: lookup(CITIES, city_code)?,
        name: Text::new(zh, en),
    })
}

/// Every district, grouped by province and city (in table order).
pub fn districts() -> impl Iterator<Item = District> {
    DISTRICTS.iter().filter_map(build)
}

/// The district with this six-digit code, if the table has it.
pub fn district(code: &str) -> Option<District> {
    DISTRICTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .and_then(build)
}
