//! Creating a payment order: once per `Idempotency-Key`, placed with the provider, stored with
//! the exact answer a repeat gets again.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use contract::{CreateOrderRequest, PayAction, PayChannel};
use rusqlite::{params, ErrorCode as SqliteCode, TransactionBehavior};
use url::Url;

use super::plan::plan;
use super::return_url::{check_return_url, is_redirect};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, ClientIp, SignedIn};
use crate::idempotency::{self, Answer, IdempotencyKey, Keyed, Stored};
use crate::payments::order::{self, purpose_str, ORDER_TTL_S};
use crate::payments::sign;
use crate::payments::sim::{self, UnifiedOrder};
use crate::routes::payees::payee_of_order;
use crate::AppState;

/// The origin this server is reached at, from its settings (never from `Host`).
fn public_origin(state: &AppState) -> Option<url::Origin> {
    state.settings.public_origin.as_deref().and_then(|o| Url::parse(o).ok()).map(|u| u.origin())
}

pub(super) async fn create(
    State(state): State<AppState>,
    session: SignedIn,
    ClientIp(ip): ClientIp,
    key: IdempotencyKey,
    Body(request): Body<CreateOrderRequest>,
) -> ApiResult<Response> {
    let keyed = Keyed::new(key, session.customer_id, "POST /payments/orders", &request)?;
    let origin = public_origin(&state);
    idempotency::run(&state, keyed, |keyed| place_order(&state, session.customer_id, ip, request, origin, keyed)).await
}

/// Validates, places the order with the provider, and stores it with its answer (the order).
async fn place_order(
    state: &AppState,
    customer_id: i64,
    ip: String,
    request: CreateOrderRequest,
    origin: Option<url::Origin>,
    keyed: Keyed,
) -> ApiResult<Stored> {
    let account_no = request.parse().map_err(ApiError::Validation)?;
    let (channel, amount) = (request.channel, request.amount);
    if !state.settings.payment_channels.contains(&channel) {
        return Err(ApiError::ChannelUnavailable("this payment channel is not accepted here"));
    }
    let return_url = check_return_url(request.return_url.as_deref(), channel, &state.settings)?;
    // An account bound to the payer, or anyone's open account (代缴), looked up as /payees does.
    let payee = payee_of_order(state, customer_id, ip, &account_no).await?;
    let for_other = payee.is_some();
    // A pending order whose time is up, or that the payer already decided, must not block this one.
    order::refresh_account(state, &account_no).await?;
    let demo = state.settings.demo;
    let planned = {
        let account_no = account_no.clone();
        state.db.call(move |conn| plan(conn, customer_id, &account_no, for_other, amount, channel, demo)).await?
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
            let nonce = crate::routes::auth::random_hex(16);
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
            let planned = plan(&tx, customer_id, &account_no, for_other, amount, channel, demo)?;
            let insert = tx.execute(
                "INSERT INTO payment_orders (order_no, customer_id, account_no, purpose, amount_fen, channel, status,
                     return_url, prepay_id, created_at, expires_at, action, payee_name_masked)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9, ?10, ?11, ?12)",
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
                    action,
                    payee
                ],
            );
            match insert {
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == SqliteCode::ConstraintViolation => {
                    return Err(ApiError::OrderOpen)
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
            let stored = keyed.store(&tx, Answer::json(StatusCode::CREATED, &order)?)?;
            tx.commit()?;
            tracing::info!(
                order_no = order.order_no.as_str(),
                amount = amount.0,
                channel = channel.as_str(),
                "order created"
            );
            Ok(stored)
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
