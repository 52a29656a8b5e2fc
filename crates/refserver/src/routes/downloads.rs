//! Download links for webviews that cannot save a file the page holds (WeChat's ignore
//! blob URLs and `<a download>`). `POST /downloads` checks that the signed-in customer may
//! have the file and answers a link that works for [`LINK_TTL_S`]; `GET /downloads/{token}`
//! answers the file itself with `Content-Disposition: attachment` and no session: the token
//! is the permission, an HMAC of what it names, for whom and until when, under a key this
//! server made at start (links end with it; they live minutes anyway).
//!
//! The token is read again at each use: the customer must still hold the bill, account or
//! appointment. The CSV and the calendar file are `contract`'s, as the portal makes them.
//! A link that is forged, expired or no longer the customer's answers a small page in
//! Chinese and English, since the customer lands on it rather than a program.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::table::{daily_table, monthly_table, Unit};
use contract::{
    ics, AccountNo, AppointmentId, BillId, DownloadLink, DownloadOf, DownloadRequest, Language, Timestamp, UsageChart,
};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::accounts::require_bound;
use super::appointments::appointment_of;
use super::bills::{attachment, check_invoice, invoice_file};
use super::usage::{daily_usage, default_ranges, monthly_usage};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, SignedIn};
use crate::payments::sign::{hex, unhex};
use crate::AppState;

/// How long a link works: long enough to open it, short enough that a forwarded one soon stops.
pub const LINK_TTL_S: i64 = 300;

pub fn router() -> Router<AppState> {
    Router::new().route("/downloads", post(create)).route("/downloads/{token}", get(open))
}

/// The key download links are signed with: random per server start, never sent or logged.
#[derive(Clone)]
pub struct LinkKey(std::sync::Arc<[u8; 32]>);

impl LinkKey {
    pub fn random() -> LinkKey {
        LinkKey(std::sync::Arc::new(rand::random()))
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_slice()).expect("HMAC takes a key of any length");
        mac.update(payload.as_bytes());
        mac
    }
}

/// What a link lets its holder download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub of: DownloadOf,
    pub customer_id: i64,
    pub expires_at: Timestamp,
}

fn chart_word(chart: UsageChart) -> &'static str {
    match chart {
        UsageChart::Monthly => "monthly",
        UsageChart::Daily => "daily",
    }
}

fn unit_word(unit: Unit) -> &'static str {
    match unit {
        Unit::Kwh => "kwh",
        Unit::Yuan => "yuan",
    }
}

fn lang_word(lang: Language) -> &'static str {
    match lang {
        Language::Zh => "zh",
        Language::En => "en",
    }
}

impl Grant {
    /// What the token says, in URL-safe words: `invoice.23.1.1796090400`.
    fn payload(&self) -> String {
        let what = match &self.of {
            DownloadOf::Invoice(bill) => format!("invoice.{bill}"),
            DownloadOf::UsageCsv { account_no, chart, unit, lang } => {
                format!("csv.{account_no}.{}.{}.{}", chart_word(*chart), unit_word(*unit), lang_word(*lang))
            }
            DownloadOf::Calendar { appointment, lang } => format!("ics.{}.{}", appointment.0, lang_word(*lang)),
        };
        format!("{what}.{}.{}", self.customer_id, self.expires_at.unix_seconds())
    }

