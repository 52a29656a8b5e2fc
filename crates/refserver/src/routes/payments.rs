//! Online payment: what an account can pay, payment orders (created once per
//! `Idempotency-Key`), their status, cancelling, the account's payment history, and the
//! providers' signed notifications.

use axum::body::{Body as RawBody, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    AccountKind, AccountNo, CreateOrderRequest, ErrorCode, Fen, FieldCode, FieldError, NotificationAck, Order, OrderNo,
    OrderPurpose, PayAction, PayChannel, PaymentNotification, PaymentOptions, Provider,
};
use rusqlite::{params, Connection, ErrorCode as SqliteCode, OptionalExtension, TransactionBehavior};
use url::Url;

use super::accounts::bound_account;
use crate::error::{ApiError, ApiResult};
use crate::extract::{self, Body, SignedIn};
use crate::payments::idempotency::{self, Begun, InFlight};
use crate::payments::order::{self, purpose_str, Decision, ORDER_TTL_S};
use crate::payments::sign;
use crate::payments::sim::{self, UnifiedOrder};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/{account_no}/payment-options", get(options))
        .route("/accounts/{account_no}/payments", get(history))
        .route("/payments/orders", post(create))
        .route("/payments/orders/{order_no}", get(one))
        .route("/payments/orders/{order_no}/cancel", post(cancel))
        .route("/payments/notify/{provider}", post(notify))
}

fn order_no(raw: &str) -> ApiResult<OrderNo> {
    OrderNo::parse(raw)
        .map_err(|e| ApiError::field(e.for_field("order_no", "an order number like P20261130100000A7K2")))
}

/// 404 unless the account is bound to the customer.
async fn require_bound(state: &AppState, customer_id: i64, account_no: &AccountNo) -> ApiResult<()> {
    let account_no = account_no.clone();
    state.db.call(move |conn| bound_account(conn, customer_id, &account_no).map(|_| ())).await
}

async fn options(
    State(state): State<AppState>,
    session: SignedIn,
    Path(raw): Path<String>,
) -> ApiResult<Json<PaymentOptions>> {
    let account_no = extract::account_no(&raw)?;
    let customer_id = session.customer_id;
    require_bound(&state, customer_id, &account_no).await?;
    order::refresh_account(&state, &account_no).await?;
    let channels = state.settings.payment_channels.clone();
    let options = state
        .db
        .call(move |conn| {
            let account = bound_account(conn, customer_id, &account_no)?;
            let open_order = order::pending_for_account(conn, &account_no)?.map(|o| o.into_order()).transpose()?;
            Ok(match account.kind {
                AccountKind::Postpaid => {
                    let (owed, _) = order::unpaid_bills(conn, &account_no)?;
                    PaymentOptions {
                        account_no,
                        purpose: OrderPurpose::Arrears,
                        default_amount: owed,
                        min_amount: owed,
                        max_amount: owed,
                        presets: Vec::new(),
                        channels,
                        open_order,
                    }
                }
                AccountKind::Prepaid => PaymentOptions {
                    account_no,
                    purpose: OrderPurpose::TopUp,
                    default_amount: order::TOP_UP_DEFAULT,
                    min_amount: order::TOP_UP_MIN,
                    max_amount: order::TOP_UP_MAX,
                    presets: order::TOP_UP_PRESETS.to_vec(),
                    channels,
                    open_order,
                },
            })
        })
        .await?;
    Ok(Json(options))
}

