//! Sign-in by account number + phone + SMS code, and sessions.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::ids::{AccountNo, Phone, SessionToken, SmsCode};
use crate::time::Timestamp;

/// `POST /auth/sms-code`: send a one-time code to the phone registered for the account.
/// Fields are raw text, as typed; [`SmsCodeRequest::parse`] is the one validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCodeRequest {
    pub account_no: String,
    pub phone: String,
}

impl SmsCodeRequest {
    pub fn parse(&self) -> Result<(AccountNo, Phone), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let account =
            errors.take(AccountNo::parse(&self.account_no), |e| e.for_field("account_no", "a 10-digit account number"));
        let phone = errors.take(Phone::parse(&self.phone), |e| e.for_field("phone", "an 11-digit mobile number"));
        errors.finish(account.zip(phone))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCodeSent {
    /// `138****0001`
    pub phone_masked: String,
    /// Seconds before another code may be requested for this phone.
    pub resend_after_s: u32,
    /// Seconds the code stays valid.
    pub expires_in_s: u32,
}

/// `POST /auth/session`: exchange the SMS code for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRequest {
    pub account_no: String,
    pub phone: String,
    pub code: String,
    /// From a WeChat sign-in that needs binding: signing in also links that WeChat user
    /// to this customer, so the next WeChat visit signs in silently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat_ticket: Option<String>,
}

impl SessionRequest {
    pub fn parse(&self) -> Result<(AccountNo, Phone, SmsCode), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let account =
            errors.take(AccountNo::parse(&self.account_no), |e| e.for_field("account_no", "a 10-digit account number"));
        let phone = errors.take(Phone::parse(&self.phone), |e| e.for_field("phone", "an 11-digit mobile number"));
        let code = errors.take(SmsCode::parse(&self.code), |e| e.for_field("code", "the 6-digit code from the SMS"));
        errors.finish(account.zip(phone).zip(code).map(|((a, p), c)| (a, p, c)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: SessionToken,
    /// When the session ends unless it is used (idle expiry).
    pub expires_at: Timestamp,
    /// The idle timeout the server applies, in seconds.
    pub idle_timeout_s: u32,
}

/// `GET /auth/session`: the current session's expiry. Asking slides the idle expiry,
/// so it doubles as "stay signed in".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub expires_at: Timestamp,
    pub idle_timeout_s: u32,
}

/// `GET /auth/wechat`: whether the customer's WeChat signs them in by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatLink {
    pub linked: bool,
}

/// `POST /auth/wechat`: the `code` WeChat's OAuth (`snsapi_base`) redirect brought back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatSignInRequest {
    pub code: String,
}

/// The answer to a WeChat sign-in: a session when this WeChat user is already
/// linked to a customer, otherwise a ticket to present with the first SMS sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum WechatSignIn {
    SignedIn { session: Session },
    BindRequired { ticket: String, expires_at: Timestamp },
}

/// Read as one flat object and then told apart by `status`: serde's derive for an
/// internally tagged enum buffers the whole answer in a generic tree first, code
/// the portal would otherwise ship for this one answer.
impl<'de> Deserialize<'de> for WechatSignIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Status {
            SignedIn,
            BindRequired,
        }
        #[derive(Deserialize)]
        struct Flat {
            status: Status,
            session: Option<Session>,
            ticket: Option<String>,
            expires_at: Option<Timestamp>,
        }
        use serde::de::Error;
        let flat = Flat::deserialize(deserializer)?;
        match flat.status {
            Status::SignedIn => {
                let session = flat.session.ok_or_else(|| D::Error::missing_field("session"))?;
                Ok(WechatSignIn::SignedIn { session })
            }
            Status::BindRequired => Ok(WechatSignIn::BindRequired {
                ticket: flat.ticket.ok_or_else(|| D::Error::missing_field("ticket"))?,
                expires_at: flat.expires_at.ok_or_else(|| D::Error::missing_field("expires_at"))?,
            }),
        }
    }
}

/// `GET /demo/sms?phone=…` (demo mode only): the last code sent to a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoSms {
    pub phone: Phone,
    pub code: SmsCode,
    pub expires_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldCode;

    #[test]
    fn a_wechat_answer_reads_back_as_written_and_a_half_one_is_refused() {
        let answers = [
            WechatSignIn::BindRequired {
                ticket: "5b1e".into(),
                expires_at: Timestamp::parse("2026-11-30T10:15:00+08:00").expect("time"),
            },
            WechatSignIn::SignedIn {
                session: Session {
                    token: SessionToken::parse("abc").expect("token"),
                    expires_at: Timestamp::parse("2026-11-30T10:40:00+08:00").expect("time"),
                    idle_timeout_s: 1800,
                },
            },
        ];
        for answer in answers {
            let json = serde_json::to_string(&answer).expect("json");
            assert_eq!(serde_json::from_str::<WechatSignIn>(&json).expect(&json), answer);
        }
        for half in [r#"{"status":"signed_in"}"#, r#"{"status":"bind_required","ticket":"t"}"#, r#"{"status":"x"}"#] {
            assert!(serde_json::from_str::<WechatSignIn>(half).is_err(), "{half}");
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let request =
            SessionRequest { account_no: "12".into(), phone: "".into(), code: "12345x".into(), wechat_ticket: None };
        let errors = request.parse().expect_err("all three are wrong");
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("account_no", FieldCode::InvalidFormat),
                ("phone", FieldCode::Required),
                ("code", FieldCode::InvalidFormat)
            ]
        );
    }

    #[test]
    fn a_valid_request_parses_into_identifiers() {
        let request = SmsCodeRequest { account_no: "3210000001".into(), phone: "138 0000 0001".into() };
        let (account, phone) = request.parse().expect("valid");
        assert_eq!((account.as_str(), phone.as_str()), ("3210000001", "13800000001"));
    }
}
