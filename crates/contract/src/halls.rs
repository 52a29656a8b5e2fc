//! Service halls (营业厅), their services, slots, and appointments.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError, FieldErrors};
use crate::guidance::NeedCode;
use crate::ids::{AccountNo, Phone};
use crate::time::{Date, Timestamp};

/// A text in both languages the portal speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    pub fn in_language(&self, lang: crate::download::Language) -> &str {
        match lang {
            crate::download::Language::Zh => &self.zh,
            crate::download::Language::En => &self.en,
        }
    }
}

/// Read as JSON Schema's `integer` ([`crate::number::whole`]): `1` and `1.0` alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HallId(pub i64);

impl<'de> Deserialize<'de> for HallId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::number::whole(deserializer).map(HallId)
    }
}

impl fmt::Display for HallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AppointmentId(pub i64);

impl fmt::Display for AppointmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A service offered at halls: `new_connection`, `meter_check`… (lower case, digits, `_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServiceCode(String);

impl ServiceCode {
    pub fn parse(input: &str) -> Result<ServiceCode, FieldError> {
        let ok = !input.is_empty()
            && input.len() <= 32
            && input.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(ServiceCode(input.to_owned()))
        } else {
            Err(FieldError::new("service", FieldCode::InvalidFormat, "service must be a service code"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ServiceCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        ServiceCode::parse(&value).map_err(|e| e.message)
    }
}

impl From<ServiceCode> for String {
    fn from(code: ServiceCode) -> String {
        code.0
    }
}

impl fmt::Display for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `GET /services`: what can be done at a hall and what to bring for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub code: ServiceCode,
    pub name: Localized,
    /// Length of one appointment.
    pub minutes: u32,
    /// What to bring (身份证, 房产证…).
    pub checklist: Vec<Localized>,
}

/// Opening hours of one weekday, `HH:MM` in China time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub open: String,
    pub close: String,
}

/// A day a hall is closed outside its weekly pattern (holiday, maintenance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub day: Date,
    pub reason: String,
}

/// Share of 满意 and 非常满意 among the hall's ratings of the last 90 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// Per mille (0–1000), rounded half up, so no float crosses the wire.
    pub satisfied_permille: u32,
    pub ratings: u32,
}

/// `GET /halls?service=…`: a hall with what a visitor needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hall {
    pub id: HallId,
    pub name: String,
    pub city: String,
    pub area: String,
    pub address: String,
    pub phone: String,
    /// WGS-84 position in millionths of a degree (for map links).
    pub latitude_e6: i64,
    pub longitude_e6: i64,
    /// Monday … Sunday; `null` when closed that day.
    pub weekly_hours: Vec<Option<DayHours>>,
    /// Upcoming closed days.
    pub closures: Vec<Closure>,
    pub services: Vec<ServiceCode>,
    /// Whether the hall is open now (its hours today, China time, and not a closed day).
    pub open_now: bool,
    /// People waiting now, and the expected wait for a walk-in.
    pub queue_length: u32,
    pub expected_wait_minutes: u32,
    /// Filled in once the hall has ratings.
    pub satisfaction: Option<Satisfaction>,
}

/// One bookable 30-minute slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub capacity: u32,
    pub remaining: u32,
}

/// `GET /halls/{hall_id}/slots?service=…&date=YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySlots {
    pub hall_id: HallId,
    pub date: Date,
    pub slots: Vec<Slot>,
}

/// `GET /halls/{hall_id}/dates?service=…`: the next 14 days the hall is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDates {
    pub hall_id: HallId,
    pub dates: Vec<Date>,
}

/// `POST /appointments`: fields as typed; [`BookingRequest::parse`] is the one validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub account_no: String,
    pub hall_id: HallId,
    pub service: String,
    pub starts_at: Timestamp,
    pub contact_name: String,
    pub contact_phone: String,
    /// The need whose answer led here ("can I do this online?"), when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<String>,
}

