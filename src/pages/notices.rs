//! Outage notices (停电通知) for the current account's area: planned and unplanned.

use yew::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::load::{use_account_load, Load};
use crate::components::notice::notice_card;
use crate::components::page::Page;
use crate::i18n::UsageText;
use crate::i18n::{t, Text};
use crate::state::prefs::use_lang;

#[function_component(NoticesPage)]
pub fn notices_page() -> Html {
    let lang = use_lang();
    let (notices, retry) = use_account_load(|api, account| async move { api.notices(&account).await });
    let body = match &*notices {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="notice" data-testid="notices-empty">{ t(lang, UsageText::NoticesEmpty) }</p> }
        }
        Load::Ready(list) => {
            html! { <div data-testid="notices">{ for list.iter().map(|n| notice_card(lang, n)) }</div> }
        }
    };
    html! { <Page title={t(lang, Text::TitleNotices)}>{ body }</Page> }
}
