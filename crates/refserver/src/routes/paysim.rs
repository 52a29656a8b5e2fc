//! Demo only: the simulated providers' cashier pages (WeChat Pay H5, Alipay, UnionPay; the
//! same page stands in for scanning a QR code or the WeChat bridge), where the payer pays,
//! cancels or fails; the switch that holds back their notifications; and the merchant's
//! recorded payment discrepancies, read-only.
//!
//! The pages are small self-contained HTML: no script, no external resource, one inline
//! `<style>` allowed by their own Content-Security-Policy.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use contract::{Provider, ProviderOutcome};
use url::Url;

use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::payments::discrepancy::{self, Discrepancy};
use crate::payments::order::outcome_from;
use crate::payments::sim::{self, Deliveries, DeliveryControl, Refusal, SimOrder};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/demo/paysim/notifications", get(deliveries).put(control))
        .route("/demo/paysim/discrepancies", get(discrepancies))
        .route("/demo/paysim/{prepay_id}", get(page).post(decide))
}

async fn deliveries(State(state): State<AppState>) -> ApiResult<Json<Deliveries>> {
    let paused = state.paysim.notifications_paused();
    Ok(Json(state.db.call(move |conn| sim::deliveries(conn, paused)).await?))
}

/// Money that went astray (refunds due, amounts that differ), newest first; read-only.
async fn discrepancies(State(state): State<AppState>) -> ApiResult<Json<Vec<Discrepancy>>> {
    Ok(Json(state.db.call(|conn| discrepancy::list(conn)).await?))
}

async fn control(State(state): State<AppState>, Body(control): Body<DeliveryControl>) -> StatusCode {
    state.paysim.pause_notifications(control.paused);
    tracing::info!(paused = control.paused, "simulated providers' notifications");
    StatusCode::NO_CONTENT
}

fn provider_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Wechat => "微信支付",
        Provider::Alipay => "支付宝",
        Provider::Unionpay => "银联",
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{margin:0;font:1.125rem/1.6 system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;\
color:#1a1a1a;background:#f5f5f5}main{max-width:28rem;margin:0 auto;padding:1rem}\
header{padding:1rem;color:#fff;background:var(--brand);text-align:center}header p{margin:0}.brand{font-size:1.375rem;font-weight:700}\
.demo{font-size:.9375rem}h1{font-size:1.25rem;margin:1rem 0 .25rem}.amount{font-size:2.25rem;font-weight:700;margin:0 0 1rem}\
dl{margin:0 0 1.5rem;background:#fff;border-radius:.5rem;padding:.5rem 1rem}dl div{display:flex;justify-content:space-between;\
gap:1rem;padding:.375rem 0;border-bottom:1px solid #eee}dl div:last-child{border-bottom:0}dt{color:#555}dd{margin:0;text-align:right;\
word-break:break-all}form{margin:0 0 .75rem}button{width:100%;min-height:3rem;font:inherit;border-radius:.5rem;border:1px solid #bbb;\
background:#fff;color:#1a1a1a}button.primary{background:var(--brand);border-color:var(--brand);color:#fff;font-weight:700}\
button:focus-visible,a:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}a{color:#0b57d0}";

fn brand_colour(provider: Provider) -> &'static str {
    match provider {
        Provider::Wechat => "#07803f",
        Provider::Alipay => "#0b5ed7",
        Provider::Unionpay => "#c4000d",
    }
}

fn document(provider: Provider, title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} · {name}</title>\
<style>:root{{--brand:{colour}}}{STYLE}</style></head><body>\
<header><p class=\"brand\">{name}</p><p class=\"demo\">演示用模拟收银台，不会真实扣款</p></header>\
<main>{main}</main></body></html>\n",
        title = escape(title),
        name = provider_name(provider),
        colour = brand_colour(provider),
    )
}

fn hh_mm(at: contract::Timestamp) -> String {
    let (h, m) = at.china_hour_minute();
    format!("{h:02}:{m:02}")
}

fn cashier(merchant: &str, order: &SimOrder) -> String {
    let button = |outcome: ProviderOutcome, label: &str, class: &str| {
        format!(
            "<form method=\"post\"><button type=\"submit\" name=\"outcome\" value=\"{}\"{class}>{label}</button></form>",
            crate::payments::order::outcome_str(outcome)
        )
    };
    let main = format!(
        "<h1>确认付款</h1><p class=\"amount\">{amount} 元</p><dl>\
<div><dt>收款方</dt><dd>{merchant}</dd></div><div><dt>商品</dt><dd>{description}</dd></div>\
<div><dt>订单号</dt><dd>{order_no}</dd></div><div><dt>请在此时间前支付</dt><dd>{until}</dd></div></dl>{pay}{cancel}{fail}",
        amount = order.amount.to_yuan_string(),
        merchant = escape(merchant),
        description = escape(&order.description),
        order_no = escape(&order.order_no),
        until = hh_mm(order.expires_at),
        pay = button(ProviderOutcome::Paid, "支付", " class=\"primary\""),
        cancel = button(ProviderOutcome::Cancelled, "取消", ""),
        fail = button(ProviderOutcome::Failed, "模拟失败", ""),
    );
    document(order.provider, "确认付款", &main)
}

