//! The signed-in customer, their accounts and an account's overview.

use serde::{Deserialize, Serialize};

use crate::ids::AccountNo;
use crate::money::Fen;
use crate::time::{Date, Timestamp, YearMonth};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Billed monthly after use; may be in arrears (欠费).
    Postpaid,
    /// 费控: pays ahead; the balance runs down with use.
    Prepaid,
}

/// One account bound to the signed-in customer. Personal data comes masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub account_no: AccountNo,
    pub kind: AccountKind,
    /// `张*明`
    pub holder_name_masked: String,
    /// `宿迁市宿城区幸福路**号`
    pub address_masked: String,
    /// The district the account is in (for outage notices and nearby halls).
    pub area: String,
}

/// `GET /me`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name_masked: String,
    pub phone_masked: String,
    pub accounts: Vec<AccountSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillStatus {
    Paid,
    Unpaid,
    /// Unpaid past its due date.
    Overdue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastBill {
    pub month: YearMonth,
    pub total: Fen,
    pub kwh: i64,
    pub status: BillStatus,
}

/// `GET /accounts/{account_no}/overview`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub account_no: AccountNo,
    pub kind: AccountKind,
    /// Prepaid balance (zero for postpaid accounts).
    pub balance: Fen,
    /// What is owed now: the sum of unpaid bills (zero when nothing is owed).
    pub arrears: Fen,
    /// The due date of the oldest unpaid bill, if any.
    pub due_date: Option<Date>,
    /// Prepaid only: days the balance lasts at the last 30 days' average cost.
    pub days_left_estimate: Option<u32>,
    pub last_bill: Option<LastBill>,
    pub as_of: Timestamp,
}
