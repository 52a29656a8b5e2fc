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
            return tf(lang, Text::ErrorRateLimited, &[&retry_after_s.to_string()]);
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
