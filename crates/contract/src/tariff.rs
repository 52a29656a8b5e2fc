//! The residential tariff: annual tiers (阶梯电价) and time-of-use (峰谷电价).
//! One module computes bill lines from kWh; the reference server's seeder and
//! bills use it, and the portal uses it for 元 figures and forecasts.
//!
//! Rounding rule: each line is kWh × unit price rounded half up to the fen; a
//! bill's total is the sum of its lines, so lines always add up exactly. A day's
//! estimated cost is rounded once, half up to the fen, over its peak and valley use.

use serde::{Deserialize, Serialize};

use crate::money::{Fen, Wh};

/// A price per kWh in 0.0001 元 (`UnitPrice(5283)` is 0.5283 元/kWh).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitPrice(pub i64);

impl UnitPrice {
    /// The cost of `kwh` whole kWh, rounded half up to the fen.
    pub fn cost(self, kwh: i64) -> Fen {
        // kWh × (0.0001 元) = 0.01 fen units.
        let centi_fen = kwh * self.0;
        Fen((centi_fen + 50).div_euclid(100))
    }

    /// `0.5283`
    pub fn to_yuan_string(self) -> String {
        format!("{}.{:04}", self.0 / 10_000, self.0 % 10_000)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Tier1,
    Tier2,
    Tier3,
}
crate::names_serde!(Tier { Tier1 = "tier1", Tier2 = "tier2", Tier3 = "tier3" });

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Tier1, Tier::Tier2, Tier::Tier3];

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// One price all day (accounts without a time-of-use meter).
    Flat,
    Peak,
    Valley,
}
crate::names_serde!(Period { Flat = "flat", Peak = "peak", Valley = "valley" });

/// The tariff in force for an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tariff {
    /// Annual kWh at which tier 1 ends and at which tier 2 ends.
    pub tier_limits_kwh: [i64; 2],
    /// Flat prices per tier.
    pub flat_prices: [UnitPrice; 3],
    pub peak_price: UnitPrice,
    pub valley_price: UnitPrice,
    /// Added to peak and valley prices in each tier.
    pub tier_surcharges: [UnitPrice; 3],
    /// Peak hours `[start, end)` in China time; the rest of the day is valley.
    pub peak_hours: [u8; 2],
}

/// One line of a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillLine {
    pub tier: Tier,
    pub period: Period,
    pub kwh: i64,
    pub unit_price: UnitPrice,
    pub amount: Fen,
}

/// One month's metered use, in whole kWh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthUse {
    pub peak_kwh: i64,
    pub valley_kwh: i64,
}

impl MonthUse {
    pub fn total_kwh(self) -> i64 {
        self.peak_kwh + self.valley_kwh
    }
}

impl Tariff {
    /// The demo tariff of PRODUCT.md, modelled on Jiangsu residential prices.
    pub fn demo() -> Tariff {
        Tariff {
            tier_limits_kwh: [2760, 4800],
            flat_prices: [UnitPrice(5283), UnitPrice(5783), UnitPrice(8283)],
            peak_price: UnitPrice(5583),
            valley_price: UnitPrice(3583),
            tier_surcharges: [UnitPrice(0), UnitPrice(500), UnitPrice(3000)],
            peak_hours: [8, 21],
        }
    }

    pub fn price(&self, tier: Tier, period: Period) -> UnitPrice {
        let surcharge = self.tier_surcharges[tier.index()].0;
        match period {
            Period::Flat => self.flat_prices[tier.index()],
            Period::Peak => UnitPrice(self.peak_price.0 + surcharge),
            Period::Valley => UnitPrice(self.valley_price.0 + surcharge),
        }
    }

    /// The tier that the next kWh falls in after `year_kwh` kWh this year.
    pub fn tier_at(&self, year_kwh: i64) -> Tier {
        if year_kwh < self.tier_limits_kwh[0] {
            Tier::Tier1
        } else if year_kwh < self.tier_limits_kwh[1] {
            Tier::Tier2
        } else {
            Tier::Tier3
        }
    }

    /// How `kwh` used after `year_kwh_before` kWh this calendar year splits over the tiers.
    pub fn split_by_tier(&self, year_kwh_before: i64, kwh: i64) -> [i64; 3] {
        let [limit1, limit2] = self.tier_limits_kwh;
        let bounds = [(0, limit1), (limit1, limit2), (limit2, i64::MAX)];
        let (start, end) = (year_kwh_before.max(0), year_kwh_before.max(0) + kwh.max(0));
        bounds.map(|(low, high)| (end.min(high) - start.max(low)).max(0))
    }

