//! What the hall list keeps between requests instead of asking the database each time: the
//! halls as stored (hours, upcoming closures, services, queue) until one of their tables changes
//! or the day turns, and each hall's satisfaction rate until a rating is stored or the 90 days
//! move past one. Changes are seen through [`crate::db::Db::version`], read before the database
//! is, so nothing is kept under a version newer than what was read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use contract::{Date, Hall, HallId, Satisfaction, Timestamp};

use super::satisfaction::Rate;

#[derive(Clone, Default)]
pub struct HallCache {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    listing: RwLock<Option<Arc<Listing>>>,
    /// By hall id: the ratings' version a rate was computed under, and the rate.
    rates: Mutex<HashMap<i64, (u64, Rate)>>,
}

/// Every hall as `GET /halls` shows it, satisfaction left out, read under `version` on `today`.
pub(super) struct Listing {
    pub(super) version: u64,
    pub(super) today: Date,
    /// By id.
    pub(super) halls: Vec<Hall>,
    /// The codes of `GET /services`.
    pub(super) services: Vec<String>,
}

impl HallCache {
    /// The listing kept, if it was read under `version` today.
    pub(super) fn listing(&self, version: u64, today: Date) -> Option<Arc<Listing>> {
        let kept = self.inner.listing.read().unwrap_or_else(PoisonError::into_inner);
        kept.as_ref().filter(|l| l.version == version && l.today == today).cloned()
    }

    /// Keeps `listing` unless a later one (a later version or day) is kept already.
    pub(super) fn keep_listing(&self, listing: Arc<Listing>) {
        let mut kept = self.inner.listing.write().unwrap_or_else(PoisonError::into_inner);
        if kept.as_ref().is_none_or(|k| (k.version, k.today) <= (listing.version, listing.today)) {
            *kept = Some(listing);
        }
    }

    /// The satisfaction rates kept for `halls` that hold at `now` under the ratings' `version`;
    /// a hall without one is left out.
    pub(super) fn rates(&self, version: u64, now: Timestamp, halls: &[HallId]) -> HashMap<i64, Option<Satisfaction>> {
        let now = now.unix_seconds();
        let kept = self.inner.rates.lock().unwrap_or_else(PoisonError::into_inner);
        halls
            .iter()
            .filter_map(|hall| match kept.get(&hall.0) {
                Some((v, rate)) if *v == version && rate.from <= now && now < rate.until => {
                    Some((hall.0, rate.satisfaction))
                }
                _ => None,
            })
            .collect()
    }

    /// Keeps rates computed under the ratings' `version`.
    pub(super) fn keep_rates(&self, version: u64, rates: &[(HallId, Rate)]) {
        let mut kept = self.inner.rates.lock().unwrap_or_else(PoisonError::into_inner);
        for (hall, rate) in rates {
            if kept.get(&hall.0).is_none_or(|(v, _)| *v <= version) {
                kept.insert(hall.0, (version, *rate));
            }
        }
    }
}
