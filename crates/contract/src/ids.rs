//! Identifiers. Each exists only in its valid form: parse, don't validate.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};

/// Why a text is not a valid identifier; maps onto a [`FieldCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    Empty,
    Format,
}

impl IdError {
    pub fn field_code(self) -> FieldCode {
        match self {
            IdError::Empty => FieldCode::Required,
            IdError::Format => FieldCode::InvalidFormat,
        }
    }

    /// The field error for `field`, with a developer-facing explanation of `what`.
    pub fn for_field(self, field: &str, what: &str) -> FieldError {
        let message = match self {
            IdError::Empty => format!("{field} is required"),
            IdError::Format => format!("{field} must be {what}"),
        };
        FieldError::new(field, self.field_code(), message)
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdError::Empty => "required",
            IdError::Format => "invalid format",
        })
    }
}

/// Digits of `input` with the separators people type (spaces, hyphens) removed.
fn digits_only(input: &str) -> Result<String, IdError> {
    let cleaned: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if cleaned.is_empty() {
        return Err(IdError::Empty);
    }
    if !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err(IdError::Format);
    }
    Ok(cleaned)
}

macro_rules! string_newtype_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $name::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

/// An electricity account number (户号): ten digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountNo(String);

impl AccountNo {
    pub const LEN: usize = 10;

    pub fn parse(input: &str) -> Result<Self, IdError> {
        let digits = digits_only(input)?;
        if digits.len() != Self::LEN {
            return Err(IdError::Format);
        }
        Ok(Self(digits))
    }
}
string_newtype_serde!(AccountNo);

/// A mainland China mobile number: eleven digits starting 13–19.
/// Accepts `+86`/`0086` prefixes, spaces and hyphens as people type them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let trimmed = input.trim();
        let without_country = trimmed.strip_prefix("+86").or_else(|| trimmed.strip_prefix("0086")).unwrap_or(trimmed);
        let digits = digits_only(without_country)?;
        let bytes = digits.as_bytes();
        if bytes.len() != 11 || bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(IdError::Format);
        }
        Ok(Self(digits))
    }

    /// `138****0001`: what may be shown or logged.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}
string_newtype_serde!(Phone);

/// A six-digit one-time code sent by SMS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SmsCode(String);

impl SmsCode {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let digits = digits_only(input)?;
        if digits.len() != 6 {
            return Err(IdError::Format);
        }
        Ok(Self(digits))
    }
}
string_newtype_serde!(SmsCode);

/// An opaque session token, sent as `Authorization: Bearer <token>`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        if input.is_empty() {
            return Err(IdError::Empty);
        }
        if input.len() > 128 || !input.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(IdError::Format);
        }
        Ok(Self(input.to_owned()))
    }
}
string_newtype_serde!(SessionToken);

/// Tokens are secrets: never print them by accident.
impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn account_numbers_are_ten_digits_typed_with_or_without_spaces() {
        assert_eq!(AccountNo::parse(" 3210 0000 01 ").map(|a| a.to_string()), Ok("3210000001".into()));
        assert_eq!(AccountNo::parse(""), Err(IdError::Empty));
        assert_eq!(AccountNo::parse("321000000"), Err(IdError::Format));
        assert_eq!(AccountNo::parse("32100000011"), Err(IdError::Format));
        assert_eq!(AccountNo::parse("32100000a1"), Err(IdError::Format));
    }

    #[test]
    fn phones_accept_country_prefix_and_reject_landlines() {
        assert_eq!(Phone::parse("+86 138-0000-0001").map(|p| p.to_string()), Ok("13800000001".into()));
        assert_eq!(Phone::parse("008613800000001").map(|p| p.to_string()), Ok("13800000001".into()));
        assert_eq!(Phone::parse("12800000001"), Err(IdError::Format));
        assert_eq!(Phone::parse("0527-8888888"), Err(IdError::Format));
        assert_eq!(Phone::parse("   "), Err(IdError::Empty));
    }

    #[test]
    fn masked_phone_hides_the_middle() {
        let phone = Phone::parse("13800000001").expect("valid");
        assert_eq!(phone.masked(), "138****0001");
    }

    #[test]
    fn invalid_identifiers_do_not_deserialize() {
        assert!(serde_json::from_str::<AccountNo>("\"12\"").is_err());
        assert!(serde_json::from_str::<SessionToken>("\"a b\"").is_err());
        assert!(serde_json::from_str::<SmsCode>("\"123456\"").is_ok());
    }

    #[test]
    fn session_token_debug_hides_the_secret() {
        let token = SessionToken::parse("secret_value").expect("valid");
        assert!(!format!("{token:?}").contains("secret"));
    }

    proptest! {
        #[test]
        fn account_no_parsing_never_panics_and_roundtrips(input in ".{0,24}") {
            if let Ok(account) = AccountNo::parse(&input) {
                prop_assert_eq!(AccountNo::parse(account.as_str()), Ok(account.clone()));
                prop_assert_eq!(account.as_str().len(), 10);
            }
        }

        #[test]
        fn phone_parsing_never_panics_and_is_idempotent(input in "[+0-9 -]{0,20}") {
            if let Ok(phone) = Phone::parse(&input) {
                prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
            }
        }
    }
}
