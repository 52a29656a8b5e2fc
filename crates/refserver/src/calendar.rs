//! The official working calendar (statutory holidays and adjusted working
//! weekends, 调休) from the `working_calendar` table, for dates counted in
//! working days such as a follow-up's due date.

use std::collections::{HashMap, HashSet};

use contract::rating::{follow_up_due, ordinary_working_day};
use contract::Date;
use rusqlite::Connection;

/// The days that differ from Monday to Friday, and the years whose
/// arrangement is loaded in full. A few dozen rows a year: loaded whole.
pub struct Calendar {
    exceptions: HashMap<String, bool>,
    years: HashSet<i32>,
}

impl Calendar {
    pub fn load(conn: &Connection) -> rusqlite::Result<Calendar> {
        let mut statement = conn.prepare("SELECT day, working FROM working_calendar")?;
        // Keyed by the stored text: a `Date` prints as the same YYYY-MM-DD.
        let exceptions = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        let mut statement = conn.prepare("SELECT year FROM working_calendar_years")?;
        let years = statement.query_map([], |r| r.get::<_, i32>(0))?.collect::<rusqlite::Result<HashSet<_>>>()?;
        Ok(Calendar { exceptions, years })
    }

    /// Whether `day` is a working day: the official arrangement where there is
    /// one, otherwise Monday to Friday.
    pub fn is_working(&self, day: Date) -> bool {
        self.exceptions.get(&day.to_string()).copied().unwrap_or_else(|| ordinary_working_day(day))
    }

    /// A poor rating's follow-up due date, rated on `day`.
    pub fn follow_up_due(&self, day: Date) -> Date {
        let due = follow_up_due(day, |d| self.is_working(d));
        if !self.years.contains(&due.year()) {
            tracing::warn!(
                "no official holiday arrangement for {} is loaded: {due} counts Monday to Friday",
                due.year()
            );
        }
        due
    }
}

/// The follow-up due date of a rating made on `day`, by the stored calendar.
pub fn follow_up_due_on(conn: &Connection, day: Date) -> rusqlite::Result<Date> {
    Ok(Calendar::load(conn)?.follow_up_due(day))
}