async fn history(
    State(state): State<AppState>,
    session: SignedIn,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<Order>>> {
    let account_no = extract::account_no(&raw)?;
    require_bound(&state, session.customer_id, &account_no).await?;
    order::refresh_account(&state, &account_no).await?;
    let orders = state
        .db
        .call(move |conn| order::list_for_account(conn, &account_no)?.into_iter().map(|o| o.into_order()).collect())
        .await?;
    Ok(Json(orders))
}

async fn one(State(state): State<AppState>, session: SignedIn, Path(raw): Path<String>) -> ApiResult<Json<Order>> {
    let order_no = order_no(&raw)?;
    let customer_id = session.customer_id;
    let lookup = order_no.clone();
    let row = state.db.call(move |conn| order::load_scoped(conn, customer_id, &lookup)).await?;
    // No notification may ever come: ask the provider, and apply what it says.
    order::refresh(&state, &row).await?;
    let row = state.db.call(move |conn| order::load_scoped(conn, customer_id, &order_no)).await?;
    Ok(Json(row.into_order()?))
}

async fn cancel(State(state): State<AppState>, session: SignedIn, Path(raw): Path<String>) -> ApiResult<Json<Order>> {
    let order_no = order_no(&raw)?;
    let customer_id = session.customer_id;
    let lookup = order_no.clone();
    let row = state.db.call(move |conn| order::load_scoped(conn, customer_id, &lookup)).await?;
    order::cancel(&state, &row).await?;
    let row = state.db.call(move |conn| order::load_scoped(conn, customer_id, &order_no)).await?;
    Ok(Json(row.into_order()?))
}

/// The origin this server is reached at, from its settings (never from `Host`).
fn public_origin(state: &AppState) -> Option<url::Origin> {
    state.settings.public_origin.as_deref().and_then(|o| Url::parse(o).ok()).map(|u| u.origin())
}

fn is_redirect(channel: PayChannel) -> bool {
    matches!(channel, PayChannel::WechatH5 | PayChannel::Alipay | PayChannel::Unionpay)
}

/// The return URL as stored: required for redirect channels, and always on the server's
/// public origin or a configured portal origin, so the provider can only send the payer back to us.
pub fn check_return_url(
    raw: Option<&str>,
    channel: PayChannel,
    public_origin: Option<&url::Origin>,
    portal_origins: &[String],
) -> ApiResult<Option<String>> {
    let Some(raw) = raw else {
        return if is_redirect(channel) {
            Err(ApiError::field(FieldError::new(
                "return_url",
                FieldCode::Required,
                "return_url is required for a channel that leaves the portal",
            )))
        } else {
            Ok(None)
        };
    };
    let refused = || {
        ApiError::RefusedField(
            ErrorCode::ReturnUrlRefused,
            "return_url must be an address of the portal",
            FieldError::new(
                "return_url",
                FieldCode::InvalidFormat,
                "return_url must be an http(s) address on this site or a configured portal origin",
            ),
        )
    };
    let url = Url::parse(raw).map_err(|_| refused())?;
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
        return Err(refused());
    }
    let origin = url.origin();
    let allowed = public_origin == Some(&origin)
        || portal_origins.iter().filter_map(|o| Url::parse(o).ok()).any(|o| o.origin() == origin);
    if !allowed {
        return Err(refused());
    }
    Ok(is_redirect(channel).then(|| url.to_string()))
}

/// What an order for this account, amount and channel will be, or why there can be none.
struct Plan {
    purpose: OrderPurpose,
    bills: Vec<i64>,
    description: String,
    openid: Option<String>,
}