/// A booking that parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub account_no: AccountNo,
    pub hall_id: HallId,
    pub service: ServiceCode,
    pub starts_at: Timestamp,
    pub contact_name: String,
    pub contact_phone: Phone,
    pub need: Option<NeedCode>,
}

impl BookingRequest {
    pub fn parse(&self) -> Result<Booking, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let account =
            errors.take(AccountNo::parse(&self.account_no), |e| e.for_field("account_no", "a 10-digit account number"));
        let service = errors.take(ServiceCode::parse(&self.service), |e| e);
        let name = self.contact_name.trim();
        let name = errors.take(
            match name.chars().count() {
                0 => Err(FieldError::new("contact_name", FieldCode::Required, "contact_name is required")),
                n if n > 30 => {
                    Err(FieldError::new("contact_name", FieldCode::TooLong, "contact_name is at most 30 characters"))
                }
                _ => Ok(name.to_owned()),
            },
            |e| e,
        );
        let phone = errors
            .take(Phone::parse(&self.contact_phone), |e| e.for_field("contact_phone", "an 11-digit mobile number"));
        let need = errors.take(self.need.as_deref().map(NeedCode::parse).transpose(), |e| e);
        let parsed = account.zip(service).zip(name).zip(phone).zip(need).map(
            |((((account_no, service), contact_name), contact_phone), need)| Booking {
                account_no,
                hall_id: self.hall_id,
                service,
                starts_at: self.starts_at,
                contact_name,
                contact_phone,
                need,
            },
        );
        errors.finish(parsed)
    }
}

/// `POST /appointments/{id}/reschedule`: move to another slot of the same hall and service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescheduleRequest {
    pub starts_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentStatus {
    Booked,
    Cancelled,
    /// Scanned in at the hall; waiting in the queue.
    CheckedIn,
    /// Served.
    Done,
    /// The slot passed without a check-in.
    Missed,
}
crate::names_serde!(AppointmentStatus { Booked = "booked", Cancelled = "cancelled", CheckedIn = "checked_in", Done = "done", Missed = "missed" });

/// Where the customer stands in the hall's queue after checking in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueTicket {
    /// The number called out at the hall, e.g. `A012`.
    pub number: String,
    /// People ahead right now.
    pub ahead: u32,
}

/// An appointment, as the customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub id: AppointmentId,
    /// The reference code shown at the hall (and encoded in the QR code), e.g. `QS7K2P`.
    pub code: String,
    pub account_no: AccountNo,
    pub hall_id: HallId,
    pub hall_name: String,
    pub hall_address: String,
    pub service: ServiceCode,
    pub service_name: Localized,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// The last moment a booked appointment can be cancelled or moved (an hour before its
    /// start, the server's rule); after it the customer calls the hall instead.
    pub changeable_until: Timestamp,
    pub contact_name: String,
    pub contact_phone_masked: String,
    pub status: AppointmentStatus,
    pub checklist: Vec<Localized>,
    pub queue: Option<QueueTicket>,
}

/// `POST /demo/staff/check-in` (demo only): the hall scans the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInRequest {
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> BookingRequest {
        BookingRequest {
            account_no: "3210000001".into(),
            hall_id: HallId(1),
            service: "meter_check".into(),
            starts_at: Timestamp(0),
            contact_name: " 张伟明 ".into(),
            contact_phone: "13800000001".into(),
            need: None,
        }
    }

    #[test]
    fn a_booking_parses_with_a_trimmed_name() {
        let booking = request().parse().expect("valid");
        assert_eq!(booking.contact_name, "张伟明");
        assert_eq!(booking.service.as_str(), "meter_check");
    }

    #[test]
    fn every_bad_booking_field_is_reported() {
        let bad = BookingRequest {
            service: "Meter!".into(),
            contact_name: "".into(),
            contact_phone: "12".into(),
            ..request()
        };
        let fields: Vec<_> = bad.parse().expect_err("bad").into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["service", "contact_name", "contact_phone"]);
    }
}
