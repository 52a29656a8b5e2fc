//! Service ratings (好差评): the customer's judgement of each transaction, the
//! follow-up (整改) a poor rating opens, and the reasons offered for poor ones.
//!
//! Every transaction is rated at most once. Comments and replies are plain text
//! for any client: they are never HTML.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError, FieldErrors};
use crate::halls::Localized;
use crate::ids::AccountNo;
use crate::money::Fen;
use crate::time::{Date, Timestamp};

/// Most characters a comment may have.
pub const COMMENT_MAX_CHARS: usize = 500;
/// Most characters of the free-text reason of a poor rating.
pub const REASON_TEXT_MAX_CHARS: usize = 200;
/// Most characters of a follow-up reply (utility or customer).
pub const REPLY_MAX_CHARS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RatingId(pub i64);

impl fmt::Display for RatingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What kind of transaction is rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransactionKind {
    /// A paid online payment order; its id is the order number.
    Payment,
    /// A served hall appointment; its id is the appointment id.
    Visit,
}
crate::names_serde!(TransactionKind { Payment = "payment", Visit = "visit" });

impl TransactionKind {
    pub fn parse(input: &str) -> Option<TransactionKind> {
        match input {
            "payment" => Some(TransactionKind::Payment),
            "visit" => Some(TransactionKind::Visit),
            _ => None,
        }
    }

    /// The dimensions a customer may rate besides the overall level.
    pub fn dimensions(self) -> &'static [Dimension] {
        match self {
            TransactionKind::Visit => {
                &[Dimension::Efficiency, Dimension::Attitude, Dimension::Professionalism, Dimension::Environment]
            }
            TransactionKind::Payment => &[Dimension::Convenience, Dimension::Accuracy],
        }
    }
}

/// The five levels of 好差评, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RatingLevel {
    /// 非常满意
    VerySatisfied,
    /// 满意
    Satisfied,
    /// 基本满意
    BasicallySatisfied,
    /// 不满意
    Dissatisfied,
    /// 非常不满意
    VeryDissatisfied,
}
crate::names_serde!(RatingLevel { VerySatisfied = "very_satisfied", Satisfied = "satisfied", BasicallySatisfied = "basically_satisfied", Dissatisfied = "dissatisfied", VeryDissatisfied = "very_dissatisfied" });

impl RatingLevel {
    pub const ALL: [RatingLevel; 5] = [
        RatingLevel::VerySatisfied,
        RatingLevel::Satisfied,
        RatingLevel::BasicallySatisfied,
        RatingLevel::Dissatisfied,
        RatingLevel::VeryDissatisfied,
    ];

    pub fn parse(input: &str) -> Option<RatingLevel> {
        RatingLevel::ALL.into_iter().find(|l| l.as_str() == input)
    }

    /// 差评: needs a reason and opens a follow-up.
    pub fn is_poor(self) -> bool {
        matches!(self, RatingLevel::Dissatisfied | RatingLevel::VeryDissatisfied)
    }

    /// Counts towards a hall's satisfaction rate.
    pub fn is_satisfied(self) -> bool {
        matches!(self, RatingLevel::VerySatisfied | RatingLevel::Satisfied)
    }
}

/// An aspect of the service rated separately (optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// 办事效率
    Efficiency,
    /// 服务态度
    Attitude,
    /// 业务水平
    Professionalism,
    /// 环境设施
    Environment,
    /// 便捷程度
    Convenience,
    /// 准确程度
    Accuracy,
}
crate::names_serde!(Dimension { Efficiency = "efficiency", Attitude = "attitude", Professionalism = "professionalism", Environment = "environment", Convenience = "convenience", Accuracy = "accuracy" });

