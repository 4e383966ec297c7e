//! How an order's price splits: the vendor's discount comes off first, then the government
//! subsidy (a share of what is left, capped by the enterprise's remaining allowance and the
//! programme's remaining budget), and the SME pays the rest.
//!
//! Every share is rounded down, so the subsidy never exceeds its exact rational share and the
//! parts always add up to the list price. Intermediates are `i128`: fen × basis points would
//! overflow `i64` for large orders.
use serde::{Deserialize, Serialize};

const BP: i128 = 10_000;

/// One order's price, in fen. Always `list_fen = vendor_discount_fen + subsidy_fen + sme_fen`,
/// all non-negative.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceBreakdown {
    pub list_fen: i64,
    pub vendor_discount_fen: i64,
    pub subsidy_fen: i64,
    /// What the enterprise pays.
    pub sme_fen: i64,
}

/// What the subsidy may be for one order: its share (5000 = half of the discounted price) and
/// what is left of the enterprise's cap and the programme's budget.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubsidyLimits {
    pub subsidy_bp: u32,
    pub enterprise_cap_left_fen: i64,
    pub budget_left_fen: i64,
}

/// Seat price × quantity; `None` on overflow or a negative input (never a wrapped price).
pub fn list_price(seat_price_fen: i64, quantity: i32) -> Option<i64> {
    if seat_price_fen < 0 || quantity < 0 {
        return None;
    }
    seat_price_fen.checked_mul(i64::from(quantity))
}

/// Splits `list_fen`. No limits (not an SME, no voucher) means no subsidy. Out-of-range inputs
/// are clamped so the invariant holds: a negative list price counts as 0, shares above 100%
/// as 100%, negative remaining cap or budget as 0.
pub fn breakdown(
    list_fen: i64,
    vendor_discount_bp: u32,
    limits: Option<&SubsidyLimits>,
) -> PriceBreakdown {
    let list = list_fen.max(0);
    let share = |amount: i64, bp: u32| -> i64 {
        let bp = i128::from(bp).min(BP);
        // amount × bp / 10000 ≤ amount, so it fits back into i64.
        i64::try_from(i128::from(amount) * bp / BP).unwrap_or(amount)
    };
    let vendor_discount_fen = share(list, vendor_discount_bp);
    let after = list - vendor_discount_fen;
    let subsidy_fen = limits.map_or(0, |l| {
        share(after, l.subsidy_bp)
            .min(l.enterprise_cap_left_fen)
            .min(l.budget_left_fen)
            .max(0)
    });
    PriceBreakdown {
        list_fen: list,
        vendor_discount_fen,
        subsidy_fen,
        sme_fen: after - subsidy_fen,
    }
}

/// One month of a term's price, as "my cloud services" shows it: what the enterprise pays and
/// what the voucher covers per month. Division rounds so the subsidy is never overstated (down)
/// and the enterprise's share never understated (up); a one-month term is its own breakdown.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthlyCost {
    pub sme_fen: i64,
    pub subsidy_fen: i64,
}

