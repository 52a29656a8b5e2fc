//! Where payment providers send the customer back. The address names no order,
//! amount or status: the order is the one this tab was paying.

use crate::router::use_navigator;
use yew::prelude::*;

use crate::app::Route;
use crate::pages::pay::load_draft;

/// Where providers return to: the order this tab was paying, or the pay page.
#[function_component(PayReturnPage)]
pub fn pay_return_page() -> Html {
    let navigator = use_navigator();
    use_effect_with((), move |()| {
        if let Some(nav) = navigator {
            match load_draft().order {
                Some(no) => nav.replace(&Route::PayOrder { no: no.to_string() }),
                None => nav.replace(&Route::Pay),
            }
        }
    });
    html! { <div class="skeleton" aria-hidden="true"></div> }
}
