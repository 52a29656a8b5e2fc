//! The customer's accounts: list (personal data masked), switch the current one,
//! bind another (with proof: [`bind`]), unbind with confirmation.

mod bind;

use contract::{AccountKind, AccountNo, AccountSummary};
use yew::prelude::*;

use crate::api::Api;
use crate::components::dialog::Dialog;
use crate::components::error_view::error_message;
use crate::components::page::Page;
use crate::i18n::AccountText;
use crate::i18n::{t, tf, Lang, SharedText, Text};
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session, SessionAction, SessionContext};
use bind::BindForm;

/// Reloads the customer's accounts after a change.
async fn refresh(api: &Api, session: &SessionContext) {
    if let Ok(me) = api.me().await {
        session.dispatch(SessionAction::Loaded(me));
    }
}

#[function_component(AccountsPage)]
pub fn accounts_page() -> Html {
    let lang = use_lang();
    let session = use_session();
    let api = use_api();
    let status = use_state(|| Option::<String>::None);
    let confirming = use_state(|| Option::<AccountNo>::None);

    let current = session.current_account().map(|a| a.account_no.clone());
    let accounts = session.me.as_ref().map(|m| m.accounts.clone()).unwrap_or_default();

    let on_bound = {
        let (api, session, status) = (api.clone(), session.clone(), status.clone());
        Callback::from(move |bound: AccountSummary| {
            status.set(Some(tf(lang, AccountText::Bound, &[bound.account_no.as_str()])));
            let (api, session) = (api.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move { refresh(&api, &session).await });
        })
    };

    let unbind = {
        let (api, session, confirming, status) = (api.clone(), session.clone(), confirming.clone(), status.clone());
        Callback::from(move |account: AccountNo| {
            let (api, session, confirming, status) = (api.clone(), session.clone(), confirming.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let message = match api.unbind_account(&account).await {
                    Ok(()) => tf(lang, AccountText::Unbound, &[account.as_str()]),
                    Err(e) => error_message(lang, &e),
                };
                confirming.set(None);
                status.set(Some(message));
                refresh(&api, &session).await;
            });
        })
    };

    let dialog = (*confirming).clone().map(|account| {
        let close = {
            let confirming = confirming.clone();
            Callback::from(move |()| confirming.set(None))
        };
        let confirm = {
            let (unbind, account) = (unbind.clone(), account.clone());
            Callback::from(move |_| unbind.emit(account.clone()))
        };
        html! {
            <Dialog title={t(lang, AccountText::UnbindConfirmTitle).to_owned()} on_close={close}>
                <p>{ tf(lang, AccountText::UnbindConfirmBody, &[account.as_str()]) }</p>
                <button type="button" class="button button-danger" onclick={confirm} data-testid="confirm-unbind">
                    { t(lang, AccountText::UnbindConfirm) }
                </button>
            </Dialog>
        }
    });

    html! {
        <Page title={t(lang, Text::TitleAccounts)}>
            <p>{ t(lang, AccountText::AccountsIntro) }</p>
            { for (*status).clone().map(|s| html! { <p class="notice" role="status" data-testid="accounts-status">{ s }</p> }) }
            <ul class="account-list">
                { for accounts.iter().map(|a| account_item(lang, a, current.as_ref() == Some(&a.account_no), &session, &confirming)) }
            </ul>
            <h2>{ t(lang, SharedText::BindTitle) }</h2>
            <BindForm {on_bound} />
            { for dialog }
        </Page>
    }
}

fn account_item(
    lang: Lang,
    account: &AccountSummary,
    is_current: bool,
    session: &SessionContext,
    confirming: &UseStateHandle<Option<AccountNo>>,
) -> Html {
    let kind = match account.kind {
        AccountKind::Postpaid => AccountText::KindPostpaid,
        AccountKind::Prepaid => AccountText::KindPrepaid,
    };
    let select = {
        let (session, no) = (session.clone(), account.account_no.clone());
        Callback::from(move |_| session.dispatch(SessionAction::SelectAccount(no.clone())))
    };
    let ask_unbind = {
        let (confirming, no) = (confirming.clone(), account.account_no.clone());
        Callback::from(move |_| confirming.set(Some(no.clone())))
    };
    html! {
        <li class={classes!("card", "account", is_current.then_some("account-current"))}
            data-testid="account" data-account={account.account_no.to_string()}>
            <p class="account-no">{ account.account_no.to_string() }{ " · " }{ t(lang, kind) }</p>
            <p>{ account.holder_name_masked.clone() }{ " · " }{ account.address_masked.clone() }</p>
            if is_current {
                <p class="current-mark">{ t(lang, SharedText::CurrentAccount) }</p>
            } else {
                <button type="button" class="button" onclick={select} data-testid="switch-account">
                    { t(lang, AccountText::SwitchToAccount) }
                </button>
            }
            <button type="button" class="button button-secondary" onclick={ask_unbind} data-testid="unbind">
                { t(lang, AccountText::Unbind) }
            </button>
        </li>
    }
}
