//! "Can I do this online?" (guidance): for each need a customer may come to a hall with,
//! one of three answers — done online here, done another way (hotline, the utility's app),
//! or a visit (what to bring, how long, which halls, today's wait) — and what became of it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::halls::{Hall, Localized, ServiceCode};

/// A need, by its code: `pay_bill`, `name_transfer`… (lower case, digits, `_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NeedCode(String);

impl NeedCode {
    pub fn parse(input: &str) -> Result<NeedCode, FieldError> {
        let ok = !input.is_empty()
            && input.len() <= 32
            && input.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(NeedCode(input.to_owned()))
        } else {
            Err(FieldError::new("need", FieldCode::InvalidFormat, "need must be a need code"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NeedCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        NeedCode::parse(&value).map_err(|e| e.message)
    }
}

impl From<NeedCode> for String {
    fn from(code: NeedCode) -> String {
        code.0
    }
}

impl fmt::Display for NeedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A page of the portal, by its path below the `#`: `/pay`, `/bills`, `/accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PortalPath(String);

impl PortalPath {
    pub fn parse(input: &str) -> Result<PortalPath, String> {
        let ok = input.len() <= 64
            && input.starts_with('/')
            && input.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'/' || b == b'-');
        if ok {
            Ok(PortalPath(input.to_owned()))
        } else {
            Err(format!("{input:?} is not a portal path"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PortalPath {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        PortalPath::parse(&value)
    }
}

impl From<PortalPath> for String {
    fn from(path: PortalPath) -> String {
        path.0
    }
}

/// Where a need is done when it is done neither here nor at a hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The customer service hotline (95598).
    Hotline,
    /// The utility's official app.
    App,
}
crate::names_serde!(Channel { Hotline = "hotline", App = "app" });

/// Done online, on this portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineAnswer {
    /// The portal page that does it.
    pub page: PortalPath,
    /// What to do there, in a sentence.
    pub how: Localized,
}

/// Done another way, without a trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherWayAnswer {
    pub channel: Channel,
    /// The number to call, or the app's name.
    pub contact: String,
    /// What to say on the phone, or where to tap in the app.
    pub how: Localized,
}

/// Needs a visit: book the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitAnswer {
    /// The hall service to book.
    pub service: ServiceCode,
    pub service_name: Localized,
    /// How long the visit takes (one appointment).
    pub minutes: u32,
    /// What to bring: the service's own checklist.
    pub checklist: Vec<Localized>,
    /// What else to know (what happens after the visit).
    pub how: Localized,
    /// The halls that offer the service, as `GET /halls?service=…` shows them: their queue
    /// and expected wait now among the rest.
    pub halls: Vec<Hall>,
}

/// Exactly one of the three answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Online(OnlineAnswer),
    OtherWay(OtherWayAnswer),
    Visit(VisitAnswer),
}

/// `GET /guidance`: a need in plain words and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    pub need: NeedCode,
    pub name: Localized,
    pub answer: Answer,
}

/// How a need ended, as the portal tells it (a booking is counted when it is made).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The customer went to the page that does it.
    Online,
    /// The customer was shown the hotline or the app.
    OtherWay,
}
crate::names_serde!(Outcome { Online = "online", OtherWay = "other_way" });

/// `POST /guidance/outcomes`: counted once per `journey` (one visit of the portal) and need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRequest {
    pub need: String,
    pub outcome: Outcome,
    /// Made by the portal once per tab, so a repeat of the same outcome counts once.
    pub journey: String,
}

/// One need's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedCounts {
    pub need: NeedCode,
    pub online: u32,
    pub other_way: u32,
    pub booked: u32,
}

/// `GET /demo/guidance/outcomes` (demo only): visits avoided and visits booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceCounts {
    /// Needs that ended on a portal page.
    pub online: u32,
    /// Needs that ended at the hotline or in the app.
    pub other_way: u32,
    /// Appointments booked from a need's answer.
    pub booked: u32,
    pub needs: Vec<NeedCounts>,
}

/// A journey as the portal makes it: 8–64 letters, digits, `_` or `-`.
pub fn parse_journey(input: &str) -> Result<&str, FieldError> {
    let ok =
        (8..=64).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(input)
    } else {
        Err(FieldError::new("journey", FieldCode::InvalidFormat, "journey must be 8 to 64 letters, digits, _ or -"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_named_by_its_way() {
        let answer = Answer::Online(OnlineAnswer {
            page: PortalPath::parse("/pay").expect("a path"),
            how: Localized { zh: "交".into(), en: "Pay".into() },
        });
        let json = serde_json::to_value(&answer).expect("serializes");
        assert_eq!(json["online"]["page"], "/pay");
        assert!(serde_json::from_str::<Answer>(r#"{"teleport": {}}"#).is_err(), "only the three ways");
    }

    #[test]
    fn codes_paths_and_journeys_parse_or_say_why() {
        assert!(NeedCode::parse("name_transfer").is_ok());
        assert_eq!(NeedCode::parse("Pay!").map_err(|e| e.field), Err("need".to_owned()));
        assert!(PortalPath::parse("/pay").is_ok());
        assert!(PortalPath::parse("https://evil.example/").is_err(), "a portal page, never another site");
        assert!(parse_journey("k-19a2b3c4").is_ok());
        assert!(parse_journey("short").is_err());
        assert!(parse_journey("has space in it").is_err());
    }
}
