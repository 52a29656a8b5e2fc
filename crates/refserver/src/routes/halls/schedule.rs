//! What booking needs to know of a hall: its hours, a day's slot starts, and the checks a booking must pass.

use contract::{Date, DayHours, FieldCode, FieldError, HallId, ServiceCode, Timestamp};
use rusqlite::{params, Connection, OptionalExtension};

use super::{BOOKING_DAYS, SLOT_S};
use crate::error::{ApiError, ApiResult};

/// What booking needs to know about a hall.
pub struct HallRow {
    pub id: HallId,
    pub slot_capacity: i64,
    pub weekly_hours: Vec<Option<DayHours>>,
}

/// The weekly pattern as stored: 7 entries Monday..Sunday, each null or `["08:30","17:00"]`.
pub(super) fn weekly_hours(stored: &str) -> ApiResult<Vec<Option<DayHours>>> {
    let days: Vec<Option<(String, String)>> = serde_json::from_str(stored)?;
    if days.len() != 7 {
        return Err(ApiError::internal(format!("stored weekly hours have {} days", days.len())));
    }
    Ok(days.into_iter().map(|day| day.map(|(open, close)| DayHours { open, close })).collect())
}

/// `HH:MM` → seconds after midnight.
fn seconds_of(hhmm: &str) -> ApiResult<i64> {
    let invalid = || ApiError::internal(format!("stored opening time {hhmm:?} is invalid"));
    let (h, m) = hhmm.split_once(':').ok_or_else(invalid)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| invalid())?, m.parse().map_err(|_| invalid())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) {
        return Err(invalid());
    }
    Ok(h * 3600 + m * 60)
}

pub fn hall_row(conn: &Connection, id: HallId) -> ApiResult<Option<HallRow>> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT slot_capacity, weekly_hours FROM halls WHERE id = ?1")?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(slot_capacity, hours)| Ok(HallRow { id, slot_capacity, weekly_hours: weekly_hours(&hours)? })).transpose()
}

/// The starts of a day's slots: every 30 minutes from opening while the slot ends by closing;
/// none on a closed weekday or a closure day.
pub fn slot_starts(conn: &Connection, hall: &HallRow, day: Date) -> ApiResult<Vec<Timestamp>> {
    let Some(hours) = &hall.weekly_hours[usize::from(day.weekday())] else {
        return Ok(Vec::new());
    };
    let closed: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM hall_closures WHERE hall_id = ?1 AND day = ?2)")?
        .query_row(params![hall.id.0, day.to_string()], |r| r.get(0))?;
    if closed {
        return Ok(Vec::new());
    }
    let (open, close) = (seconds_of(&hours.open)?, seconds_of(&hours.close)?);
    let start = day.start();
    Ok((0..)
        .map(|i| open + i * SLOT_S)
        .take_while(|offset| offset + SLOT_S <= close)
        .map(|offset| start.plus_seconds(offset))
        .collect())
}

/// The last day of the booking window.
pub fn last_bookable_day(today: Date) -> Date {
    today.add_days(BOOKING_DAYS - 1)
}

/// `starts_at` must be the start of a slot of an open day in the window that has not begun yet.
pub fn check_slot(conn: &Connection, hall: &HallRow, starts_at: Timestamp, now: Timestamp) -> ApiResult<()> {
    let day = Date::of(starts_at);
    let today = Date::of(now);
    let bookable =
        starts_at > now && day <= last_bookable_day(today) && slot_starts(conn, hall, day)?.contains(&starts_at);
    if bookable {
        Ok(())
    } else {
        Err(ApiError::field(FieldError::new(
            "starts_at",
            FieldCode::OutOfRange,
            "starts_at must be the start of a future slot within opening hours in the next 14 days",
        )))
    }
}

/// 422 on `service` unless the hall offers it.
pub fn require_offered(conn: &Connection, hall: HallId, service: &ServiceCode) -> ApiResult<()> {
    let offered: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM hall_services WHERE hall_id = ?1 AND service_code = ?2)")?
        .query_row(params![hall.0, service.as_str()], |r| r.get(0))?;
    if offered {
        Ok(())
    } else {
        Err(ApiError::field(FieldError::new("service", FieldCode::OutOfRange, "this hall does not offer that service")))
    }
}

/// Whether `hall` is open at `now`: within its hours that weekday (China time), and not one
/// of its closed days.
pub fn open_at(hall: &contract::Hall, now: contract::Timestamp) -> bool {
    let day = Date::of(now);
    if hall.closures.iter().any(|c| c.day == day) {
        return false;
    }
    let Some(Some(hours)) = hall.weekly_hours.get(usize::from(day.weekday())) else {
        return false;
    };
    let since_midnight = now.unix_seconds() - day.start().unix_seconds();
    match (seconds_of(&hours.open), seconds_of(&hours.close)) {
        (Ok(open), Ok(close)) => (open..close).contains(&since_midnight),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hall(closures: Vec<contract::Closure>) -> contract::Hall {
        let weekday = Some(DayHours { open: "08:30".into(), close: "17:30".into() });
        contract::Hall {
            id: HallId(1),
            name: "宿城区供电营业厅".into(),
            city: "宿迁市".into(),
            area: "宿城区".into(),
            address: "幸福中路126号".into(),
            phone: "0527-84301001".into(),
            latitude_e6: 0,
            longitude_e6: 0,
            weekly_hours: vec![weekday.clone(), weekday.clone(), weekday.clone(), weekday.clone(), weekday, None, None],
            closures,
            services: Vec::new(),
            open_now: false,
            queue_length: 6,
            expected_wait_minutes: 36,
            satisfaction: None,
        }
    }

    /// `hh:mm` China time on `day`.
    fn at(day: Date, hh: i64, mm: i64) -> Timestamp {
        Timestamp(day.start().unix_seconds() + hh * 3600 + mm * 60)
    }

    #[test]
    fn a_hall_is_open_within_its_hours_on_its_days_only() {
        let monday = Date::parse("2026-12-07").expect("date");
        assert_eq!(monday.weekday(), 0);
        let h = hall(Vec::new());
        assert!(!open_at(&h, at(monday, 3, 0)), "3 a.m.");
        assert!(!open_at(&h, at(monday, 8, 29)));
        assert!(open_at(&h, at(monday, 8, 30)), "opening time");
        assert!(open_at(&h, at(monday, 17, 29)));
        assert!(!open_at(&h, at(monday, 17, 30)), "closing time");
        assert!(!open_at(&h, at(monday.add_days(5), 10, 0)), "Saturday has no hours");
        let closed = hall(vec![contract::Closure { day: monday, reason: "设备检修".into() }]);
        assert!(!open_at(&closed, at(monday, 10, 0)), "a closed day");
        assert!(open_at(&closed, at(monday.add_days(1), 10, 0)), "the day after it");
    }
}
