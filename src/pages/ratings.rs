//! "To rate" (past transactions not rated yet) and "my ratings" with each
//! follow-up's state.

use crate::router::link;
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::components::rate_invitation::rate_route;
use crate::components::rating_text::{follow_up_text, level_text, status_attr, transaction_title};
use crate::i18n::RatingsText;
use crate::i18n::{date_time, t, SharedText, Text};
use crate::kit::{self, use_api_load};
use crate::state::prefs::use_lang;

#[function_component(RatingsPage)]
pub fn ratings_page() -> Html {
    let lang = use_lang();
    let pending = use_api_load((), |api, ()| async move { api.to_rate().await });
    let mine = use_api_load((), |api, ()| async move { api.ratings().await });
    let to_rate = pending.view_list(kit::empty("to-rate-empty", t(lang, RatingsText::ToRateEmpty)), |list| {
        html! {
            <ul class="history" data-testid="to-rate">
                { for list.iter().map(|tx| html! {
                    <li class="card history-item" data-testid="to-rate-item" data-kind={tx.kind.as_str()} data-id={tx.id.clone()}>
                        <p class="history-main">{ transaction_title(lang, tx) }</p>
                        <p>{ date_time(lang, tx.happened_at) }</p>
                        { link(&rate_route(tx), "button", t(lang, SharedText::RateAction)) }
                    </li>
                }) }
            </ul>
        }
    });
    let my_ratings = mine.view_list(kit::empty("ratings-empty", t(lang, RatingsText::NoRatings)), |list| {
        html! {
            <ul class="history" data-testid="my-ratings">
                { for list.iter().map(|r| html! {
                    <li class="card history-item" data-testid="my-rating" data-rating={r.id.to_string()}>
                        <p class="history-main">{ t(lang, level_text(r.level)) }</p>
                        <p>{ transaction_title(lang, &r.transaction) }</p>
                        { for r.follow_up.as_ref().map(|f| html! {
                            <p><span class="status" data-follow-up={status_attr(f.status)}>{ t(lang, follow_up_text(f.status)) }</span></p>
                        }) }
                        { link(&Route::Rating { id: r.id.0 }, "", t(lang, SharedText::ViewRating)) }
                    </li>
                }) }
            </ul>
        }
    });
    html! {
        <Page title={t(lang, Text::TitleRatings)}>
            <h2>{ t(lang, RatingsText::ToRateTitle) }</h2>
            { to_rate }
            <h2>{ t(lang, RatingsText::MyRatingsTitle) }</h2>
            { my_ratings }
        </Page>
    }
}
