//! An iCalendar (.ics) event for an appointment. Times are written in UTC (`Z`),
//! computed from the appointment's instant, so the event lands at the right hour
//! whatever the phone's time zone. The portal makes it on the phone and the server
//! behind a download link (inside WeChat): both call [`appointment_calendar`].

use crate::download::Language;
use crate::{Appointment, Date, Timestamp};

fn utc(at: Timestamp) -> String {
    let seconds = at.unix_seconds();
    let day = Date::from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", day.year(), day.month(), day.day(), s / 3600, (s % 3600) / 60, s % 60)
}

/// Escapes text for an iCalendar property value.
fn text(value: &str) -> String {
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

pub struct Event<'a> {
    pub uid: &'a str,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub stamp: Timestamp,
}

pub fn calendar(event: &Event<'_>) -> String {
    [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".into(),
        "PRODID:-//portal//appointments//ZH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", text(event.uid)),
        format!("DTSTAMP:{}", utc(event.stamp)),
        format!("DTSTART:{}", utc(event.starts_at)),
        format!("DTEND:{}", utc(event.ends_at)),
        format!("SUMMARY:{}", text(event.summary)),
        format!("LOCATION:{}", text(event.location)),
        format!("DESCRIPTION:{}", text(event.description)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
        String::new(),
    ]
    .join("\r\n")
}

/// The calendar file of an appointment in `lang`: hall and service, the hall's
/// address, what to bring; `stamp` is when the file is made.
pub fn appointment_calendar(appointment: &Appointment, lang: Language, stamp: Timestamp) -> String {
    let description: Vec<&str> = appointment.checklist.iter().map(|c| c.in_language(lang)).collect();
    let summary = format!("{} · {}", appointment.hall_name, appointment.service_name.in_language(lang));
    calendar(&Event {
        uid: &format!("{}@portal", appointment.code),
        starts_at: appointment.starts_at,
        ends_at: appointment.ends_at,
        summary: &summary,
        location: &appointment.hall_address,
        description: &description.join("\n"),
        stamp,
    })
}

/// The name a saved calendar file gets.
pub fn appointment_filename(appointment: &Appointment) -> String {
    format!("appointment-{}.ics", appointment.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_from_the_china_instant() {
        let starts = Timestamp::parse("2026-12-01T09:30:00+08:00").expect("valid");
        let ics = calendar(&Event {
            uid: "QS7K2P@portal",
            starts_at: starts,
            ends_at: starts.plus_seconds(1800),
            summary: "营业厅预约, 电能表校验",
            location: "宿迁市宿城区幸福中路126号",
            description: "带身份证",
            stamp: starts,
        });
        assert!(ics.contains("DTSTART:20261201T013000Z\r\n"));
        assert!(ics.contains("DTEND:20261201T020000Z\r\n"));
        assert!(ics.contains("SUMMARY:营业厅预约\\, 电能表校验\r\n"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }
}
