//! Download links: `POST /downloads` names a file the customer may have and answers a
//! short-lived signed link to it, which WeChat's webview can open (it ignores blob URLs
//! and `<a download>`); `GET /downloads/{token}` answers the file with
//! `Content-Disposition: attachment`, no session needed: the token is the permission.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::table::Unit;
use crate::{AccountNo, AppointmentId, BillId, Timestamp};

/// The language a file's words (CSV headers, a calendar event) are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

/// Which of the usage page's two charts a CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageChart {
    /// The last 12 months beside the year before (the default 24 months of `GET …/usage/monthly`).
    Monthly,
    /// The days of `GET …/usage/daily`'s default range (the last 90).
    Daily,
}

impl UsageChart {
    /// The name a saved CSV of this chart gets.
    pub fn filename(self) -> &'static str {
        match self {
            UsageChart::Monthly => "monthly.csv",
            UsageChart::Daily => "daily.csv",
        }
    }
}

/// `POST /downloads`: the file a link is wanted for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DownloadRequest {
    /// The PDF e-invoice of a paid bill of the customer's.
    Invoice {
        #[serde(deserialize_with = "crate::number::whole")]
        bill_id: i64,
    },
    /// A usage chart's table as CSV, for one of the customer's accounts.
    UsageCsv { account_no: String, chart: UsageChart, unit: Unit, lang: Language },
    /// The calendar file (.ics) of one of the customer's appointments.
    Calendar {
        #[serde(deserialize_with = "crate::number::whole")]
        appointment_id: i64,
        lang: Language,
    },
}

/// A [`DownloadRequest`] whose fields have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadOf {
    Invoice(BillId),
    UsageCsv { account_no: AccountNo, chart: UsageChart, unit: Unit, lang: Language },
    Calendar { appointment: AppointmentId, lang: Language },
}

/// Ids are 1 to 18 digits, as in a path.
const MAX_ID: i64 = 999_999_999_999_999_999;

fn id_field(errors: &mut FieldErrors, name: &'static str, id: i64) -> Option<i64> {
    let checked = if (1..=MAX_ID).contains(&id) { Ok(id) } else { Err(()) };
    errors.take(checked, |()| {
        FieldError::new(name, crate::FieldCode::OutOfRange, format!("{name} must be from 1 to {MAX_ID}"))
    })
}

impl DownloadRequest {
    /// Checks the fields: every bad one is reported.
    pub fn parse(&self) -> Result<DownloadOf, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let of = match self {
            DownloadRequest::Invoice { bill_id } => {
                id_field(&mut errors, "bill_id", *bill_id).map(|id| DownloadOf::Invoice(BillId(id)))
            }
            DownloadRequest::UsageCsv { account_no, chart, unit, lang } => errors
                .take(AccountNo::parse(account_no), |e| e.for_field("account_no", "a 10-digit account number"))
                .map(|account_no| DownloadOf::UsageCsv { account_no, chart: *chart, unit: *unit, lang: *lang }),
            DownloadRequest::Calendar { appointment_id, lang } => {
                id_field(&mut errors, "appointment_id", *appointment_id)
                    .map(|id| DownloadOf::Calendar { appointment: AppointmentId(id), lang: *lang })
            }
        };
        errors.finish(of)
    }
}

/// The answer to `POST /downloads`: open `url` (no header needed) before `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadLink {
    pub url: String,
    pub expires_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_their_kind_and_check_their_fields() {
        let invoice: DownloadRequest = serde_json::from_str(r#"{"kind":"invoice","bill_id":23.0}"#).expect("invoice");
        assert_eq!(invoice.parse(), Ok(DownloadOf::Invoice(BillId(23))));
        let csv: DownloadRequest = serde_json::from_str(
            r#"{"kind":"usage_csv","account_no":"3210 0000 01","chart":"daily","unit":"kwh","lang":"zh-CN"}"#,
        )
        .expect("csv");
        assert!(matches!(csv.parse(), Ok(DownloadOf::UsageCsv { chart: UsageChart::Daily, lang: Language::Zh, .. })));
        let bad = DownloadRequest::Calendar { appointment_id: 0, lang: Language::En };
        assert_eq!(bad.parse().expect_err("refused")[0].field, "appointment_id");
        assert!(serde_json::from_str::<DownloadRequest>(r#"{"kind":"photo","bill_id":1}"#).is_err());
    }
}
