//! Calendar dates and instants. China keeps one offset, UTC+8, with no daylight
//! saving, so a date is civil arithmetic and an instant is Unix seconds shown at +08:00.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Seconds east of UTC for China Standard Time.
pub const CHINA_OFFSET_S: i64 = 8 * 3600;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Why a text is not a date, a month or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeParseError;

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a valid date or time")
    }
}

fn parse_number(s: &str, len: usize) -> Result<u32, TimeParseError> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TimeParseError);
    }
    s.parse().map_err(|_| TimeParseError)
}

/// A calendar day, `YYYY-MM-DD` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    pub fn parse(input: &str) -> Result<Date, TimeParseError> {
        let mut parts = input.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(TimeParseError);
        };
        let year = parse_number(y, 4)? as i32;
        let month = parse_number(m, 2)? as u8;
        let day = parse_number(d, 2)? as u8;
        Date::new(year, month, day).ok_or(TimeParseError)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn from_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    /// 0 = Monday … 6 = Sunday (ISO order; 1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        (self.to_days() + 3).rem_euclid(7) as u8
    }

    pub fn year_month(self) -> YearMonth {
        YearMonth { year: self.year, month: self.month }
    }

    /// 1-based day of the year.
    pub fn ordinal(self) -> u32 {
        (self.to_days() - Date { year: self.year, month: 1, day: 1 }.to_days() + 1) as u32
    }

    /// The calendar day in China at `instant`.
    pub fn of(instant: Timestamp) -> Date {
        Date::from_days((instant.0 + CHINA_OFFSET_S).div_euclid(86_400))
    }

    /// Midnight at the start of this day in China.
    pub fn start(self) -> Timestamp {
        Timestamp(self.to_days() * 86_400 - CHINA_OFFSET_S)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A calendar month, `YYYY-MM` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    pub fn new(year: i32, month: u8) -> Option<YearMonth> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month)).then_some(YearMonth { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }

    pub fn parse(input: &str) -> Result<YearMonth, TimeParseError> {
        let (y, m) = input.split_once('-').ok_or(TimeParseError)?;
        YearMonth::new(parse_number(y, 4)? as i32, parse_number(m, 2)? as u8).ok_or(TimeParseError)
    }

    pub fn first_day(self) -> Date {
        Date { year: self.year, month: self.month, day: 1 }
    }

    pub fn last_day(self) -> Date {
        Date { year: self.year, month: self.month, day: days_in_month(self.year, self.month) }
    }

    pub fn days(self) -> u8 {
        days_in_month(self.year, self.month)
    }

    pub fn add_months(self, months: i32) -> YearMonth {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        YearMonth { year: index.div_euclid(12), month: (index.rem_euclid(12) + 1) as u8 }
    }

    /// Months from `self` to `later`.
    pub fn months_until(self, later: YearMonth) -> i32 {
        (later.year * 12 + i32::from(later.month)) - (self.year * 12 + i32::from(self.month))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An instant, as Unix seconds; `2026-11-30T16:59:50+08:00` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0 + seconds)
    }

    /// Hour and minute in China.
    pub fn china_hour_minute(self) -> (u8, u8) {
        let secs = (self.0 + CHINA_OFFSET_S).rem_euclid(86_400);
        ((secs / 3600) as u8, ((secs % 3600) / 60) as u8)
    }

    /// Parses RFC 3339 with `T`, and `Z` or a numeric offset, as `api/openapi.yaml` writes it
    /// (not the lower-case letters RFC 3339 also allows); fractions of a second are dropped.
    pub fn parse(input: &str) -> Result<Timestamp, TimeParseError> {
        if input.len() < 20 || !input.is_char_boundary(10) || !input.is_char_boundary(19) {
            return Err(TimeParseError);
        }
        let (date, rest) = input.split_at(10);
        let date = Date::parse(date)?;
        let rest = rest.strip_prefix('T').ok_or(TimeParseError)?;
        let (clock, mut zone) = rest.split_at(8);
        let mut hms = clock.split(':');
        let (Some(h), Some(m), Some(s), None) = (hms.next(), hms.next(), hms.next(), hms.next()) else {
            return Err(TimeParseError);
        };
        let (h, m, s) = (parse_number(h, 2)?, parse_number(m, 2)?, parse_number(s, 2)?);
        if h > 23 || m > 59 || s > 60 {
            return Err(TimeParseError);
        }
        if let Some(fraction) = zone.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(TimeParseError);
            }
            zone = &fraction[digits..];
        }
        let offset_s = match zone {
            "Z" => 0,
            _ => {
                let sign = match zone.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Err(TimeParseError),
                };
                let (oh, om) = zone[1..].split_once(':').ok_or(TimeParseError)?;
                let (oh, om) = (parse_number(oh, 2)?, parse_number(om, 2)?);
                if oh > 23 || om > 59 {
                    return Err(TimeParseError);
                }
                sign * i64::from(oh * 3600 + om * 60)
            }
        };
        let local = date.to_days() * 86_400 + i64::from(h * 3600 + m * 60 + s.min(59));
        Ok(Timestamp(local - offset_s))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = Date::of(*self);
        let secs = (self.0 + CHINA_OFFSET_S).rem_euclid(86_400);
        write!(f, "{date}T{:02}:{:02}:{:02}+08:00", secs / 3600, (secs % 3600) / 60, secs % 60)
    }
}

