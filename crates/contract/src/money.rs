//! Money in integer fen (分) and energy in integer watt-hours. Never a float.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use serde::{Deserialize, Serialize};

/// An amount of money in fen (1 元 = 100 分). Negative amounts are refunds or credits.
/// Read as JSON Schema's `integer` ([`crate::number::whole`]): `500` and `500.0` alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl<'de> Deserialize<'de> for Fen {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::number::whole(deserializer).map(Fen)
    }
}

/// Why a typed amount of 元 is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    /// Not a number with at most two decimals.
    Format,
    /// Too large to be a real payment.
    TooLarge,
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// `12.34`, `-0.05`, `1200.00`: plain 元 with two decimals, no grouping or symbol.
    pub fn to_yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Parses what a person types as 元: `50`, `50.5`, `50.05`, `¥1,000`, `1 000.00`.
    /// More than two decimals is an error, not a rounding.
    pub fn parse_yuan(input: &str) -> Result<Fen, AmountError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
            .collect();
        let cleaned = cleaned.strip_suffix('元').unwrap_or(&cleaned);
        if cleaned.is_empty() {
            return Err(AmountError::Empty);
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned, ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(AmountError::Format);
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || !all_digits(frac) || frac.len() > 2 {
            return Err(AmountError::Format);
        }
        if whole.len() > 12 {
            return Err(AmountError::TooLarge);
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| AmountError::Format)? };
        let frac_fen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| AmountError::Format)? * 10,
            _ => frac.parse().map_err(|_| AmountError::Format)?,
        };
        Ok(Fen(whole * 100 + frac_fen))
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", self.to_yuan_string())
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0 + rhs.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, rhs: Fen) {
        self.0 += rhs.0;
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0 - rhs.0)
    }
}

impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

/// Energy in watt-hours. Monthly readings are whole kWh (multiples of 1000);
/// smart-meter daily figures have 0.01 kWh resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Wh(pub i64);

impl Wh {
    pub const ZERO: Wh = Wh(0);

    pub fn from_kwh(kwh: i64) -> Wh {
        Wh(kwh * 1000)
    }

    /// Whole kWh, rounded half up (meters bill whole kWh).
    pub fn whole_kwh(self) -> i64 {
        (self.0 + 500).div_euclid(1000)
    }

    /// `123.45`: kWh with two decimals, rounded half up.
    pub fn to_kwh_string(self) -> String {
        let centi = (self.0 + 5).div_euclid(10);
        let sign = if centi < 0 { "-" } else { "" };
        let abs = centi.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Add for Wh {
    type Output = Wh;
    fn add(self, rhs: Wh) -> Wh {
        Wh(self.0 + rhs.0)
    }
}

impl AddAssign for Wh {
    fn add_assign(&mut self, rhs: Wh) {
        self.0 += rhs.0;
    }
}

impl Sub for Wh {
    type Output = Wh;
    fn sub(self, rhs: Wh) -> Wh {
        Wh(self.0 - rhs.0)
    }
}

impl Sum for Wh {
    fn sum<I: Iterator<Item = Wh>>(iter: I) -> Wh {
        iter.fold(Wh::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn yuan_strings_have_two_decimals_and_a_sign() {
        assert_eq!(Fen(0).to_yuan_string(), "0.00");
        assert_eq!(Fen(5).to_yuan_string(), "0.05");
        assert_eq!(Fen(-5).to_yuan_string(), "-0.05");
        assert_eq!(Fen(123_456).to_yuan_string(), "1234.56");
        assert_eq!(Fen(100).to_string(), "¥1.00");
    }

    #[test]
    fn typed_yuan_parse_exactly_to_fen() {
        assert_eq!(Fen::parse_yuan("50"), Ok(Fen(5000)));
        assert_eq!(Fen::parse_yuan("50.5"), Ok(Fen(5050)));
        assert_eq!(Fen::parse_yuan("0.01"), Ok(Fen(1)));
        assert_eq!(Fen::parse_yuan(".5"), Ok(Fen(50)));
        assert_eq!(Fen::parse_yuan("¥1,000.00"), Ok(Fen(100_000)));
        assert_eq!(Fen::parse_yuan("100元"), Ok(Fen(10_000)));
        assert_eq!(Fen::parse_yuan(""), Err(AmountError::Empty));
        assert_eq!(Fen::parse_yuan("1.234"), Err(AmountError::Format));
        assert_eq!(Fen::parse_yuan("-5"), Err(AmountError::Format));
        assert_eq!(Fen::parse_yuan("1e3"), Err(AmountError::Format));
        assert_eq!(Fen::parse_yuan("."), Err(AmountError::Format));
        assert_eq!(Fen::parse_yuan("9999999999999"), Err(AmountError::TooLarge));
    }

    #[test]
    fn energy_rounds_half_up_to_whole_and_centi_kwh() {
        assert_eq!(Wh(1499).whole_kwh(), 1);
        assert_eq!(Wh(1500).whole_kwh(), 2);
        assert_eq!(Wh(12_345).to_kwh_string(), "12.35");
        assert_eq!(Wh(0).to_kwh_string(), "0.00");
    }

    proptest! {
        #[test]
        fn fen_to_yuan_and_back_is_exact(fen in 0i64..10_000_000_000) {
            prop_assert_eq!(Fen::parse_yuan(&Fen(fen).to_yuan_string()), Ok(Fen(fen)));
        }

        #[test]
        fn parse_yuan_never_panics(input in ".{0,20}") {
            let _ = Fen::parse_yuan(&input);
        }
    }
}