impl Dimension {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionRating {
    pub dimension: Dimension,
    pub level: RatingLevel,
}

/// A reason offered for a poor rating, e.g. `long_wait` (lower case, digits, `_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReasonCode(String);

impl ReasonCode {
    pub fn parse(input: &str) -> Result<ReasonCode, FieldError> {
        let ok = !input.is_empty()
            && input.len() <= 32
            && input.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(ReasonCode(input.to_owned()))
        } else {
            Err(FieldError::new("reasons", FieldCode::InvalidFormat, "reasons must be reason codes"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ReasonCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        ReasonCode::parse(&value).map_err(|e| e.message)
    }
}

impl From<ReasonCode> for String {
    fn from(code: ReasonCode) -> String {
        code.0
    }
}

/// `GET /ratings/reasons?kind=…`: the reasons a customer can tick for a poor rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub label: Localized,
}

/// What was rated (or can be), with what the customer needs to recognise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub kind: TransactionKind,
    /// The order number of a payment, the appointment id of a visit.
    pub id: String,
    pub account_no: AccountNo,
    pub happened_at: Timestamp,
    /// Payments: the amount paid.
    pub amount: Option<Fen>,
    /// Visits: the hall and the service.
    pub hall_name: Option<String>,
    pub service_name: Option<Localized>,
    /// Visits: the window (or staff number) that served the customer, when known.
    pub window: Option<String>,
    /// The rating already given, if any.
    pub rating_id: Option<RatingId>,
}

/// `POST /ratings`. One rating per transaction: a repeat of the same rating answers
/// the rating already stored; a different one for a rated transaction is a 409.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRequest {
    pub kind: TransactionKind,
    pub transaction_id: String,
    pub level: RatingLevel,
    #[serde(default)]
    pub dimensions: Vec<DimensionRating>,
    /// Reason codes (from `/ratings/reasons`); at least one reason (a code or the
    /// free text) is required for 不满意 and 非常不满意.
    #[serde(default)]
    pub reasons: Vec<ReasonCode>,
    #[serde(default)]
    pub reason_text: String,
    #[serde(default)]
    pub comment: String,
    /// Visits: the window or staff number, when the customer knows it.
    #[serde(default)]
    pub staff_no: Option<String>,
}

/// A checked free text: trimmed, within `max` characters, no control characters
/// other than line breaks and tabs.
pub fn check_text(field: &str, input: &str, max: usize) -> Result<String, FieldError> {
    let text = input.trim();
    if text.chars().count() > max {
        return Err(FieldError::new(field, FieldCode::TooLong, format!("{field} is at most {max} characters")));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(FieldError::new(field, FieldCode::InvalidFormat, format!("{field} has control characters")));
    }
    Ok(text.to_owned())
}

/// A staff or window number as printed at the hall (`A07`, `3号窗口`): 1–16 letters, digits
/// (ASCII or full-width), Chinese characters or `-`.
pub fn check_staff_no(input: &str) -> Result<Option<String>, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > 16 || !text.chars().all(is_staff_no_char) {
        return Err(FieldError::new(
            "staff_no",
            FieldCode::InvalidFormat,
            "staff_no is at most 16 letters, digits or hyphens",
        ));
    }
    Ok(Some(text.to_owned()))
}

/// What a staff or window number is written with; `api/openapi.yaml` states the same set.
fn is_staff_no_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '-'
        // CJK Unified Ideographs and Extension A: the Chinese characters of window names.
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
        // Full-width digits and letters, as a Chinese input method types them.
        || ('\u{FF10}'..='\u{FF19}').contains(&c)
        || ('\u{FF21}'..='\u{FF3A}').contains(&c)
        || ('\u{FF41}'..='\u{FF5A}').contains(&c)
}

/// A rating request that passed every check that does not need the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRating {
    pub kind: TransactionKind,
    pub transaction_id: String,
    pub level: RatingLevel,
    pub dimensions: Vec<DimensionRating>,
    pub reasons: Vec<ReasonCode>,
    pub reason_text: String,
    pub comment: String,
    pub staff_no: Option<String>,
}