macro_rules! display_parse_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $name::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}
display_parse_serde!(Date);
display_parse_serde!(YearMonth);
display_parse_serde!(Timestamp);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).expect("valid date")
    }

    #[test]
    fn epoch_and_known_weekdays() {
        assert_eq!(date(1970, 1, 1).to_days(), 0);
        assert_eq!(date(1970, 1, 1).weekday(), 3); // Thursday
        assert_eq!(date(2026, 11, 30).weekday(), 0); // Monday
        assert_eq!(date(2024, 2, 29).add_days(1), date(2024, 3, 1));
        assert_eq!(date(2026, 12, 31).add_days(1), date(2027, 1, 1));
        assert_eq!(date(2024, 12, 31).ordinal(), 366);
    }

    #[test]
    fn invalid_dates_are_refused() {
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2024-13-01").is_err());
        assert!(Date::parse("2024-1-01").is_err());
        assert!(Date::parse("2024-01-01-").is_err());
        assert!(YearMonth::parse("2024-00").is_err());
    }

    #[test]
    fn months_wrap_years_both_ways() {
        let jan = YearMonth::parse("2026-01").expect("valid");
        assert_eq!(jan.add_months(-1).to_string(), "2025-12");
        assert_eq!(jan.add_months(23).to_string(), "2027-12");
        assert_eq!(jan.months_until(jan.add_months(-24)), -24);
        assert_eq!(YearMonth::new(2024, 2).map(|m| m.last_day()), Date::new(2024, 2, 29));
    }

    #[test]
    fn instants_render_in_china_time_and_parse_any_offset() {
        let t = Timestamp::parse("2026-11-30T08:59:50Z").expect("valid");
        assert_eq!(t.to_string(), "2026-11-30T16:59:50+08:00");
        assert_eq!(Timestamp::parse("2026-11-30T16:59:50+08:00"), Ok(t));
        assert_eq!(Timestamp::parse("2026-11-30T16:59:50.123+08:00"), Ok(t));
        assert_eq!(Date::of(Timestamp::parse("2026-11-30T16:00:00Z").expect("valid")), date(2026, 12, 1));
        assert_eq!(date(2026, 12, 1).start(), Timestamp::parse("2026-11-30T16:00:00Z").expect("valid"));
        assert!(Timestamp::parse("2026-11-30 16:59").is_err());
        assert!(Timestamp::parse("2026-11-30T16:59:50+8").is_err());
        assert!(Timestamp::parse("２０２６-11-30T16:59:50Z").is_err());
        // The contract writes `T` and `Z`; RFC 3339's lower-case and space spellings are refused.
        for other in ["2026-11-30t08:59:50Z", "2026-11-30T08:59:50z", "2026-11-30 08:59:50Z"] {
            assert!(Timestamp::parse(other).is_err(), "{other}");
        }
    }

    proptest! {
        #[test]
        fn days_roundtrip(days in -700_000i64..2_900_000) {
            let d = Date::from_days(days);
            prop_assert_eq!(d.to_days(), days);
            prop_assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }

        #[test]
        fn timestamps_roundtrip(secs in 0i64..250_000_000_000) {
            let t = Timestamp(secs);
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }

        #[test]
        fn timestamp_parse_never_panics(input in ".{0,40}") {
            let _ = Timestamp::parse(&input);
        }
    }
}