/// The page of an order that can no longer be paid, or of one just decided.
fn settled(order: &SimOrder, refusal: Option<Refusal>) -> String {
    let heading = match (refusal, order.status.as_str()) {
        (Some(Refusal::Expired), _) => "订单已过期",
        (_, "paid") => "已支付",
        (_, "failed") => "支付失败",
        (_, "cancelled") => "已取消支付",
        _ => "订单已关闭",
    };
    let note = if refusal.is_some() {
        "此订单不能再支付。"
    } else {
        "结果已通知商户，请回到商户页面查看。"
    };
    let back = order
        .return_url
        .as_deref()
        .map(|url| format!("<p><a href=\"{}\">返回商户</a></p>", escape(url)))
        .unwrap_or_default();
    let main = format!(
        "<h1>{heading}</h1><p class=\"amount\">{} 元</p><p>{note}</p><dl><div><dt>订单号</dt><dd>{}</dd></div></dl>{back}",
        order.amount.to_yuan_string(),
        escape(&order.order_no)
    );
    document(order.provider, heading, &main)
}

fn not_found() -> String {
    "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>订单不存在</title></head>\
<body><main><h1>订单不存在</h1><p>没有找到这笔支付订单。</p></main></body></html>\n"
        .to_owned()
}

fn bad_outcome(order: &SimOrder) -> String {
    document(order.provider, "无效的操作", "<h1>无效的操作</h1><p>请选择支付、取消或模拟失败。</p>")
}

/// An HTML answer under a policy that allows nothing but its own inline style and forms
/// posted to itself (whose redirect goes to the order's return origin).
fn html(status: StatusCode, return_url: Option<&str>, body: String) -> Response {
    let return_origin = return_url
        .and_then(|u| Url::parse(u).ok())
        .map(|u| format!(" {}", u.origin().ascii_serialization()))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'{return_origin}; base-uri 'none'; \
         frame-ancestors 'none'"
    );
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

fn valid_prepay_id(raw: &str) -> bool {
    (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric())
}

async fn load(state: &AppState, prepay_id: &str) -> ApiResult<Option<(SimOrder, Result<(), Refusal>)>> {
    if !valid_prepay_id(prepay_id) {
        return Ok(None);
    }
    let now = state.clock.now();
    let id = prepay_id.to_owned();
    state
        .db
        .call(move |conn| match sim::load(conn, &id)? {
            Some(order) => {
                let payable = sim::payable(conn, &order, now)?;
                Ok(Some((order, payable)))
            }
            None => Ok(None),
        })
        .await
}

async fn page(State(state): State<AppState>, Path(prepay_id): Path<String>) -> ApiResult<Response> {
    let Some((order, payable)) = load(&state, &prepay_id).await? else {
        return Ok(html(StatusCode::NOT_FOUND, None, not_found()));
    };
    let body = match payable {
        Ok(()) => cashier(&state.settings.merchant.name, &order),
        Err(refusal) => settled(&order, Some(refusal)),
    };
    Ok(html(StatusCode::OK, order.return_url.as_deref(), body))
}

/// The payer's choice, form-encoded `outcome=paid|failed|cancelled`. The provider books it and
/// notifies the merchant in the background; the browser goes back to the return URL (303), or
/// gets 204 (a page when it asked for HTML) when the order has none (QR code, JSAPI).
async fn decide(
    State(state): State<AppState>,
    Path(prepay_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let Some((order, _)) = load(&state, &prepay_id).await? else {
        return Ok(html(StatusCode::NOT_FOUND, None, not_found()));
    };
    let outcome =
        url::form_urlencoded::parse(&body).find(|(name, _)| name == "outcome").and_then(|(_, v)| outcome_from(&v));
    let Some(outcome) = outcome else {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, order.return_url.as_deref(), bad_outcome(&order)));
    };
    let now = state.clock.now();
    let id = prepay_id.clone();
    let decided = state.db.call(move |conn| sim::decide(conn, &id, outcome, now)).await?;
    let decided = match decided {
        Ok(decided) => decided,
        Err(refusal) => {
            let current = load(&state, &prepay_id).await?.map(|(o, _)| o).unwrap_or(order);
            tracing::info!(prepay_id, ?refusal, "the simulated provider refused a decision");
            return Ok(html(StatusCode::CONFLICT, current.return_url.as_deref(), settled(&current, Some(refusal))));
        }
    };
    tracing::info!(
        prepay_id,
        outcome = crate::payments::order::outcome_str(outcome),
        "payer decided at the simulated provider"
    );
    sim::spawn_delivery(state.clone(), decided.notify_id);
    if let Some(url) = decided.return_url {
        let location = HeaderValue::from_str(&url).map_err(|e| ApiError::internal(format!("location: {e}")))?;
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response());
    }
    let wants_html =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("text/html"));
    if wants_html {
        let current = load(&state, &prepay_id).await?.map(|(o, _)| o).unwrap_or(order);
        return Ok(html(StatusCode::OK, None, settled(&current, None)));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
