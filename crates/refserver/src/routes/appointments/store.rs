//! Appointments as stored: the row, what the customer sees of it, and looking one up.

use contract::{
    AccountNo, Appointment, AppointmentId, AppointmentStatus, HallId, Localized, Phone, QueueTicket, ServiceCode,
    Timestamp,
};
use rusqlite::{params, Connection, OptionalExtension};

use super::LOCK_BEFORE_S;
use crate::error::{ApiError, ApiResult};
use crate::routes::halls::stored_checklist;

pub(super) const SELECT: &str =
    "SELECT a.id, a.code, a.account_no, a.hall_id, h.name, h.address, a.service_code, s.name,
    s.name_en, s.checklist, a.starts_at, a.ends_at, a.contact_name, a.contact_phone, a.status, a.queue_no, a.queue_ahead
    FROM appointments a JOIN halls h ON h.id = a.hall_id JOIN services s ON s.code = a.service_code";

/// Only appointments of accounts bound to the customer (`?1`).
pub(super) const SCOPED: &str = "a.account_no IN (SELECT account_no FROM bindings WHERE customer_id = ?1)";

/// An appointment row as stored.
pub(super) struct Row {
    pub(super) id: i64,
    code: String,
    account_no: String,
    pub(super) hall_id: i64,
    hall_name: String,
    hall_address: String,
    service: String,
    service_zh: String,
    service_en: String,
    checklist: String,
    pub(super) starts_at: i64,
    ends_at: i64,
    contact_name: String,
    contact_phone: String,
    status: String,
    queue_no: Option<i64>,
    queue_ahead: Option<i64>,
}

pub(super) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        code: r.get(1)?,
        account_no: r.get(2)?,
        hall_id: r.get(3)?,
        hall_name: r.get(4)?,
        hall_address: r.get(5)?,
        service: r.get(6)?,
        service_zh: r.get(7)?,
        service_en: r.get(8)?,
        checklist: r.get(9)?,
        starts_at: r.get(10)?,
        ends_at: r.get(11)?,
        contact_name: r.get(12)?,
        contact_phone: r.get(13)?,
        status: r.get(14)?,
        queue_no: r.get(15)?,
        queue_ahead: r.get(16)?,
    })
}

impl Row {
    /// The status the customer sees: a booking whose slot ended without a check-in is missed.
    pub(super) fn status(&self, now: Timestamp) -> ApiResult<AppointmentStatus> {
        Ok(match self.status.as_str() {
            "booked" if self.ends_at <= now.unix_seconds() => AppointmentStatus::Missed,
            "booked" => AppointmentStatus::Booked,
            "cancelled" => AppointmentStatus::Cancelled,
            "checked_in" => AppointmentStatus::CheckedIn,
            "done" => AppointmentStatus::Done,
            other => return Err(ApiError::internal(format!("stored appointment status {other:?}"))),
        })
    }

    /// The last moment it may be changed: an hour before its start.
    fn changeable_until(&self) -> Timestamp {
        Timestamp(self.starts_at - LOCK_BEFORE_S)
    }

    /// Still booked, and at least an hour before its start: the only state that may be changed.
    pub(super) fn changeable(&self, now: Timestamp) -> ApiResult<()> {
        if self.status(now)? == AppointmentStatus::Booked && now <= self.changeable_until() {
            Ok(())
        } else {
            Err(ApiError::AppointmentLocked("only a booked appointment can be changed, until 1 hour before its start"))
        }
    }

    pub(super) fn into_appointment(self, now: Timestamp) -> ApiResult<Appointment> {
        let status = self.status(now)?;
        let changeable_until = self.changeable_until();
        let account_no = AccountNo::parse(&self.account_no)
            .map_err(|_| ApiError::internal(format!("stored account number {:?}", self.account_no)))?;
        let service = ServiceCode::parse(&self.service)
            .map_err(|_| ApiError::internal(format!("stored service code {:?}", self.service)))?;
        let contact_phone_masked = Phone::parse(&self.contact_phone)
            .map(|p| p.masked())
            .map_err(|_| ApiError::internal("stored contact phone is invalid"))?;
        let queue = self.queue_no.map(|number| QueueTicket {
            number: ticket_number(number),
            ahead: u32::try_from(self.queue_ahead.unwrap_or(0).max(0)).unwrap_or(u32::MAX),
        });
        Ok(Appointment {
            id: AppointmentId(self.id),
            code: self.code,
            account_no,
            hall_id: HallId(self.hall_id),
            hall_name: self.hall_name,
            hall_address: self.hall_address,
            service,
            service_name: Localized { zh: self.service_zh, en: self.service_en },
            starts_at: Timestamp(self.starts_at),
            ends_at: Timestamp(self.ends_at),
            changeable_until,
            contact_name: self.contact_name,
            contact_phone_masked,
            status,
            checklist: stored_checklist(&self.checklist)?,
            queue,
        })
    }
}

/// `A001`, `A002`… per hall and day.
fn ticket_number(n: i64) -> String {
    format!("A{n:03}")
}

/// The customer's appointment `id`; another customer's answers 404 like a missing one.
pub(super) fn scoped(conn: &Connection, customer_id: i64, id: AppointmentId) -> ApiResult<Row> {
    let sql = format!("{SELECT} WHERE {SCOPED} AND a.id = ?2");
    conn.prepare_cached(&sql)?.query_row(params![customer_id, id.0], row).optional()?.ok_or(ApiError::NotFound)
}

pub(super) fn by_id(conn: &Connection, id: i64) -> ApiResult<Row> {
    let sql = format!("{SELECT} WHERE a.id = ?1");
    conn.prepare_cached(&sql)?.query_row([id], row).optional()?.ok_or(ApiError::NotFound)
}
