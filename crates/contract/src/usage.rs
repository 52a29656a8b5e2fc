//! Usage and bills: monthly and daily kWh, the tariff in force, bills with lines.

use serde::{Deserialize, Serialize};

use crate::account::BillStatus;
use crate::ids::AccountNo;
use crate::money::{Fen, Wh};
use crate::tariff::{BillLine, Tariff};
use crate::time::{Date, Timestamp, YearMonth};

/// One month's metered use (whole kWh) and what it cost (the month's bill total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthUsage {
    pub month: YearMonth,
    pub peak_kwh: i64,
    pub valley_kwh: i64,
    /// `peak_kwh + valley_kwh`.
    pub kwh: i64,
    /// The month's bill total; absent for a month not billed yet.
    pub cost: Option<Fen>,
}

/// `GET /accounts/{account_no}/usage/monthly?from=YYYY-MM&to=YYYY-MM` (default: the last 24 months).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyUsage {
    pub account_no: AccountNo,
    pub from: YearMonth,
    pub to: YearMonth,
    /// Months with readings, oldest first; months without a reading are left out.
    pub months: Vec<MonthUsage>,
}

/// One day's smart-meter reading, with its cost estimated at the tier in force that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayUsage {
    pub day: Date,
    pub peak: Wh,
    pub valley: Wh,
    pub cost: Fen,
}

/// `GET /accounts/{account_no}/usage/daily?from=YYYY-MM-DD&to=YYYY-MM-DD` (default: the last 90 days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyUsage {
    pub account_no: AccountNo,
    pub from: Date,
    pub to: Date,
    pub days: Vec<DayUsage>,
}

/// `GET /accounts/{account_no}/tariff`: the tariff in force and this year's use so far,
/// for the tier progress bar and the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffInfo {
    pub account_no: AccountNo,
    pub tariff: Tariff,
    /// Whether the account has a time-of-use (peak/valley) meter.
    pub time_of_use: bool,
    pub year: i32,
    /// kWh used this calendar year through `through` (billed months plus daily readings since).
    pub year_kwh: i64,
    /// The last day counted in `year_kwh` (yesterday). On 1 January it is the year
    /// before's 31 December and `year_kwh` is 0: no day of `year` is counted yet.
    pub through: Date,
}

/// An identifier of a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BillId(pub i64);

impl std::fmt::Display for BillId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A bill in the list: `GET /accounts/{account_no}/bills` (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillSummary {
    pub id: BillId,
    pub account_no: AccountNo,
    pub month: YearMonth,
    pub kwh: i64,
    pub total: Fen,
    pub status: BillStatus,
    pub issued_on: Date,
    pub due_on: Date,
    pub paid_at: Option<Timestamp>,
}

impl BillSummary {
    /// The name a saved e-invoice of this bill gets.
    pub fn invoice_filename(&self) -> String {
        format!("invoice-{}-{}.pdf", self.account_no, self.month)
    }
}

/// `GET /bills/{bill_id}`: the bill with its lines, which add up exactly to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillDetail {
    #[serde(flatten)]
    pub summary: BillSummary,
    pub peak_kwh: i64,
    pub valley_kwh: i64,
    /// This calendar year's kWh before the bill's month (where its tiers start).
    pub year_kwh_before: i64,
    pub time_of_use: bool,
    pub lines: Vec<BillLine>,
    pub tariff: Tariff,
}
