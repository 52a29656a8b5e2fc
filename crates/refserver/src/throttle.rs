//! Throttling guesses: a wrong holder name, SMS code, WeChat code or ticket is counted against
//! whoever guessed (the customer, the client address, the phone), and once one of them reaches
//! its hourly limit every further attempt in that scope answers 429 with `Retry-After`, before
//! the guess is looked at, so a throttled guesser learns nothing, not even from a right guess.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};

/// Failures are counted over this window.
pub const WINDOW_S: i64 = 3600;

/// Who guessed, and how many wrong guesses they get per window.
#[derive(Debug, Clone)]
pub struct Guesser {
    key: String,
    limit: i64,
}

impl Guesser {
    pub fn customer(id: i64, limit: i64) -> Guesser {
        Guesser { key: format!("customer:{id}"), limit }
    }

    pub fn ip(ip: &str, limit: i64) -> Guesser {
        Guesser { key: format!("ip:{ip}"), limit }
    }

    pub fn phone(phone: &str, limit: i64) -> Guesser {
        Guesser { key: format!("phone:{phone}"), limit }
    }
}

/// 429 when any of `guessers` has used up its wrong guesses in `scope`; `Retry-After` is when
/// the oldest counted one leaves the window.
pub fn check(conn: &Connection, scope: &str, guessers: &[Guesser], now: i64) -> ApiResult<()> {
    let mut wait = 0;
    for guesser in guessers {
        let oldest_counted: Option<i64> = conn
            .query_row(
                "SELECT at FROM failed_guesses WHERE scope = ?1 AND key = ?2 AND at > ?3
                 ORDER BY at DESC LIMIT 1 OFFSET ?4",
                params![scope, guesser.key, now - WINDOW_S, guesser.limit - 1],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(at) = oldest_counted {
            wait = wait.max(at + WINDOW_S - now);
        }
    }
    if wait > 0 {
        Err(limited(wait, "too many wrong attempts; wait before trying again"))
    } else {
        Ok(())
    }
}

/// Counts one wrong guess against each of `guessers`. Call in a transaction that commits
/// even though the request is refused.
pub fn record(conn: &Connection, scope: &str, guessers: &[Guesser], now: i64) -> ApiResult<()> {
    conn.execute("DELETE FROM failed_guesses WHERE at <= ?1", [now - WINDOW_S])?;
    for guesser in guessers {
        conn.execute(
            "INSERT INTO failed_guesses (scope, key, at) VALUES (?1, ?2, ?3)",
            params![scope, guesser.key, now],
        )?;
    }
    Ok(())
}

/// Counts the wrong guess, commits what the attempt changed (a code's attempts), and refuses.
pub fn refuse<T>(
    tx: rusqlite::Transaction<'_>,
    scope: &str,
    guessers: &[Guesser],
    now: i64,
    refusal: ApiError,
) -> ApiResult<T> {
    record(&tx, scope, guessers, now)?;
    tx.commit()?;
    Err(refusal)
}

/// The 429 answer: wait `wait_s` (at least a second) before asking again.
pub fn limited(wait_s: i64, message: &'static str) -> ApiError {
    ApiError::RateLimited { retry_after_s: wait_s.clamp(1, u32::MAX as i64) as u32, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn the_limit_is_met_after_that_many_failures_and_lifts_as_they_age() {
        let db = Db::open_in_memory().expect("db");
        let who = [Guesser::customer(1, 3), Guesser::ip("10.0.0.1", 10)];
        db.with_conn(|c| {
            for at in [100, 200, 300] {
                assert!(check(c, "bind", &who, at).is_ok(), "under the limit at {at}");
                record(c, "bind", &who, at).expect("recorded");
            }
            match check(c, "bind", &who, 400) {
                Err(ApiError::RateLimited { retry_after_s, .. }) => assert_eq!(retry_after_s, 100 + 3600 - 400),
                other => panic!("limited: {other:?}"),
            }
            assert!(check(c, "sign_in", &who, 400).is_ok(), "scopes are counted apart");
            assert!(check(c, "bind", &[Guesser::customer(2, 3)], 400).is_ok(), "guessers are counted apart");
            assert!(check(c, "bind", &who, 100 + 3600).is_ok(), "the oldest failure left the window");
        })
        .expect("lock");
    }
}
