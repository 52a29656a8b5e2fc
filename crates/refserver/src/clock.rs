//! The server's clock. Seed data is dated relative to "today" and sessions and
//! codes expire, so tests need to set and move time; production reads the system clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use contract::{Date, Timestamp};

#[derive(Clone, Debug)]
pub struct Clock {
    /// Seconds added to the system time (system clock) or the fixed instant (fixed clock).
    offset_s: Arc<AtomicI64>,
    fixed: bool,
}

fn system_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl Clock {
    /// The real time.
    pub fn system() -> Clock {
        Clock { offset_s: Arc::new(AtomicI64::new(0)), fixed: false }
    }

    /// Real time running, but shifted so that today is `today` in China.
    pub fn system_from(today: Date) -> Clock {
        let clock = Clock::system();
        let shift = (today.to_days() - Date::of(clock.now()).to_days()) * 86_400;
        clock.offset_s.store(shift, Ordering::SeqCst);
        clock
    }

    /// Time stands still at `at` until [`Clock::advance`] moves it.
    pub fn fixed(at: Timestamp) -> Clock {
        Clock { offset_s: Arc::new(AtomicI64::new(at.unix_seconds())), fixed: true }
    }

    pub fn now(&self) -> Timestamp {
        let offset = self.offset_s.load(Ordering::SeqCst);
        Timestamp(if self.fixed { offset } else { system_now() + offset })
    }

    pub fn today(&self) -> Date {
        Date::of(self.now())
    }

    /// Moves time forward (tests of expiry, cooldowns and rate limits).
    pub fn advance(&self, seconds: i64) {
        self.offset_s.fetch_add(seconds, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start = Timestamp::parse("2026-11-30T09:00:00+08:00").expect("valid");
        let clock = Clock::fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(90);
        assert_eq!(clock.now(), start.plus_seconds(90));
        assert_eq!(clock.today().to_string(), "2026-11-30");
    }

    #[test]
    fn shifted_system_clock_lands_on_the_requested_day() {
        let today = Date::parse("2030-02-28").expect("valid");
        assert_eq!(Clock::system_from(today).today(), today);
    }
}
