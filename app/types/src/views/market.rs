//! The cloud marketplace as its pages see it: the SME's catalogue, product, compare and order
//! pages, "my cloud services", the vendor console and the operator's reviews and programmes.
use crate::domain::market::listing::{FieldChange, ListingContent};
use crate::domain::market::subscription::SubscriptionState;
use crate::domain::market::subsidy::{MonthlyCost, PriceBreakdown};
use crate::domain::market::Category;
use crate::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many products side by side.
pub const MAX_COMPARE: usize = 4;
/// Lists never grow without bound.
pub const LIST_LIMIT: i64 = 200;

/// What the marketplace catalogue filters by; every part optional, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketFilter {
    pub q: Option<String>,
    pub category: Option<String>,
    /// Per seat per month, in yuan (whole yuan; the form's inputs).
    pub min_price: Option<String>,
    pub max_price: Option<String>,
    pub trial: bool,
    /// At least this 等保 level.
    pub mlps: Option<String>,
    pub voucher: bool,
}

impl MarketFilter {
    /// Lower-cased search words, at most 8, each at most 32 characters (bounded work).
    pub fn terms(&self) -> Vec<String> {
        self.q
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .take(8)
            .map(|t| t.chars().take(32).collect::<String>().to_lowercase())
            .collect()
    }

    pub fn category(&self) -> Option<Category> {
        self.category.as_deref().and_then(Category::parse)
    }

    /// A price bound in fen; unreadable input is ignored rather than refused (a filter).
    pub fn price_fen(value: &Option<String>) -> Option<i64> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|v| (0..=100_000_000).contains(v))
            .map(|yuan| yuan * 100)
    }

    pub fn mlps_level(&self) -> Option<i16> {
        self.mlps
            .as_deref()
            .and_then(|v| v.parse::<i16>().ok())
            .filter(|l| (1..=4).contains(l))
    }
}

/// One product in the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub listing_id: Uuid,
    pub category: Category,
    pub name: Text,
    pub summary: Text,
    pub vendor_name: String,
    pub mlps_level: i16,
    pub min_month_fen: i64,
    pub has_trial: bool,
    /// The best subsidy an open programme gives this category, if any.
    pub subsidy_bp: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketCatalogue {
    pub filter: MarketFilter,
    pub categories: Vec<(Category, i64)>,
    pub products: Vec<ProductCard>,
}

/// The vendor as an SME sees it on a product page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorFacts {
    pub name: String,
    pub mlps_level: i16,
    pub data_in_mainland: bool,
    pub crypto_assessed: bool,
}

/// A published product: its approved version, the vendor, the subsidy an open programme
/// gives its category, and whether new orders are taken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub listing_id: Uuid,
    pub version: i32,
    pub content: ListingContent,
    pub vendor: VendorFacts,
    pub suspended: bool,
    pub subsidy_bp: Option<u32>,
    pub programme: Option<Text>,
    /// Subscriptions that started.
    pub subscribers: i64,
    pub ratings: ProductRatings,
    /// How fast the vendor's system really provisions it, beside the declared time.
    pub measured: MeasuredSla,
}

/// Provisioning as measured from the vendor's own reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasuredSla {
    /// Provisions reported done.
    pub provisions: i64,
    /// From the order's operation to the vendor's success, in minutes (rounded up).
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    /// Share of provisions finished by their deadline (late, failed-late and overdue ones
    /// count against it), in basis points.
    pub on_time_bp: Option<u32>,
}

/// What enterprises that used a product say of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductRatings {
    pub count: i64,
    /// The average score in tenths (43 = 4.3 of 5); 0 when nobody rated.
    pub average_tenths: i64,
    pub comments: Vec<RatingComment>,
}

impl ProductRatings {
    /// "4.3", from tenths, without floats.
    pub fn average(&self) -> String {
        format!("{}.{}", self.average_tenths / 10, self.average_tenths % 10)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingComment {
    pub score: i16,
    pub comment: String,
    pub enterprise: String,
}

/// An enterprise the signed-in account may order for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderingFor {
    pub enterprise_id: Uuid,
    pub name: String,
    pub is_admin: bool,
}

/// The order page: the product, the enterprises the account acts for, and — once a plan and
/// quantity are chosen — the price breakdown to confirm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderPage {
    pub product: Product,
    pub enterprises: Vec<OrderingFor>,
    pub quote: Option<Quote>,
    /// Fresh for each rendering of the page: a double click or a retry of the same
    /// confirmation makes one order.
    pub idempotency_key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub enterprise_id: Uuid,
    pub plan_code: String,
    pub quantity: i32,
    pub use_voucher: bool,
    pub breakdown: PriceBreakdown,
    pub programme_id: Option<Uuid>,
    /// Why no subsidy applies, as a translation key (not enrolled, related party, cap used...).
    pub no_subsidy_key: Option<String>,
    /// A quantity or plan outside the listing's bounds (translation key); no breakdown then.
    pub problem_key: Option<String>,
}

