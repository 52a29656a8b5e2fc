//! Outage notices (停电通知) for the current account's area: planned and unplanned.

use yew::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::load::{use_load, Load};
use crate::components::notice::notice_card;
use crate::components::page::Page;
use crate::i18n::{t, Text};
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session};

#[function_component(NoticesPage)]
pub fn notices_page() -> Html {
    let lang = use_lang();
    let session = use_session();
    let api = use_api();
    let account = session.current_account().map(|a| a.account_no.clone());
    let (notices, retry) = use_load(account, move |account| {
        let api = api.clone();
        async move {
            match account {
                Some(a) => api.notices(&a).await,
                None => Err(crate::api::ApiError::NotFound),
            }
        }
    });
    let body = match &*notices {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        Load::Ready(list) if list.is_empty() => html! { <p class="notice">{ t(lang, Text::NoticesEmpty) }</p> },
        Load::Ready(list) => list.iter().map(|n| notice_card(lang, n)).collect::<Html>(),
    };
    html! { <Page title={Text::TitleNotices}>{ body }</Page> }
}
