//! The signed-in customer, their accounts and an account's overview.

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError, FieldErrors};
use crate::ids::{AccountNo, SmsCode};
use crate::money::Fen;
use crate::time::{Date, Timestamp, YearMonth};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountKind {
    /// Billed monthly after use; may be in arrears (欠费).
    Postpaid,
    /// 费控: pays ahead; the balance runs down with use.
    Prepaid,
}
crate::names_serde!(AccountKind { Postpaid = "postpaid", Prepaid = "prepaid" });

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BillStatus {
    Paid,
    Unpaid,
    /// Unpaid past its due date.
    Overdue,
}
crate::names_serde!(BillStatus { Paid = "paid", Unpaid = "unpaid", Overdue = "overdue" });

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
    /// Outages in the account's area under way or still to come (the list of `/notices`).
    pub notices: Vec<OutageNotice>,
    /// The account's next hall visit that has not ended: booked or checked in.
    pub next_visit: Option<NextVisit>,
    /// The account's order still waiting to be paid, if any.
    pub open_order: Option<OpenOrder>,
    pub as_of: Timestamp,
}

/// `GET /payees/{account_no}`: what paying for an account needs, and nothing more
/// (代缴: the account need not be the payer's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payee {
    pub account_no: AccountNo,
    pub holder_name_masked: String,
    /// The district; nothing of the address beyond it.
    pub area: String,
    pub kind: AccountKind,
    /// Postpaid: what is owed now (zero when nothing); prepaid: zero (a top-up).
    pub amount_due: Fen,
    /// How it can be paid, as for an own account; its `open_order` is only an order
    /// this payer started (another's open order is not shown to them).
    pub options: crate::PaymentOptions,
}

/// The next hall visit, as the overview names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextVisit {
    pub id: crate::AppointmentId,
    pub starts_at: Timestamp,
    pub hall_name: String,
}

/// An order waiting to be paid, as the overview names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenOrder {
    pub order_no: crate::OrderNo,
    pub amount: Fen,
}

/// `POST /accounts/bindings/sms-code`: send a code to the phone registered for the account,
/// once the holder's name matches. Fields are raw text, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindCodeRequest {
    pub account_no: String,
    pub holder_name: String,
}

impl BindCodeRequest {
    pub fn parse(&self) -> Result<(AccountNo, HolderName), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let account =
            errors.take(AccountNo::parse(&self.account_no), |e| e.for_field("account_no", "a 10-digit account number"));
        let holder = errors.take(HolderName::parse(&self.holder_name), |e| e);
        errors.finish(account.zip(holder))
    }
}

/// `POST /accounts/bindings`: bind another account. The holder's name says the customer knows
/// whose account it is; the code sent to the account's registered phone proves it is theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindRequest {
    pub account_no: String,
    pub holder_name: String,
    /// The code from `POST /accounts/bindings/sms-code`; missing is `required`, never a bind.
    #[serde(default)]
    pub code: String,
}

/// A holder's name as registered: 1 to 30 characters, surrounding spaces ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HolderName(String);

impl HolderName {
    pub fn parse(input: &str) -> Result<HolderName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new("holder_name", FieldCode::Required, "holder_name is required"));
        }
        if name.chars().count() > 30 {
            return Err(FieldError::new("holder_name", FieldCode::TooLong, "holder_name is at most 30 characters"));
        }
        Ok(HolderName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl BindRequest {
    pub fn parse(&self) -> Result<(AccountNo, HolderName, SmsCode), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let account =
            errors.take(AccountNo::parse(&self.account_no), |e| e.for_field("account_no", "a 10-digit account number"));
        let holder = errors.take(HolderName::parse(&self.holder_name), |e| e);
        let code = errors.take(SmsCode::parse(&self.code), |e| e.for_field("code", "the 6-digit code from the SMS"));
        errors.finish(account.zip(holder).zip(code).map(|((a, h), c)| (a, h, c)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutageKind {
    /// Announced maintenance (计划停电).
    Planned,
    /// A fault being repaired (故障停电).
    Unplanned,
}
crate::names_serde!(OutageKind { Planned = "planned", Unplanned = "unplanned" });

/// `GET /accounts/{account_no}/notices`: outages in the account's area that are
/// under way or still to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutageNotice {
    pub id: i64,
    pub area: String,
    pub kind: OutageKind,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub streets: Vec<String>,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_request_reports_every_field_and_needs_the_code() {
        let errors = BindRequest { account_no: "x".into(), holder_name: "  ".into(), code: String::new() }
            .parse()
            .expect_err("all bad");
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("account_no", FieldCode::InvalidFormat),
                ("holder_name", FieldCode::Required),
                ("code", FieldCode::Required)
            ]
        );
        // The right account and name are not enough without the code.
        let no_code: BindRequest =
            serde_json::from_str(r#"{"account_no":"3210000006","holder_name":"赵丽华"}"#).expect("parses");
        let errors = no_code.parse().expect_err("no proof");
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("code", FieldCode::Required));
        let (_, name, code) =
            BindRequest { account_no: "3210000006".into(), holder_name: " 赵丽华 ".into(), code: "123456".into() }
                .parse()
                .expect("valid");
        assert_eq!((name.as_str(), code.as_str()), ("赵丽华", "123456"));
        let (_, name) =
            BindCodeRequest { account_no: "3210000006".into(), holder_name: "赵丽华".into() }.parse().expect("valid");
        assert_eq!(name.as_str(), "赵丽华");
    }
}
