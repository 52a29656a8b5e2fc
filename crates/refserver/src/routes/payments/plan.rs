//! What an order for an account, amount and channel will be, checked against what is true now.

use contract::{AccountKind, AccountNo, Fen, FieldCode, FieldError, OrderPurpose, PayChannel};
use rusqlite::{Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::payments::order;
use crate::routes::accounts::bound_account;
use crate::routes::payees::open_account;

/// What an order for this account, amount and channel will be, or why there can be none.
pub(super) struct Plan {
    pub(super) purpose: OrderPurpose,
    pub(super) bills: Vec<i64>,
    pub(super) description: String,
    pub(super) openid: Option<String>,
}

pub(super) fn plan(
    conn: &Connection,
    customer_id: i64,
    account_no: &AccountNo,
    for_other: bool,
    amount: Fen,
    channel: PayChannel,
    demo: bool,
) -> ApiResult<Plan> {
    // Someone else's account must still be open; an own one, still bound.
    let kind = if for_other {
        open_account(conn, account_no)?.ok_or(ApiError::NotFound)?.2
    } else {
        bound_account(conn, customer_id, account_no)?.kind
    };
    let (purpose, bills) = match kind {
        AccountKind::Postpaid => {
            let (owed, bills) = order::unpaid_bills(conn, account_no)?;
            if owed.0 <= 0 {
                return Err(ApiError::NothingToPay);
            }
            if amount != owed {
                return Err(ApiError::AmountNotAccepted {
                    message: "arrears are paid whole: the amount must be the whole amount owed",
                    field: FieldError::new(
                        "amount",
                        FieldCode::OutOfRange,
                        format!("amount must be {} fen, the whole amount owed", owed.0),
                    ),
                });
            }
            (OrderPurpose::Arrears, bills)
        }
        AccountKind::Prepaid => {
            if amount < order::TOP_UP_MIN || amount > order::TOP_UP_MAX {
                return Err(ApiError::AmountNotAccepted {
                    message: "a top-up must be within the limits",
                    field: FieldError::new(
                        "amount",
                        FieldCode::OutOfRange,
                        format!("amount must be {} to {} fen", order::TOP_UP_MIN.0, order::TOP_UP_MAX.0),
                    ),
                });
            }
            (OrderPurpose::TopUp, Vec::new())
        }
    };
    if order::pending_for_account(conn, account_no)?.is_some() {
        return Err(ApiError::OrderOpen);
    }
    let openid = if channel == PayChannel::WechatJsapi {
        let linked: Option<String> = conn
            .query_row("SELECT openid FROM wechat_links WHERE customer_id = ?1", [customer_id], |r| r.get(0))
            .optional()?;
        match linked {
            Some(openid) => Some(openid),
            // The demo's WeChat browser is simulated too: any customer may play a WeChat user.
            None if demo => Some(format!("demo-openid-{customer_id}")),
            None => return Err(ApiError::ChannelUnavailable("paying inside WeChat needs a WeChat sign-in first")),
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
