//! The one component that shows an API error: what happened and what to do next,
//! in the customer's language, with a retry where retrying can help.

use yew::prelude::*;

use crate::api::ApiError;
use crate::i18n::{t, tf, Lang, Text};
use crate::state::prefs::use_lang;

/// The sentence for an error.
pub fn error_message(lang: Lang, error: &ApiError) -> String {
    use contract::ErrorCode as C;
    let key = match error {
        ApiError::Network => Text::ErrorNetwork,
        ApiError::Timeout => Text::ErrorTimeout,
        ApiError::Unauthorized => Text::ErrorUnauthorized,
        ApiError::NotFound => Text::ErrorNotFound,
        ApiError::Conflict => Text::ErrorConflict,
        ApiError::Validation(_) => Text::ErrorValidation,
        ApiError::RateLimited { retry_after_s } => {
            return tf(lang, Text::ErrorRateLimited, &[&wait_words(lang, *retry_after_s)]);
        }
        ApiError::Refused(C::AccountPhoneMismatch) => Text::ErrAccountPhoneMismatch,
        ApiError::Refused(C::CodeInvalid) => Text::ErrCodeInvalid,
        ApiError::Refused(C::CodeExpired) => Text::ErrCodeExpired,
        ApiError::Refused(C::HolderMismatch) => Text::ErrHolderMismatch,
        ApiError::Refused(C::WechatCodeInvalid) => Text::ErrWechatCode,
        ApiError::Refused(C::NothingToPay) => Text::ErrNothingToPay,
        ApiError::Refused(C::AmountNotAccepted) => Text::ErrAmountNotAccepted,
        ApiError::Refused(C::ChannelUnavailable) => Text::ErrChannelUnavailable,
        ApiError::Refused(C::OrderClosed) => Text::ErrOrderClosed,
        ApiError::Refused(C::OrderOpen) => Text::ErrOrderOpen,
        ApiError::Refused(C::AlreadyRated) => Text::ErrAlreadyRated,
        ApiError::Refused(C::NotRateable) => Text::ErrNotRateable,
        ApiError::Refused(C::FollowUpClosed) => Text::ErrFollowUpClosed,
        ApiError::Refused(_) => Text::ErrorRefused,
        ApiError::Server => Text::ErrorServer,
    };
    t(lang, key).to_owned()
}

/// A wait in words, rounded up to what a person counts in: `45 秒`, `3 minutes`, `2 hours`.
pub fn wait_words(lang: Lang, seconds: u32) -> String {
    let minutes = seconds.div_ceil(60);
    let (key, n) = match seconds {
        0 | 1 => (Text::WaitOneSecond, 1),
        2..=59 => (Text::WaitSeconds, seconds),
        _ if minutes == 1 => (Text::WaitOneMinute, 1),
        _ if minutes < 90 => (Text::WaitMinutes, minutes),
        _ => (Text::WaitHours, minutes.div_ceil(60)),
    };
    tf(lang, key, &[&n.to_string()])
}

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub error: ApiError,
    /// Offered when the error is transient.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

#[function_component(ErrorView)]
pub fn error_view(props: &ErrorViewProps) -> Html {
    let lang = use_lang();
    let retry = props.on_retry.clone().filter(|_| props.error.is_transient()).map(|on_retry| {
        html! {
            <button type="button" class="button" onclick={Callback::from(move |_| on_retry.emit(()))}>
                { t(lang, Text::Retry) }
            </button>
        }
    });
    html! {
        <div class="notice notice-error" role="alert" data-testid="api-error">
            <p>{ error_message(lang, &props.error) }</p>
            { for retry }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_in_words_rounded_up() {
        let said = |s| (wait_words(Lang::Zh, s), wait_words(Lang::En, s));
        assert_eq!(said(1), ("1 秒".to_owned(), "1 second".to_owned()));
        assert_eq!(said(40), ("40 秒".to_owned(), "40 seconds".to_owned()));
        assert_eq!(said(60), ("1 分钟".to_owned(), "1 minute".to_owned()));
        assert_eq!(said(61), ("2 分钟".to_owned(), "2 minutes".to_owned()));
        assert_eq!(said(3600), ("60 分钟".to_owned(), "60 minutes".to_owned()));
        assert_eq!(said(86_400), ("24 小时".to_owned(), "24 hours".to_owned()));
        assert_eq!(
            error_message(Lang::Zh, &ApiError::RateLimited { retry_after_s: 3595 }),
            "操作过于频繁，请 60 分钟后再试，您填写的内容不会丢失。"
        );
        assert_eq!(
            error_message(Lang::En, &ApiError::RateLimited { retry_after_s: 40 }),
            "Too many attempts. Please try again in 40 seconds; nothing you typed is lost."
        );
    }
}