    /// Bill lines for one month. `year_kwh_before` is this calendar year's use
    /// before the month (zero in January). Without a time-of-use meter all use is
    /// priced flat; with one, peak and valley shares are spread over the tiers in
    /// proportion, and the tier lines still sum exactly to the month's kWh.
    pub fn bill_lines(&self, time_of_use: bool, year_kwh_before: i64, month: MonthUse) -> Vec<BillLine> {
        let total = month.total_kwh();
        let per_tier = self.split_by_tier(year_kwh_before, total);
        let mut lines = Vec::new();
        let mut cumulative = 0;
        let mut peak_so_far = 0;
        for (tier, kwh) in Tier::ALL.into_iter().zip(per_tier) {
            if kwh == 0 {
                continue;
            }
            if !time_of_use {
                lines.push(self.line(tier, Period::Flat, kwh));
                continue;
            }
            cumulative += kwh;
            // Cumulative floors make the tier peaks sum to exactly `month.peak_kwh`.
            let peak_through_here = month.peak_kwh * cumulative / total;
            let peak = peak_through_here - peak_so_far;
            peak_so_far = peak_through_here;
            for (period, part) in [(Period::Peak, peak), (Period::Valley, kwh - peak)] {
                if part > 0 {
                    lines.push(self.line(tier, period, part));
                }
            }
        }
        lines
    }

    /// The estimated cost of one day's metered use, priced at the tier that this
    /// calendar year's `year_kwh_before` kWh had reached by that day (flat when the
    /// account has no time-of-use meter). Daily readings are Wh, so this does not
    /// round to whole kWh: Wh × price (0.0001 元/kWh) is 0.00001 fen.
    pub fn day_cost(&self, time_of_use: bool, year_kwh_before: i64, peak: Wh, valley: Wh) -> Fen {
        let tier = self.tier_at(year_kwh_before);
        let hundred_thousandths_of_fen = if time_of_use {
            peak.0 * self.price(tier, Period::Peak).0 + valley.0 * self.price(tier, Period::Valley).0
        } else {
            (peak.0 + valley.0) * self.price(tier, Period::Flat).0
        };
        Fen((hundred_thousandths_of_fen + 50_000).div_euclid(100_000))
    }

    fn line(&self, tier: Tier, period: Period, kwh: i64) -> BillLine {
        let unit_price = self.price(tier, period);
        BillLine { tier, period, kwh, unit_price, amount: unit_price.cost(kwh) }
    }
}