impl RatingRequest {
    /// Checks everything a form can check before sending, the same way on both sides.
    pub fn parse(&self) -> Result<ValidRating, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let id = self.transaction_id.trim();
        if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            errors.take::<(), _>(Err(()), |()| {
                FieldError::new("transaction_id", FieldCode::InvalidFormat, "transaction_id is an order number or id")
            });
        }
        let allowed = self.kind.dimensions();
        let mut seen = Vec::new();
        for d in &self.dimensions {
            if !allowed.contains(&d.dimension) || seen.contains(&d.dimension) {
                errors.take::<(), _>(Err(()), |()| {
                    FieldError::new(
                        "dimensions",
                        FieldCode::InvalidFormat,
                        "dimensions must be distinct and fit the kind",
                    )
                });
                break;
            }
            seen.push(d.dimension);
        }
        let reason_text = errors.take(check_text("reason_text", &self.reason_text, REASON_TEXT_MAX_CHARS), |e| e);
        let comment = errors.take(check_text("comment", &self.comment, COMMENT_MAX_CHARS), |e| e);
        let staff_no = errors.take(check_staff_no(self.staff_no.as_deref().unwrap_or("")), |e| e);
        if self.reasons.len() > 10 {
            errors.take::<(), _>(Err(()), |()| FieldError::new("reasons", FieldCode::TooLong, "at most 10 reasons"));
        }
        let has_reason = !self.reasons.is_empty() || reason_text.as_ref().is_some_and(|t| !t.is_empty());
        if self.level.is_poor() && !has_reason {
            errors.take::<(), _>(Err(()), |()| {
                FieldError::new("reasons", FieldCode::Required, "a poor rating needs at least one reason")
            });
        }
        let mut reasons = self.reasons.clone();
        reasons.sort();
        reasons.dedup();
        let value = reason_text.zip(comment).zip(staff_no).map(|((reason_text, comment), staff_no)| ValidRating {
            kind: self.kind,
            transaction_id: id.to_owned(),
            level: self.level,
            dimensions: self.dimensions.clone(),
            reasons,
            reason_text,
            comment,
            staff_no,
        });
        errors.finish(value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpStatus {
    /// Waiting for the utility's reply.
    Open,
    /// The utility replied; waiting for the customer to say whether it resolved it.
    Replied,
    /// The customer said the reply resolved it.
    Resolved,
    /// The customer said it did not; the utility must reply again.
    Unresolved,
    /// The utility closed it.
    Closed,
}
crate::names_serde!(FollowUpStatus { Open = "open", Replied = "replied", Resolved = "resolved", Unresolved = "unresolved", Closed = "closed" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyAuthor {
    Utility,
    Customer,
}
crate::names_serde!(ReplyAuthor { Utility = "utility", Customer = "customer" });

/// One message of a follow-up thread. `text` is plain text, never markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub author: ReplyAuthor,
    pub text: String,
    pub at: Timestamp,
}

/// The follow-up (整改) a poor rating opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub status: FollowUpStatus,
    /// 15 working days after the rating, by the official calendar.
    pub due_on: Date,
    pub replies: Vec<Reply>,
}

/// A rating as its author sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub id: RatingId,
    pub transaction: Transaction,
    pub level: RatingLevel,
    pub dimensions: Vec<DimensionRating>,
    pub reasons: Vec<Reason>,
    pub reason_text: String,
    pub comment: String,
    pub staff_no: Option<String>,
    pub created_at: Timestamp,
    pub follow_up: Option<FollowUp>,
}

/// `POST /ratings/{rating_id}/verdict`: did the utility's reply resolve it?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRequest {
    pub resolved: bool,
    /// Optional words back to the utility.
    #[serde(default)]
    pub comment: String,
}

/// `POST /demo/ratings/{rating_id}/replies` (demo only): the utility's operator replies,
/// and may close the follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorReply {
    pub text: String,
    #[serde(default)]
    pub close: bool,
}

/// How many working days the utility has to reply to a poor rating.
pub const FOLLOW_UP_WORKING_DAYS: u32 = 15;

/// Monday to Friday: a working day when the official calendar says nothing else.
pub fn ordinary_working_day(day: Date) -> bool {
    day.weekday() < 5
}