impl PriceBreakdown {
    /// The monthly share of this term's price, for a term of `months` calendar months.
    pub fn per_month(&self, months: u32) -> MonthlyCost {
        let months = i64::from(months.max(1));
        let sme = self.sme_fen.max(0);
        MonthlyCost {
            sme_fen: sme / months + i64::from(sme % months != 0),
            subsidy_fen: self.subsidy_fen.max(0) / months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(subsidy_bp: u32, cap: i64, budget: i64) -> SubsidyLimits {
        SubsidyLimits {
            subsidy_bp,
            enterprise_cap_left_fen: cap,
            budget_left_fen: budget,
        }
    }

    fn parts(b: PriceBreakdown) -> [i64; 4] {
        [b.list_fen, b.vendor_discount_fen, b.subsidy_fen, b.sme_fen]
    }

    const PLENTY: i64 = i64::MAX;

    #[test]
    fn list_price_is_checked() {
        assert_eq!(list_price(199_50, 3), Some(598_50));
        assert_eq!(list_price(0, 100), Some(0));
        assert_eq!(list_price(i64::MAX, 2), None);
        assert_eq!(list_price(100, -1), None);
        assert_eq!(list_price(-100, 1), None);
        assert_eq!(
            list_price(100_000_000_00, 100_000),
            Some(1_000_000_000_000_000)
        );
    }

    #[test]
    fn percentages() {
        let l = limits(3000, PLENTY, PLENTY);
        assert_eq!(
            parts(breakdown(100_00, 1000, Some(&l))),
            [100_00, 10_00, 27_00, 63_00]
        );
        assert_eq!(
            parts(breakdown(100_00, 0, Some(&l))),
            [100_00, 0, 30_00, 70_00]
        );
        assert_eq!(
            parts(breakdown(100_00, 1000, None)),
            [100_00, 10_00, 0, 90_00]
        );
        let all = limits(10_000, PLENTY, PLENTY);
        assert_eq!(
            parts(breakdown(100_00, 0, Some(&all))),
            [100_00, 0, 100_00, 0]
        );
    }

    #[test]
    fn cap_and_budget_bite() {
        let cap = limits(5000, 20_00, 1_000_00);
        assert_eq!(
            parts(breakdown(100_00, 0, Some(&cap))),
            [100_00, 0, 20_00, 80_00]
        );
        let budget = limits(5000, 1_000_00, 7_00);
        assert_eq!(
            parts(breakdown(100_00, 0, Some(&budget))),
            [100_00, 0, 7_00, 93_00]
        );
        let both = limits(5000, 3_00, 4_00);
        assert_eq!(breakdown(100_00, 0, Some(&both)).subsidy_fen, 3_00);
    }

    #[test]
    fn rounding_goes_to_the_sme() {
        let half = limits(5000, PLENTY, PLENTY);
        assert_eq!(parts(breakdown(1, 0, Some(&half))), [1, 0, 0, 1]);
        let thirty = limits(3000, PLENTY, PLENTY);
        assert_eq!(parts(breakdown(333, 0, Some(&thirty))), [333, 0, 99, 234]);
        assert_eq!(
            parts(breakdown(333, 1000, Some(&thirty))),
            [333, 33, 90, 210]
        );
    }

    #[test]
    fn zero_and_odd_limits() {
        for l in [
            limits(0, PLENTY, PLENTY),
            limits(5000, 0, PLENTY),
            limits(5000, PLENTY, 0),
        ] {
            assert_eq!(
                parts(breakdown(100_00, 0, Some(&l))),
                [100_00, 0, 0, 100_00]
            );
        }
        let negative = limits(5000, -5, PLENTY);
        assert_eq!(breakdown(100_00, 0, Some(&negative)).subsidy_fen, 0);
        let over = limits(20_000, PLENTY, PLENTY);
        assert_eq!(
            parts(breakdown(100_00, 20_000, Some(&over))),
            [100_00, 100_00, 0, 0]
        );
        assert_eq!(parts(breakdown(-5, 0, Some(&over))), [0, 0, 0, 0]);
        assert_eq!(parts(breakdown(0, 5000, Some(&over))), [0, 0, 0, 0]);
    }

    #[test]
    fn huge_orders_do_not_overflow() {
        let l = limits(9999, PLENTY, PLENTY);
        let b = breakdown(i64::MAX, 9999, Some(&l));
        assert_eq!(b.vendor_discount_fen + b.subsidy_fen + b.sme_fen, i64::MAX);
    }

    #[test]
    fn brute_force_invariant() {
        let lists = (0..400).chain([9_999, 10_000, 10_001, 123_456_789, 99_999_999_999]);
        let bps = [0, 1, 33, 500, 1250, 3000, 3333, 5000, 6667, 9999, 10_000];
        let caps = [0, 1, 50, 10_000, PLENTY];
        for list in lists {
            for &d in &bps {
                for &s in &bps {
                    for &cap in &caps {
                        for &budget in &caps {
                            let l = limits(s, cap, budget);
                            let b = breakdown(list, d, Some(&l));
                            assert_eq!(b.list_fen, list);
                            assert_eq!(b.vendor_discount_fen + b.subsidy_fen + b.sme_fen, list);
                            assert!(parts(b).iter().all(|p| *p >= 0), "{b:?}");
                            let after = i128::from(list - b.vendor_discount_fen);
                            let subsidy = i128::from(b.subsidy_fen);
                            assert!(subsidy * 10_000 <= after * i128::from(s), "{b:?}");
                            assert!(b.subsidy_fen <= cap.min(budget));
                            assert!(
                                i128::from(b.vendor_discount_fen) * 10_000
                                    <= i128::from(list) * i128::from(d)
                            );
                            // Rounded down by less than one fen, unless a limit bit.
                            if cap.min(budget) == PLENTY {
                                assert!((subsidy + 1) * 10_000 > after * i128::from(s), "{b:?}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_month_of_a_term() {
        let l = limits(3000, PLENTY, PLENTY);
        // A monthly term is its own month.
        let month = breakdown(100_00, 1000, Some(&l));
        assert_eq!(
            month.per_month(1),
            MonthlyCost {
                sme_fen: 63_00,
                subsidy_fen: 27_00
            }
        );
        // A year of ¥1,200 with ¥360 subsidy: ¥70 and ¥30 a month.
        let year = breakdown(1_200_00, 0, Some(&l));
        assert_eq!(
            year.per_month(12),
            MonthlyCost {
                sme_fen: 70_00,
                subsidy_fen: 30_00
            }
        );
        // Uneven fen: the subsidy rounds down, the enterprise's share up.
        let odd = PriceBreakdown {
            list_fen: 1_001,
            vendor_discount_fen: 0,
            subsidy_fen: 301,
            sme_fen: 700,
        };
        assert_eq!(
            odd.per_month(12),
            MonthlyCost {
                sme_fen: 59,
                subsidy_fen: 25
            }
        );
        // No months is read as one; nothing negative comes out.
        assert_eq!(odd.per_month(0).sme_fen, 700);
        let free = breakdown(0, 0, Some(&l));
        assert_eq!(
            free.per_month(12),
            MonthlyCost {
                sme_fen: 0,
                subsidy_fen: 0
            }
        );
    }
}
