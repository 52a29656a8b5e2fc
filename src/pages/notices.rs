//! Outage notices (停电通知) for the current account's area: planned and unplanned.

use yew::prelude::*;

use crate::components::notice::notice_card;
use crate::components::page::Page;
use crate::i18n::UsageText;
use crate::i18n::{t, Text};
use crate::kit::{self, use_account_load};
use crate::state::prefs::use_lang;

#[function_component(NoticesPage)]
pub fn notices_page() -> Html {
    let lang = use_lang();
    let notices = use_account_load(|api, account| async move { api.notices(&account).await });
    let body = notices.view_list(kit::empty("notices-empty", t(lang, UsageText::NoticesEmpty)), |list| {
        html! { <div data-testid="notices">{ for list.iter().map(|n| notice_card(lang, n)) }</div> }
    });
    html! { <Page title={t(lang, Text::TitleNotices)}>{ body }</Page> }
}