fn plan(
    conn: &Connection,
    customer_id: i64,
    account_no: &AccountNo,
    amount: Fen,
    channel: PayChannel,
    demo: bool,
) -> ApiResult<Plan> {
    let account = bound_account(conn, customer_id, account_no)?;
    let (purpose, bills) = match account.kind {
        AccountKind::Postpaid => {
            let (owed, bills) = order::unpaid_bills(conn, account_no)?;
            if owed.0 <= 0 {
                return Err(ApiError::Refused(ErrorCode::NothingToPay, "this account owes nothing"));
            }
            if amount != owed {
                return Err(ApiError::RefusedField(
                    ErrorCode::AmountNotAccepted,
                    "arrears are paid whole: the amount must be the whole amount owed",
                    FieldError::new(
                        "amount",
                        FieldCode::OutOfRange,
                        format!("amount must be {} fen, the whole amount owed", owed.0),
                    ),
                ));
            }
            (OrderPurpose::Arrears, bills)
        }
        AccountKind::Prepaid => {
            if amount < order::TOP_UP_MIN || amount > order::TOP_UP_MAX {
                return Err(ApiError::RefusedField(
                    ErrorCode::AmountNotAccepted,
                    "a top-up must be within the limits",
                    FieldError::new(
                        "amount",
                        FieldCode::OutOfRange,
                        format!("amount must be {} to {} fen", order::TOP_UP_MIN.0, order::TOP_UP_MAX.0),
                    ),
                ));
            }
            (OrderPurpose::TopUp, Vec::new())
        }
    };
    if order::pending_for_account(conn, account_no)?.is_some() {
        return Err(ApiError::Rejected(
            ErrorCode::OrderOpen,
            "this account already has a pending order; continue or cancel it first",
        ));
    }
    let openid = if channel == PayChannel::WechatJsapi {
        let linked: Option<String> = conn
            .query_row("SELECT openid FROM wechat_links WHERE customer_id = ?1", [customer_id], |r| r.get(0))
            .optional()?;
        match linked {
            Some(openid) => Some(openid),
            // The demo's WeChat browser is simulated too: any customer may play a WeChat user.
            None if demo => Some(format!("demo-openid-{customer_id}")),
            None => {
                return Err(ApiError::Refused(
                    ErrorCode::ChannelUnavailable,
                    "paying inside WeChat needs a WeChat sign-in first",
                ))
            }
        }
    } else {
        None
    };
    let description = match purpose {
        OrderPurpose::Arrears => format!("电费缴纳 {account_no}"),
        OrderPurpose::TopUp => format!("电费预存 {account_no}"),
    };
    Ok(Plan { purpose, bills, description, openid })
}

async fn create(
    State(state): State<AppState>,
    session: SignedIn,
    headers: HeaderMap,
    Body(request): Body<CreateOrderRequest>,
) -> ApiResult<Response> {
    let key = idempotency::parse_key(&headers)?;
    let hash = idempotency::request_hash(&request)?;
    let customer_id = session.customer_id;
    let now = state.clock.now().unix_seconds();
    let (k, h) = (key.clone(), hash);
    let begun = state.db.call(move |conn| idempotency::begin(conn, customer_id, &k, &h, now)).await?;
    if let Begun::Replay { status, body } = begun {
        return Ok(idempotency::replay(status, body));
    }
    let in_flight = InFlight::new(state.db.clone(), customer_id, key.clone());
    let origin = public_origin(&state);
    match place_order(&state, customer_id, request, origin, key.clone()).await {
        Ok(body) => {
            in_flight.done();
            Ok((StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], body).into_response())
        }
        Err(error) => {
            let response = error.into_response();
            if response.status().is_server_error() {
                // Our failure, not the request's: forget the key so a retry can succeed.
                state.db.call(move |conn| idempotency::release(conn, customer_id, &key)).await?;
                in_flight.done();
                return Ok(response);
            }
            // A refusal is the answer to this request: a repeat gets it again.
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, 64 * 1024)
                .await
                .map_err(|e| ApiError::internal(format!("error body: {e}")))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let status = parts.status;
            state.db.call(move |conn| idempotency::finish(conn, customer_id, &key, status, &text)).await?;
            in_flight.done();
            Ok(Response::from_parts(parts, RawBody::from(bytes)))
        }
    }
}