/// The date [`FOLLOW_UP_WORKING_DAYS`] working days after `day`, where
/// `working` says which days count: the State Council's calendar, where a
/// statutory holiday is not a working day and an adjusted weekend (调休) is.
pub fn follow_up_due(day: Date, working: impl Fn(Date) -> bool) -> Date {
    let mut date = day;
    let mut left = FOLLOW_UP_WORKING_DAYS;
    while left > 0 {
        date = date.add_days(1);
        if working(date) {
            left -= 1;
        }
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_numbers_are_letters_digits_chinese_and_hyphens() {
        for ok in ["A07", "3号窗口", "综合-2", "Ａ０７", " 12 ", "一二三四五六七八九十一二三四五六"]
        {
            assert!(check_staff_no(ok).is_ok_and(|s| s.is_some()), "{ok}");
        }
        assert_eq!(check_staff_no("  "), Ok(None));
        for bad in ["3 号", "é", "٣", "A_07", "一二三四五六七八九十一二三四五六七", "窗口#1"] {
            assert!(check_staff_no(bad).is_err(), "{bad}");
        }
    }

    fn request(level: RatingLevel) -> RatingRequest {
        RatingRequest {
            kind: TransactionKind::Visit,
            transaction_id: "12".into(),
            level,
            dimensions: vec![],
            reasons: vec![],
            reason_text: String::new(),
            comment: String::new(),
            staff_no: None,
        }
    }

    #[test]
    fn poor_ratings_need_a_reason() {
        let errors = request(RatingLevel::Dissatisfied).parse().expect_err("needs a reason");
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("reasons", FieldCode::Required));
        let mut with_text = request(RatingLevel::VeryDissatisfied);
        with_text.reason_text = " 等了很久 ".into();
        assert_eq!(with_text.parse().map(|v| v.reason_text), Ok("等了很久".into()));
        assert!(request(RatingLevel::BasicallySatisfied).parse().is_ok());
    }

    #[test]
    fn comments_are_counted_in_characters_not_bytes() {
        let mut r = request(RatingLevel::Satisfied);
        r.comment = "好".repeat(COMMENT_MAX_CHARS);
        assert!(r.parse().is_ok());
        r.comment.push('好');
        let errors = r.parse().expect_err("too long");
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("comment", FieldCode::TooLong));
    }

    #[test]
    fn control_characters_and_foreign_dimensions_are_refused() {
        let mut r = request(RatingLevel::Satisfied);
        r.comment = "bell\u{7}".into();
        r.dimensions = vec![DimensionRating { dimension: Dimension::Accuracy, level: RatingLevel::Satisfied }];
        let fields: Vec<String> = r.parse().expect_err("bad").into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["dimensions", "comment"]);
    }

    #[test]
    fn window_numbers_may_be_written_in_chinese() {
        assert_eq!(check_staff_no(" 3号窗口 "), Ok(Some("3号窗口".to_owned())));
        assert_eq!(check_staff_no("A-07"), Ok(Some("A-07".to_owned())));
        assert_eq!(check_staff_no(""), Ok(None));
        assert!(check_staff_no("<b>").is_err());
        assert!(check_staff_no(&"7".repeat(17)).is_err());
    }

    #[test]
    fn markup_is_just_text() {
        let mut r = request(RatingLevel::Satisfied);
        r.comment = "<img src=x onerror=alert(1)>".into();
        assert_eq!(r.parse().map(|v| v.comment), Ok("<img src=x onerror=alert(1)>".into()));
    }

    #[test]
    fn follow_ups_are_due_in_fifteen_working_days() {
        // Monday 2026-11-30 → three weeks later, Monday 2026-12-21.
        let monday = Date::new(2026, 11, 30).expect("date");
        assert_eq!(monday.weekday(), 0);
        assert_eq!(follow_up_due(monday, ordinary_working_day), Date::new(2026, 12, 21).expect("date"));
        // Saturday 2026-12-05 → Friday 2026-12-25.
        let saturday = Date::new(2026, 12, 5).expect("date");
        assert_eq!(follow_up_due(saturday, ordinary_working_day), Date::new(2026, 12, 25).expect("date"));
    }

    #[test]
    fn holidays_do_not_count_and_adjusted_weekends_do() {
        // National Day 2026: 1–7 October off, Saturday 10 October worked.
        let day = |m, d| Date::new(2026, m, d).expect("date");
        let holidays: Vec<Date> = (1..=7).map(|d| day(10, d)).collect();
        let working = |d: Date| d == day(10, 10) || (ordinary_working_day(d) && !holidays.contains(&d));
        let monday = day(9, 28);
        assert_eq!(follow_up_due(monday, ordinary_working_day), day(10, 19), "weekdays only");
        assert_eq!(follow_up_due(monday, working), day(10, 23), "five holidays skipped, one Saturday worked");
    }

    #[test]
    fn levels_order_best_first_and_classify() {
        assert!(RatingLevel::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(RatingLevel::ALL.iter().filter(|l| l.is_poor()).count(), 2);
        assert_eq!(RatingLevel::ALL.iter().filter(|l| l.is_satisfied()).count(), 2);
        for level in RatingLevel::ALL {
            assert_eq!(RatingLevel::parse(level.as_str()), Some(level));
        }
        for kind in [TransactionKind::Payment, TransactionKind::Visit] {
            for d in kind.dimensions() {
                assert_eq!(serde_json::to_value(d).ok(), Some(serde_json::Value::from(d.as_str())));
            }
        }
    }
}