    /// The token: the payload and its signature.
    pub fn token(&self, key: &LinkKey) -> String {
        let payload = self.payload();
        let signature = hex(&key.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// The grant a token signed with `key` carries, expired or not; `None` for anything else.
    pub fn verify(token: &str, key: &LinkKey) -> Option<Grant> {
        let (payload, signature) = token.rsplit_once('.')?;
        key.mac(payload).verify_slice(&unhex(signature)?).ok()?;
        let words: Vec<&str> = payload.split('.').collect();
        let lang = |w: &str| match w {
            "zh" => Some(Language::Zh),
            "en" => Some(Language::En),
            _ => None,
        };
        let id = |w: &str| w.parse::<i64>().ok();
        let (of, rest) = match words.as_slice() {
            ["invoice", bill, rest @ ..] => (DownloadOf::Invoice(BillId(id(bill)?)), rest),
            ["csv", account, chart, unit, language, rest @ ..] => {
                let chart = match *chart {
                    "monthly" => UsageChart::Monthly,
                    "daily" => UsageChart::Daily,
                    _ => return None,
                };
                let unit = match *unit {
                    "kwh" => Unit::Kwh,
                    "yuan" => Unit::Yuan,
                    _ => return None,
                };
                let account_no = AccountNo::parse(account).ok()?;
                (DownloadOf::UsageCsv { account_no, chart, unit, lang: lang(language)? }, rest)
            }
            ["ics", appointment, language, rest @ ..] => {
                (DownloadOf::Calendar { appointment: AppointmentId(id(appointment)?), lang: lang(language)? }, rest)
            }
            _ => return None,
        };
        match rest {
            [customer, expires] => Some(Grant { of, customer_id: id(customer)?, expires_at: Timestamp(id(expires)?) }),
            _ => None,
        }
    }
}

/// The refusals the customer could meet later are met now, before a link is made.
async fn check(state: &AppState, customer_id: i64, of: &DownloadOf) -> ApiResult<()> {
    match of {
        DownloadOf::Invoice(bill) => check_invoice(state, customer_id, *bill).await,
        DownloadOf::UsageCsv { account_no, .. } => require_bound(state, customer_id, account_no).await,
        DownloadOf::Calendar { appointment, .. } => appointment_of(state, customer_id, *appointment).await.map(drop),
    }
}

async fn create(
    State(state): State<AppState>,
    session: SignedIn,
    Body(request): Body<DownloadRequest>,
) -> ApiResult<(StatusCode, Json<DownloadLink>)> {
    let of = request.parse().map_err(ApiError::Validation)?;
    let Some(origin) = state.settings.public_origin.clone() else {
        tracing::error!("download links need the server's public origin (--public-origin)");
        return Err(ApiError::Unavailable("download links are unavailable right now; try again later"));
    };
    check(&state, session.customer_id, &of).await?;
    let expires_at = state.clock.now().plus_seconds(LINK_TTL_S);
    let token = Grant { of, customer_id: session.customer_id, expires_at }.token(&state.link_key);
    let url = format!("{}{}/downloads/{token}", origin.trim_end_matches('/'), contract::API_PREFIX);
    Ok((StatusCode::CREATED, Json(DownloadLink { url, expires_at })))
}

/// The file a valid grant names, as its owner would get it now.
async fn file(state: &AppState, grant: Grant) -> ApiResult<Response> {
    let customer_id = grant.customer_id;
    match grant.of {
        DownloadOf::Invoice(bill) => {
            let (filename, pdf) = invoice_file(state, customer_id, bill).await?;
            attachment("application/pdf", &filename, pdf)
        }
        DownloadOf::UsageCsv { account_no, chart, unit, lang } => {
            let account = {
                let account_no = account_no.clone();
                state.db.read(move |conn| super::accounts::bound_account(conn, customer_id, &account_no)).await?
            };
            let (months, days) = default_ranges(state.clock.today())?;
            let table = match chart {
                UsageChart::Monthly => {
                    monthly_table(lang, &monthly_usage(state, account_no, months).await?.months, unit)
                }
                UsageChart::Daily => daily_table(
                    lang,
                    &daily_usage(state, account_no, account.time_of_use, days).await?,
                    unit,
                    account.time_of_use,
                ),
            };
            attachment("text/csv; charset=utf-8", chart.filename(), table.to_csv())
        }
        DownloadOf::Calendar { appointment, lang } => {
            let appointment = appointment_of(state, customer_id, appointment).await?;
            let text = ics::appointment_calendar(&appointment, lang, state.clock.now());
            attachment("text/calendar; charset=utf-8", &ics::appointment_filename(&appointment), text)
        }
    }
}

/// Why a link gives no file, on a page the customer can read.
fn refusal(status: StatusCode, zh: &str, en: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{zh}</title></head>\
         <body><main><h1>{zh}</h1><p>请回到营业厅网上服务，再点一次下载。</p>\
         <h1 lang=\"en\">{en}</h1><p lang=\"en\">Go back to the portal and tap download again.</p></main></body></html>\n"
    );
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page).into_response()
}

async fn open(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let Some(grant) = Grant::verify(&token, &state.link_key) else {
        return refusal(StatusCode::NOT_FOUND, "下载链接无效", "This download link is not valid");
    };
    if grant.expires_at <= state.clock.now() {
        return refusal(StatusCode::GONE, "下载链接已过期", "This download link has expired");
    }
    match file(&state, grant).await {
        Ok(response) => response,
        // Unbound since, cancelled, or an invoice no longer there: the same page as a bad link.
        Err(ApiError::NotFound | ApiError::InvoiceUnavailable) => {
            refusal(StatusCode::NOT_FOUND, "下载链接无效", "This download link is not valid")
        }
        Err(e) => {
            let status = e.status();
            if let ApiError::Internal(detail) = &e {
                tracing::error!(%detail, "download failed");
            }
            refusal(status, "暂时无法下载", "The file cannot be downloaded right now")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_says_what_it_grants_and_nothing_else_verifies() {
        let key = LinkKey::random();
        let grants = [
            DownloadOf::Invoice(BillId(23)),
            DownloadOf::UsageCsv {
                account_no: AccountNo::parse("3210000001").expect("account"),
                chart: UsageChart::Daily,
                unit: Unit::Yuan,
                lang: Language::En,
            },
            DownloadOf::Calendar { appointment: AppointmentId(7), lang: Language::Zh },
        ];
        for of in grants {
            let grant = Grant { of, customer_id: 1, expires_at: Timestamp(1_796_090_400) };
            let token = grant.token(&key);
            assert_eq!(Grant::verify(&token, &key), Some(grant.clone()), "{token}");
            assert_eq!(Grant::verify(&token, &LinkKey::random()), None, "another server's key");
            let (payload, signature) = token.rsplit_once('.').expect("signed");
            let other = Grant { customer_id: 2, ..grant }.token(&key);
            let (other_payload, _) = other.rsplit_once('.').expect("signed");
            assert_eq!(Grant::verify(&format!("{other_payload}.{signature}"), &key), None, "another customer");
            assert_eq!(Grant::verify(payload, &key), None, "no signature");
        }
    }
}
