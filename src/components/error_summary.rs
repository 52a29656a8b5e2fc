//! The GOV.UK error summary: a list of problems at the top of a form that takes
//! focus when it appears, each linking to its field, and what the form offers next.

use yew::prelude::*;

use crate::i18n::{t, Text};
use crate::kit::FormErrors;
use crate::platform::dom;
use crate::state::prefs::use_lang;

/// One problem: the input's id and the message.
#[derive(Clone, PartialEq, Debug)]
pub struct Problem {
    pub field_id: Option<String>,
    pub message: String,
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub errors: FormErrors,
    /// Below the list: what the form offers next (a retry, another choice).
    #[prop_or_default]
    pub children: Html,
}

#[function_component(ErrorSummary)]
pub fn error_summary(props: &ErrorSummaryProps) -> Html {
    let lang = use_lang();
    let problems = props.errors.problems();
    use_effect_with(problems.clone(), |problems| {
        if !problems.is_empty() {
            dom::focus("error-summary");
        }
    });
    if problems.is_empty() {
        return Html::default();
    }

    html! {
        <div id="error-summary" class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"
             data-testid="error-summary">
            <h2 id="error-summary-title">{ t(lang, Text::ErrorSummaryTitle) }</h2>
            <ul>
                { for problems.iter().map(|p| match &p.field_id {
                    // A button, not a `#id` link: the hash belongs to the router.
                    Some(id) => {
                        let target = id.clone();
                        html! { <li><button type="button" class="link-button" data-field={id.clone()}
                            onclick={Callback::from(move |_| dom::focus(&target))}>{ p.message.clone() }</button></li> }
                    }
                    None => html! { <li>{ p.message.clone() }</li> },
                }) }
            </ul>
            { props.children.clone() }
        </div>
    }
}
