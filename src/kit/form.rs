//! The one error model of forms: each field's problem, one for the whole form,
//! and whether pressing again may help. Made from the form's own checks or from
//! the API's answer; shown by [`ErrorSummary`](crate::components::error_summary::ErrorSummary)
//! at the top and by each field beside its input.

use contract::{ErrorCode, FieldError};

use crate::api::ApiError;
use crate::components::error_summary::Problem;
use crate::components::error_view::error_message;
use crate::i18n::{t, Lang, Text};
use yew::prelude::*;

#[derive(Clone, PartialEq, Debug, Default)]
pub struct FormErrors {
    /// Per field: the input's id and the sentence shown beside it, in form order.
    pub fields: Vec<(String, String)>,
    /// For the whole form.
    pub general: Option<String>,
    /// The press may have failed on the way (offline, a timeout, a 5xx): pressing
    /// again sends the same press, so the summary offers it.
    pub retry: bool,
}

impl FormErrors {
    pub fn general(message: impl Into<String>) -> Self {
        Self { general: Some(message.into()), ..Self::default() }
    }

    /// The form's own checks or the API's, in the customer's words.
    pub fn of_fields(lang: Lang, fields: &[FieldError]) -> Self {
        let fields = fields.iter().map(|e| (e.field.clone(), field_message(lang, e))).collect();
        Self { fields, ..Self::default() }
    }

    pub fn with_field(mut self, id: &str, message: impl Into<String>) -> Self {
        self.fields.push((id.to_owned(), message.into()));
        self
    }

    /// What the form shows for an API error: field problems beside their fields;
    /// a refusal in the page's own words where `refusal` has them, else the shared
    /// sentence for the error (with "what to do next").
    pub fn from_api(lang: Lang, error: &ApiError, refusal: fn(Lang, ErrorCode) -> Option<FormErrors>) -> Self {
        match error {
            ApiError::Validation(fields) if !fields.is_empty() => Self::of_fields(lang, fields),
            ApiError::Refused(code) => refusal(lang, *code).unwrap_or_else(|| match code {
                // Every form with an SMS code names its field `code`: the problem is shown there too.
                ErrorCode::CodeInvalid => {
                    Self::general(t(lang, Text::ErrCodeInvalid)).with_field("code", t(lang, Text::FieldCodeFormat))
                }
                _ => Self::general(error_message(lang, error)),
            }),
            other => Self { retry: other.is_transient(), ..Self::general(error_message(lang, other)) },
        }
    }

    /// For forms whose refusals all have the shared sentence.
    pub fn no_refusal(_: Lang, _: ErrorCode) -> Option<FormErrors> {
        None
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }

    pub fn for_field(&self, id: &str) -> Option<String> {
        self.fields.iter().find(|(field, _)| field == id).map(|(_, message)| message.clone())
    }

    /// The error summary's lines: the general problem first, then each field's.
    pub fn problems(&self) -> Vec<Problem> {
        let general = self.general.iter().map(|m| Problem { field_id: None, message: m.clone() });
        let fields = self.fields.iter().map(|(id, m)| Problem { field_id: Some(id.clone()), message: m.clone() });
        general.chain(fields).collect()
    }
}

/// The retry a form offers in its summary when pressing again may help ([`FormErrors::retry`]):
/// the same press, so the server does it at most once.
pub fn retry_button(lang: Lang, errors: &FormErrors, on_retry: &Callback<()>) -> Html {
    if !errors.retry {
        return Html::default();
    }
    html! {
        <button type="button" class="button" data-testid="summary-retry" onclick={on_retry.reform(|_| ())}>
            { t(lang, Text::Retry) }
        </button>
    }
}

/// The customer's sentence for a field error, from the field and its code.
pub fn field_message(lang: Lang, error: &FieldError) -> String {
    use contract::FieldCode as C;
    let key = match (error.field.as_str(), error.code) {
        ("account_no", C::Required) => Text::FieldAccountNoRequired,
        ("account_no", _) => Text::FieldAccountNoFormat,
        ("phone" | "contact_phone", C::Required) => Text::FieldPhoneRequired,
        ("phone" | "contact_phone", _) => Text::FieldPhoneFormat,
        ("code", C::Required) => Text::FieldCodeRequired,
        ("code", _) => Text::FieldCodeFormat,
        ("holder_name", C::Required) => Text::FieldHolderRequired,
        ("holder_name", C::TooLong) => Text::FieldHolderTooLong,
        _ => Text::FieldInvalid,
    };
    t(lang, key).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::FieldCode;

    fn locked(lang: Lang, code: ErrorCode) -> Option<FormErrors> {
        (code == ErrorCode::AppointmentLocked).then(|| FormErrors::general(format!("{lang:?} locked")))
    }

    #[test]
    fn api_errors_land_beside_their_fields_or_in_the_summary() {
        let fields = vec![FieldError::new("phone", FieldCode::InvalidFormat, "x")];
        let on_fields = FormErrors::from_api(Lang::Zh, &ApiError::Validation(fields), locked);
        assert_eq!(on_fields.for_field("phone").as_deref(), Some(t(Lang::Zh, Text::FieldPhoneFormat)));
        assert_eq!(on_fields.general, None);
        // The page's own words for its refusals; the shared sentence for the rest.
        let own = FormErrors::from_api(Lang::En, &ApiError::Refused(ErrorCode::AppointmentLocked), locked);
        assert_eq!(own.general.as_deref(), Some("En locked"));
        let shared = FormErrors::from_api(Lang::En, &ApiError::Refused(ErrorCode::SlotFull), locked);
        assert_eq!(shared.general, Some(error_message(Lang::En, &ApiError::Refused(ErrorCode::SlotFull))));
        // A wrong code is said in the summary and beside the code field.
        let code = FormErrors::from_api(Lang::Zh, &ApiError::Refused(ErrorCode::CodeInvalid), FormErrors::no_refusal);
        assert_eq!(code.general.as_deref(), Some(t(Lang::Zh, Text::ErrCodeInvalid)));
        assert!(code.for_field("code").is_some());
        // Only what may have failed on the way offers the same press again.
        assert!(FormErrors::from_api(Lang::Zh, &ApiError::Timeout, locked).retry);
        assert!(FormErrors::from_api(Lang::Zh, &ApiError::Network, locked).retry);
        assert!(!FormErrors::from_api(Lang::Zh, &ApiError::NotFound, locked).retry);
        assert!(!own.retry);
    }

    #[test]
    fn the_summary_lists_the_general_problem_first_then_each_field() {
        let errors = FormErrors::general("g").with_field("a", "first").with_field("b", "second");
        let lines: Vec<(Option<String>, String)> =
            errors.problems().into_iter().map(|p| (p.field_id, p.message)).collect();
        assert_eq!(
            lines,
            [(None, "g".into()), (Some("a".into()), "first".into()), (Some("b".into()), "second".into())]
        );
        assert!(FormErrors::default().is_empty());
        assert!(!errors.is_empty());
    }
}
