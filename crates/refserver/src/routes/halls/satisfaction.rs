//! A hall's satisfaction rate, from the ratings of visits to it.

use contract::{HallId, Satisfaction, Timestamp};
use rusqlite::{params, Connection};

use crate::error::ApiResult;

/// Ratings count towards a hall's satisfaction rate for this long after they are given.
pub const SATISFACTION_WINDOW_S: i64 = 90 * 86_400;

/// `satisfied` of `total` in per mille, rounded half up (962.5 ‰ is 963 ‰); `None` without ratings.
pub fn satisfaction_of(satisfied: u32, total: u32) -> Option<Satisfaction> {
    (total > 0).then(|| {
        let (s, t) = (u64::from(satisfied.min(total)), u64::from(total));
        let permille = (s * 2000 + t) / (2 * t);
        Satisfaction { satisfied_permille: u32::try_from(permille).unwrap_or(1000), ratings: total }
    })
}

/// A hall's satisfaction rate at one moment, and until when it stays the same if no rating
/// is stored meanwhile: the next moment a counted rating leaves the 90 days, or a later-dated one
/// enters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rate {
    pub(super) satisfaction: Option<Satisfaction>,
    /// The rate holds for `from <= now < until` (unix seconds).
    pub(super) from: i64,
    pub(super) until: i64,
}

/// The hall's satisfaction rate: the share of 满意 and 非常满意 among the ratings of visits to it
/// given in the 90 days up to `now`.
pub(super) fn satisfaction(conn: &Connection, hall: HallId, now: Timestamp) -> ApiResult<Rate> {
    let now = now.unix_seconds();
    let (total, satisfied, oldest): (i64, i64, Option<i64>) = conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(level IN ('very_satisfied', 'satisfied')), 0), MIN(created_at) FROM ratings
             WHERE hall_id = ?1 AND kind = 'visit' AND created_at > ?2 AND created_at <= ?3",
        )?
        .query_row(params![hall.0, now - SATISFACTION_WINDOW_S, now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let next: Option<i64> = conn
        .prepare_cached(
            "SELECT MIN(created_at) FROM ratings WHERE hall_id = ?1 AND kind = 'visit' AND created_at > ?2",
        )?
        .query_row(params![hall.0, now], |r| r.get(0))?;
    let leaves = oldest.map(|at| at.saturating_add(SATISFACTION_WINDOW_S));
    let until = leaves.into_iter().chain(next).min().unwrap_or(i64::MAX);
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok(Rate { satisfaction: satisfaction_of(count(satisfied), count(total)), from: now, until })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn satisfaction_is_per_mille_rounded_half_up() {
        assert_eq!(satisfaction_of(0, 0), None);
        let rate = |s, t| satisfaction_of(s, t).map(|x| x.satisfied_permille);
        assert_eq!(rate(5, 7), Some(714)); // 714.28…
        assert_eq!(rate(2, 3), Some(667)); // 666.66…
        assert_eq!(rate(77, 80), Some(963)); // 962.5 rounds up
        assert_eq!(rate(1, 2000), Some(1)); // 0.5 rounds up
        assert_eq!(rate(0, 4), Some(0));
        assert_eq!(satisfaction_of(9, 9), Some(Satisfaction { satisfied_permille: 1000, ratings: 9 }));
    }
}
