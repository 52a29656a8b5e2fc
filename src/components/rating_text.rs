//! How ratings read: the five levels, the dimensions, what was rated, follow-up
//! states, and the customer's sentence for a rating field's problem.

use contract::rating::{COMMENT_MAX_CHARS, REASON_TEXT_MAX_CHARS};
use contract::{Dimension, FieldCode, FieldError, FollowUpStatus, RatingLevel, Transaction, TransactionKind};

use crate::i18n::RatingsText;
use crate::i18n::{money, t, tf, Lang, SharedText, Text};

pub fn level_text(level: RatingLevel) -> SharedText {
    match level {
        RatingLevel::VerySatisfied => SharedText::LevelVerySatisfied,
        RatingLevel::Satisfied => SharedText::LevelSatisfied,
        RatingLevel::BasicallySatisfied => SharedText::LevelBasicallySatisfied,
        RatingLevel::Dissatisfied => SharedText::LevelDissatisfied,
        RatingLevel::VeryDissatisfied => SharedText::LevelVeryDissatisfied,
    }
}

pub fn dimension_text(dimension: Dimension) -> SharedText {
    match dimension {
        Dimension::Efficiency => SharedText::DimEfficiency,
        Dimension::Attitude => SharedText::DimAttitude,
        Dimension::Professionalism => SharedText::DimProfessionalism,
        Dimension::Environment => SharedText::DimEnvironment,
        Dimension::Convenience => SharedText::DimConvenience,
        Dimension::Accuracy => SharedText::DimAccuracy,
    }
}

/// What was done, in a line the customer recognises.
pub fn transaction_title(lang: Lang, transaction: &Transaction) -> String {
    match transaction.kind {
        TransactionKind::Payment => {
            tf(lang, RatingsText::TransactionPayment, &[&transaction.amount.map(money).unwrap_or_default()])
        }
        TransactionKind::Visit => {
            let service = transaction
                .service_name
                .as_ref()
                .map(|n| if lang == Lang::Zh { n.zh.clone() } else { n.en.clone() })
                .unwrap_or_default();
            let hall = transaction.hall_name.clone().unwrap_or_default();
            tf(lang, RatingsText::TransactionVisit, &[&format!("{service} · {hall}")])
        }
    }
}

/// The customer's sentence for a problem with a rating's field.
pub fn rating_field_message(lang: Lang, error: &FieldError) -> String {
    match (error.field.as_str(), error.code) {
        ("level", _) => t(lang, RatingsText::RatingLevelRequired).to_owned(),
        ("reasons", FieldCode::Required) => t(lang, RatingsText::RatingReasonRequired).to_owned(),
        ("comment", FieldCode::TooLong) => {
            tf(lang, RatingsText::TextTooLong, &[t(lang, RatingsText::CommentLabel), &COMMENT_MAX_CHARS.to_string()])
        }
        ("comment", _) => tf(lang, RatingsText::TextBadChars, &[t(lang, RatingsText::CommentLabel)]),
        ("reason_text", FieldCode::TooLong) => tf(
            lang,
            RatingsText::TextTooLong,
            &[t(lang, RatingsText::ReasonTextLabel), &REASON_TEXT_MAX_CHARS.to_string()],
        ),
        ("reason_text", _) => tf(lang, RatingsText::TextBadChars, &[t(lang, RatingsText::ReasonTextLabel)]),
        ("staff_no", _) => t(lang, RatingsText::StaffNoInvalid).to_owned(),
        _ => t(lang, Text::FieldInvalid).to_owned(),
    }
}

pub fn follow_up_text(status: FollowUpStatus) -> SharedText {
    match status {
        FollowUpStatus::Open => SharedText::FollowUpOpen,
        FollowUpStatus::Replied => SharedText::FollowUpReplied,
        FollowUpStatus::Resolved => SharedText::FollowUpResolved,
        FollowUpStatus::Unresolved => SharedText::FollowUpUnresolved,
        FollowUpStatus::Closed => SharedText::FollowUpClosedStatus,
    }
}

pub fn status_attr(status: FollowUpStatus) -> &'static str {
    match status {
        FollowUpStatus::Open => "open",
        FollowUpStatus::Replied => "replied",
        FollowUpStatus::Resolved => "resolved",
        FollowUpStatus::Unresolved => "unresolved",
        FollowUpStatus::Closed => "closed",
    }
}
