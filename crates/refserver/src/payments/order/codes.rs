//! Order numbers, and the names statuses, purposes and outcomes are stored under.

use contract::{OrderNo, OrderPurpose, OrderStatus, ProviderOutcome, Timestamp};
use rand::Rng;

use crate::error::{ApiError, ApiResult};

const ORDER_SUFFIX_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// `P` + China time `yyyymmddHHMMSS` + 6 random upper-case letters and digits.
pub fn new_order_no(now: Timestamp) -> OrderNo {
    let stamp: String = now.to_string().chars().take(19).filter(char::is_ascii_digit).collect();
    let mut rng = rand::rng();
    let suffix: String =
        (0..6).map(|_| char::from(ORDER_SUFFIX_ALPHABET[rng.random_range(0..ORDER_SUFFIX_ALPHABET.len())])).collect();
    let no = format!("P{stamp}{suffix}");
    OrderNo::parse(&no).expect("P, 14 digits and 6 upper-case letters or digits make an order number")
}

pub fn status_str(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "pending",
        OrderStatus::Paid => "paid",
        OrderStatus::Failed => "failed",
        OrderStatus::Cancelled => "cancelled",
        OrderStatus::Expired => "expired",
    }
}

pub(super) fn status_from(raw: &str) -> ApiResult<OrderStatus> {
    Ok(match raw {
        "pending" => OrderStatus::Pending,
        "paid" => OrderStatus::Paid,
        "failed" => OrderStatus::Failed,
        "cancelled" => OrderStatus::Cancelled,
        "expired" => OrderStatus::Expired,
        other => return Err(ApiError::internal(format!("stored order status {other:?}"))),
    })
}

pub fn purpose_str(purpose: OrderPurpose) -> &'static str {
    match purpose {
        OrderPurpose::Arrears => "arrears",
        OrderPurpose::TopUp => "top_up",
    }
}

pub fn outcome_str(outcome: ProviderOutcome) -> &'static str {
    match outcome {
        ProviderOutcome::Paid => "paid",
        ProviderOutcome::Failed => "failed",
        ProviderOutcome::Cancelled => "cancelled",
    }
}

pub fn outcome_from(raw: &str) -> Option<ProviderOutcome> {
    [ProviderOutcome::Paid, ProviderOutcome::Failed, ProviderOutcome::Cancelled]
        .into_iter()
        .find(|o| outcome_str(*o) == raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_carry_china_time_and_a_random_suffix() {
        let now = Timestamp::parse("2026-11-30T10:00:00+08:00").expect("valid");
        let a = new_order_no(now);
        assert_eq!(a.as_str().len(), 21);
        assert!(a.as_str().starts_with("P20261130100000"), "{a}");
        assert_ne!(a, new_order_no(now), "the suffix differs");
    }
}
