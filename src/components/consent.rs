//! The plain-words consent line beside a form that takes personal details, with the
//! privacy notice one tap away (sign-in, binding, booking).

use yew::prelude::*;

use crate::app::Route;
use crate::i18n::{t, Lang, Text};
use crate::router::link;

/// `what` says what the details are used for, in the form's own words.
pub fn consent_line(lang: Lang, what: &str) -> Html {
    html! {
        <p class="hint" data-testid="consent">
            { what }{ " " }
            { link(&Route::Privacy, "", t(lang, Text::TitlePrivacy)) }
        </p>
    }
}