/// The total of a bill: the sum of its lines.
pub fn bill_total(lines: &[BillLine]) -> Fen {
    lines.iter().map(|l| l.amount).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unit_price_cost_rounds_half_up_to_the_fen() {
        assert_eq!(UnitPrice(5283).cost(100), Fen(5283));
        assert_eq!(UnitPrice(5283).cost(1), Fen(53)); // 52.83 fen
        assert_eq!(UnitPrice(3583).cost(1), Fen(36)); // 35.83 fen
        assert_eq!(UnitPrice(5050).cost(1), Fen(51)); // 50.50 fen rounds up
        assert_eq!(UnitPrice(5283).to_yuan_string(), "0.5283");
    }

    #[test]
    fn prices_follow_the_demo_tariff() {
        let t = Tariff::demo();
        assert_eq!(t.price(Tier::Tier1, Period::Peak), UnitPrice(5583));
        assert_eq!(t.price(Tier::Tier2, Period::Valley), UnitPrice(4083));
        assert_eq!(t.price(Tier::Tier3, Period::Peak), UnitPrice(8583));
        assert_eq!(t.price(Tier::Tier3, Period::Flat), UnitPrice(8283));
    }

    #[test]
    fn a_month_crossing_tier_one_is_split_at_the_threshold() {
        let t = Tariff::demo();
        assert_eq!(t.split_by_tier(2700, 100), [60, 40, 0]);
        assert_eq!(t.split_by_tier(0, 6000), [2760, 2040, 1200]);
        assert_eq!(t.split_by_tier(5000, 300), [0, 0, 300]); // a year already past tier 3
        assert_eq!(t.tier_at(2759), Tier::Tier1);
        assert_eq!(t.tier_at(2760), Tier::Tier2);
        assert_eq!(t.tier_at(4800), Tier::Tier3);
    }

    #[test]
    fn flat_bill_for_a_january_month() {
        let t = Tariff::demo();
        let lines = t.bill_lines(false, 0, MonthUse { peak_kwh: 200, valley_kwh: 100 });
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].amount, Fen(15_849)); // 300 × 0.5283 = 158.49 元
        assert_eq!(bill_total(&lines), Fen(15_849));
    }

    #[test]
    fn time_of_use_bill_crossing_tier_two_has_exact_lines() {
        let t = Tariff::demo();
        let lines = t.bill_lines(true, 2700, MonthUse { peak_kwh: 61, valley_kwh: 39 });
        let kwh: Vec<_> = lines.iter().map(|l| (l.tier, l.period, l.kwh)).collect();
        assert_eq!(
            kwh,
            [
                (Tier::Tier1, Period::Peak, 36),
                (Tier::Tier1, Period::Valley, 24),
                (Tier::Tier2, Period::Peak, 25),
                (Tier::Tier2, Period::Valley, 15),
            ]
        );
        // 36×0.5583=20.0988→2010, 24×0.3583=8.5992→860, 25×0.6083=15.2075→1521, 15×0.4083=6.1245→612
        assert_eq!(bill_total(&lines), Fen(2010 + 860 + 1521 + 612));
    }

    #[test]
    fn a_days_cost_is_priced_at_the_tier_reached_and_rounded_once() {
        let t = Tariff::demo();
        // 6.00 kWh peak × 0.5583 + 3.00 kWh valley × 0.3583 = 3.3498 + 1.0749 = 4.4247 元
        assert_eq!(t.day_cost(true, 0, Wh(6_000), Wh(3_000)), Fen(442));
        // Past tier 1: 6 × 0.6083 + 3 × 0.4083 = 4.8747 元
        assert_eq!(t.day_cost(true, 2760, Wh(6_000), Wh(3_000)), Fen(487));
        // Tier 3: 6 × 0.8583 + 3 × 0.6583 = 7.1247 元
        assert_eq!(t.day_cost(true, 4800, Wh(6_000), Wh(3_000)), Fen(712));
        // Flat: 9 kWh × 0.5283 = 4.7547 元; the split does not matter.
        assert_eq!(t.day_cost(false, 0, Wh(6_000), Wh(3_000)), Fen(475));
        assert_eq!(t.day_cost(false, 0, Wh(9_000), Wh(0)), Fen(475));
        // 0.01 kWh × 0.5283 = 0.5283 fen → 1; 0.01 kWh × 0.3583 = 0.3583 fen → 0.
        assert_eq!(t.day_cost(true, 0, Wh(10), Wh(0)), Fen(1));
        assert_eq!(t.day_cost(true, 0, Wh(0), Wh(10)), Fen(0));
        // Exactly half a fen rounds up: 1 kWh at 0.5050 would be 50.5 fen.
        let half = Tariff { flat_prices: [UnitPrice(5050); 3], ..Tariff::demo() };
        assert_eq!(half.day_cost(false, 0, Wh(1_000), Wh(0)), Fen(51));
        assert_eq!(t.day_cost(true, 0, Wh(0), Wh(0)), Fen(0));
    }

    proptest! {
        #[test]
        fn a_whole_kwh_day_costs_what_a_bill_line_would(kwh in 0i64..200, before in 0i64..8000, tou in any::<bool>()) {
            let t = Tariff::demo();
            let tier = t.tier_at(before);
            let period = if tou { Period::Peak } else { Period::Flat };
            prop_assert_eq!(t.day_cost(tou, before, Wh::from_kwh(kwh), Wh::ZERO), t.price(tier, period).cost(kwh));
        }

        #[test]
        fn lines_add_up_to_the_month_and_the_total(
            before in 0i64..8000, peak in 0i64..3000, valley in 0i64..3000, tou in any::<bool>()
        ) {
            let t = Tariff::demo();
            let lines = t.bill_lines(tou, before, MonthUse { peak_kwh: peak, valley_kwh: valley });
            prop_assert_eq!(lines.iter().map(|l| l.kwh).sum::<i64>(), peak + valley);
            prop_assert_eq!(bill_total(&lines), lines.iter().map(|l| l.unit_price.cost(l.kwh)).sum());
            if tou {
                let peak_sum: i64 = lines.iter().filter(|l| l.period == Period::Peak).map(|l| l.kwh).sum();
                prop_assert_eq!(peak_sum, peak);
            }
            prop_assert!(lines.iter().all(|l| l.kwh > 0));
        }
    }
}