/// Validates, places the order with the provider, and stores it with its answer; returns the
/// answer's body (the order as JSON).
async fn place_order(
    state: &AppState,
    customer_id: i64,
    request: CreateOrderRequest,
    origin: Option<url::Origin>,
    key: String,
) -> ApiResult<String> {
    let account_no = request.parse().map_err(ApiError::Validation)?;
    let (channel, amount) = (request.channel, request.amount);
    if !state.settings.payment_channels.contains(&channel) {
        return Err(ApiError::Refused(ErrorCode::ChannelUnavailable, "this payment channel is not accepted here"));
    }
    let return_url =
        check_return_url(request.return_url.as_deref(), channel, origin.as_ref(), &state.settings.portal_origins)?;
    require_bound(state, customer_id, &account_no).await?;
    // A pending order whose time is up, or that the payer already decided, must not block this one.
    order::refresh_account(state, &account_no).await?;
    let demo = state.settings.demo;
    let planned = {
        let account_no = account_no.clone();
        state.db.call(move |conn| plan(conn, customer_id, &account_no, amount, channel, demo)).await?
    };
    let cashier_origin = match (is_redirect(channel), &origin) {
        (true, None) => return Err(ApiError::internal("no public origin is configured for cashier links")),
        (_, origin) => origin.as_ref().map(url::Origin::ascii_serialization),
    };
    let now = state.clock.now();
    let order_no = order::new_order_no(now);
    let expires_at = now.plus_seconds(ORDER_TTL_S);
    let prepay_id = sim::unified_order(
        state,
        UnifiedOrder {
            provider: channel.provider(),
            order_no: order_no.clone(),
            amount,
            description: planned.description,
            payer_openid: planned.openid,
            return_url: return_url.clone(),
            expires_at,
        },
    )
    .await?;
    let action = match channel {
        PayChannel::WechatJsapi => {
            let nonce = super::auth::random_hex(16);
            PayAction::WechatJsapi {
                params: sign::jsapi_params(&state.settings.merchant, &prepay_id, now.unix_seconds(), &nonce),
            }
        }
        PayChannel::WechatNative => PayAction::QrCode { code_url: format!("weixin://wxpay/bizpayurl?pr={prepay_id}") },
        PayChannel::WechatH5 | PayChannel::Alipay | PayChannel::Unionpay => PayAction::Redirect {
            url: format!("{}{}/demo/paysim/{prepay_id}", cashier_origin.unwrap_or_default(), contract::API_PREFIX),
        },
    };
    let action = serde_json::to_string(&action)?;
    let stored_prepay_id = prepay_id.clone();
    let inserted = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Checked again against what is true now, in the transaction that inserts.
            let planned = plan(&tx, customer_id, &account_no, amount, channel, demo)?;
            let insert = tx.execute(
                "INSERT INTO payment_orders (order_no, customer_id, account_no, purpose, amount_fen, channel, status,
                     return_url, prepay_id, created_at, expires_at, action)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9, ?10, ?11)",
                params![
                    order_no.as_str(),
                    customer_id,
                    account_no.as_str(),
                    purpose_str(planned.purpose),
                    amount.0,
                    channel.as_str(),
                    return_url,
                    stored_prepay_id,
                    now.unix_seconds(),
                    expires_at.unix_seconds(),
                    action
                ],
            );
            match insert {
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == SqliteCode::ConstraintViolation => {
                    return Err(ApiError::Rejected(
                        ErrorCode::OrderOpen,
                        "this account already has a pending order; continue or cancel it first",
                    ))
                }
                Err(e) => return Err(e.into()),
            }
            for bill in &planned.bills {
                tx.execute(
                    "INSERT INTO payment_order_bills (order_no, bill_id) VALUES (?1, ?2)",
                    params![order_no.as_str(), bill],
                )?;
            }
            let order = order::load(&tx, order_no.as_str())?
                .ok_or_else(|| ApiError::internal("the order just inserted is missing"))?
                .into_order()?;
            let body = serde_json::to_string(&order)?;
            idempotency::finish(&tx, customer_id, &key, StatusCode::CREATED, &body)?;
            tx.commit()?;
            tracing::info!(
                order_no = order.order_no.as_str(),
                amount = amount.0,
                channel = channel.as_str(),
                "order created"
            );
            Ok(body)
        })
        .await;
    if inserted.is_err() {
        // No order here, so none may be paid there.
        if let Err(e) = sim::close(&state.db, &prepay_id).await {
            tracing::error!(prepay_id, ?e, "could not close the provider's order of a refused request");
        }
    }
    inserted
}