/// One subscription (or order awaiting approval) in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionRow {
    pub id: Uuid,
    pub listing_id: Uuid,
    pub product: Text,
    pub enterprise_name: String,
    pub plan: Text,
    pub quantity: i32,
    pub term_key: String,
    pub state: SubscriptionState,
    /// The whole term's price.
    pub breakdown: PriceBreakdown,
    /// One month of it (a yearly term's price over twelve).
    pub monthly: MonthlyCost,
    pub term_ends_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// An enterprise's standing in a voucher programme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoucherBalance {
    pub programme_id: Uuid,
    pub programme: Text,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    /// None: not applied yet; Some(false): applied, not a small or medium enterprise.
    pub admitted: Option<bool>,
    pub size_key: Option<String>,
    pub cap_fen: i64,
    pub reserved_fen: i64,
    pub committed_fen: i64,
    pub valid_until: NaiveDate,
}

/// "My cloud services".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCloudServices {
    pub subscriptions: Vec<SubscriptionRow>,
    pub orders: Vec<SubscriptionRow>,
    pub vouchers: Vec<VoucherBalance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionEventRow {
    pub kind: String,
    pub to_state: SubscriptionState,
    pub actor_name: Option<String>,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// One subscription's page, for the enterprise's agents and for the vendor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionDetail {
    pub row: SubscriptionRow,
    pub enterprise_id: Uuid,
    pub vendor_name: String,
    pub ordered_by: String,
    pub events: Vec<SubscriptionEventRow>,
    /// Move kinds the viewer may make now (e.g. `approve`, `decline`, `withdraw`).
    pub moves: Vec<String>,
    /// What the viewer saw: a decision on a subscription that changed since is refused.
    pub generation: i32,
    /// The plans it may change to (code, name), offered to the enterprise's agents while live.
    pub plan_choices: Vec<(String, Text)>,
    /// A downgrade waiting for the renewal: (plan, seats).
    pub pending_change: Option<(Text, i32)>,
    /// An agent of the enterprise may rate it (it started and nobody rated it yet).
    pub may_rate: bool,
    /// What the vendor's system last said about the operation in flight, and when it expects
    /// to finish.
    pub progress: Option<(String, Option<DateTime<Utc>>)>,
    /// The operation in flight passed the vendor's promised provisioning time.
    pub overdue: bool,
    /// The tool's address in the vendor's system (once provisioned, while live).
    pub access_url: Option<String>,
    /// The viewer is an agent of the enterprise: "Open" signs them in to the tool.
    pub may_open: bool,
}

/// A listing as its vendor sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorListingRow {
    pub listing_id: Uuid,
    pub name: Text,
    pub category: Category,
    pub published_version: Option<i32>,
    /// The open version's state (`draft`, `submitted`, `returned`), if one is open.
    pub open_state: Option<String>,
    pub open_reason: Option<String>,
    pub suspended: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorConsole {
    pub vendor_id: Uuid,
    pub name: String,
    pub status: String,
    pub decision_reason: Option<String>,
    pub is_admin: bool,
    pub listings: Vec<VendorListingRow>,
    pub subscriptions: Vec<SubscriptionRow>,
}

/// The vendor's edit page of one listing: the open version (or the published one to start
/// a new version from).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingEditor {
    pub listing_id: Option<Uuid>,
    pub content: Option<ListingContent>,
    pub open_state: Option<String>,
    pub review_reason: Option<String>,
    pub published_version: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VendorApplication {
    pub vendor_id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub contact_name: String,
    pub mlps_level: i16,
    pub data_in_mainland: bool,
    pub crypto_assessed: bool,
    pub status: String,
    pub decision_reason: Option<String>,
    pub applied_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub listing_id: Uuid,
    pub version: i32,
    pub name: Text,
    pub vendor_name: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub first_version: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingAdminRow {
    pub listing_id: Uuid,
    pub name: Text,
    pub vendor_name: String,
    pub published_version: i32,
    pub suspended: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeRow {
    pub programme_id: Uuid,
    pub name: Text,
    pub budget_fen: i64,
    pub reserved_fen: i64,
    pub committed_fen: i64,
    pub enterprise_cap_fen: i64,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub categories: Vec<(Category, u32)>,
    pub enrolled: i64,
}

impl ProgrammeRow {
    pub fn left_fen(&self) -> i64 {
        self.budget_fen - self.reserved_fen - self.committed_fen
    }
}

/// The operator's marketplace page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketAdmin {
    pub vendors: Vec<VendorApplication>,
    pub reviews: Vec<ReviewRow>,
    pub listings: Vec<ListingAdminRow>,
    pub programmes: Vec<ProgrammeRow>,
    /// The latest differences reconciliation found between the portal and vendors' systems.
    pub findings: Vec<FindingRow>,
}

/// One difference between a subscription on the portal and in its vendor's system.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    pub subscription_id: Uuid,
    pub vendor_name: String,
    pub enterprise_name: String,
    /// `missing`, `generation`, `plan`, `quantity`, `status`.
    pub differences: Vec<String>,
    /// Each side as `plan × seats, status (generation)`; the vendor's is None when it does not
    /// know the subscription.
    pub portal: String,
    pub vendor: Option<String>,
    pub checked_at: DateTime<Utc>,
}

/// The operator's review of one submitted version, against the published one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingReview {
    pub listing_id: Uuid,
    pub version: i32,
    pub vendor_name: String,
    pub content: ListingContent,
    pub published_version: Option<i32>,
    pub changes: Vec<FieldChange>,
}