/// A provider's asynchronous notification. Verified by signature before anything is read;
/// applied at most once per order; a repeat (same `notify_id`, or an order already final)
/// is only acknowledged.
async fn notify(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<NotificationAck>> {
    let provider = Provider::parse(&raw).ok_or(ApiError::NotFound)?;
    let signature = headers.get("x-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !sign::verify_notify(&state.settings.merchant, provider, &body, signature) {
        tracing::warn!(provider = provider.as_str(), "notification refused: signature missing or wrong");
        return Err(ApiError::BadSignature);
    }
    let notification: PaymentNotification =
        serde_json::from_slice(&body).map_err(|e| ApiError::Malformed(format!("not a payment notification: {e}")))?;
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let seen: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM payment_notifications WHERE provider = ?1 AND notify_id = ?2)",
                params![provider.as_str(), notification.notify_id],
                |r| r.get(0),
            )?;
            if seen {
                tracing::debug!(notify_id = notification.notify_id, "repeated notification acknowledged");
                return Ok(());
            }
            let order = order::load(&tx, notification.order_no.as_str())?
                .filter(|o| o.channel.provider() == provider)
                .ok_or_else(|| {
                    tracing::warn!(
                        order_no = notification.order_no.as_str(),
                        "notification for an order this provider does not have"
                    );
                    ApiError::NotFound
                })?;
            let decision = Decision {
                outcome: notification.outcome,
                provider_txn: notification.provider_txn.clone(),
                amount: notification.amount,
                at: notification.at,
            };
            let effect = order::apply_outcome(&tx, &order, &decision, now)?;
            tx.execute(
                "INSERT INTO payment_notifications (provider, notify_id, order_no, outcome, effect, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    provider.as_str(),
                    notification.notify_id,
                    order.order_no.as_str(),
                    order::outcome_str(notification.outcome),
                    effect.as_str(),
                    now.unix_seconds()
                ],
            )?;
            tx.commit()?;
            tracing::info!(
                notify_id = notification.notify_id,
                order_no = order.order_no.as_str(),
                effect = effect.as_str(),
                "notification taken in"
            );
            Ok(())
        })
        .await?;
    Ok(Json(NotificationAck { ok: true }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(raw: &str) -> url::Origin {
        Url::parse(raw).expect("url").origin()
    }

    #[test]
    fn return_urls_must_be_on_the_public_origin_or_a_portal_origin() {
        let own = origin("http://127.0.0.1:8080");
        let portals = vec!["https://portal.example.cn".to_owned()];
        let check = |raw: &str| check_return_url(Some(raw), PayChannel::Alipay, Some(&own), &portals);
        assert!(check("http://127.0.0.1:8080/?from=pay#/pay/result").is_ok());
        assert!(check("https://portal.example.cn/#/pay/result").is_ok());
        assert!(check("https://PORTAL.example.cn:443/x").is_ok(), "case and default port");
        for foreign in [
            "https://127.0.0.1:8080/",
            "http://127.0.0.1:8081/",
            "http://portal.example.cn/",
            "http://127.0.0.1:8080@evil.example/",
            "http://user@127.0.0.1:8080/",
            "javascript:alert(1)",
            "/relative",
            "//evil.example/",
        ] {
            assert!(check(foreign).is_err(), "{foreign} must be refused");
        }
        assert!(check_return_url(None, PayChannel::Unionpay, Some(&own), &portals).is_err(), "required to leave");
        assert_eq!(check_return_url(None, PayChannel::WechatNative, Some(&own), &portals).ok(), Some(None));
        assert!(check_return_url(Some("http://evil.example/"), PayChannel::WechatNative, Some(&own), &portals).is_err());
        assert!(check_return_url(Some("http://127.0.0.1:8080/"), PayChannel::Alipay, None, &[]).is_err(), "no origin");
    }
}
