//! The customer's accounts: list (personal data masked), switch the current one,
//! bind another (account number + holder's name), unbind with confirmation.

use contract::{AccountKind, AccountNo, AccountSummary, BindRequest, ErrorCode};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::{Api, ApiError};
use crate::components::dialog::Dialog;
use crate::components::error_summary::ErrorSummary;
use crate::components::error_view::error_message;
use crate::components::field::{FormErrors, TextField};
use crate::components::page::Page;
use crate::i18n::AccountText;
use crate::i18n::{t, tf, Lang, SharedText, Text};
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session, SessionAction, SessionContext};

const DRAFT: &str = "bind-account";

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    account_no: String,
    holder_name: String,
}

fn bind_errors(lang: Lang, error: ApiError) -> FormErrors {
    match error {
        ApiError::Validation(fields) if !fields.is_empty() => FormErrors { fields, general: None },
        ApiError::Conflict => {
            FormErrors { fields: Vec::new(), general: Some(t(lang, AccountText::ErrAlreadyBound).to_owned()) }
        }
        ApiError::Refused(ErrorCode::HolderMismatch) => {
            FormErrors { fields: Vec::new(), general: Some(t(lang, Text::ErrHolderMismatch).to_owned()) }
        }
        other => FormErrors { fields: Vec::new(), general: Some(error_message(lang, &other)) },
    }
}

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
    let draft = use_state(|| drafts::load::<Draft>(DRAFT));
    let errors = use_state(FormErrors::default);
    let status = use_state(|| Option::<String>::None);
    let confirming = use_state(|| Option::<AccountNo>::None);
    let busy = use_state(|| false);

    let current = session.current_account().map(|a| a.account_no.clone());
    let accounts = session.me.as_ref().map(|m| m.accounts.clone()).unwrap_or_default();

    let update = |edit: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            edit(&mut next, value);
            drafts::save(DRAFT, &next);
            draft.set(next);
        })
    };
    let on_account = update(|d, v| d.account_no = v);
    let on_holder = update(|d, v| d.holder_name = v);

    let submit = {
        let (api, session, draft, errors, status, busy) =
            (api.clone(), session.clone(), draft.clone(), errors.clone(), status.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = BindRequest { account_no: draft.account_no.clone(), holder_name: draft.holder_name.clone() };
            if let Err(fields) = request.parse() {
                errors.set(FormErrors { fields, general: None });
                return;
            }
            let (api, session, draft, errors, status, busy) =
                (api.clone(), session.clone(), draft.clone(), errors.clone(), status.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api.bind_account(&request).await {
                    Ok(bound) => {
                        errors.set(FormErrors::default());
                        drafts::clear(DRAFT);
                        draft.set(Draft::default());
                        status.set(Some(tf(lang, AccountText::Bound, &[bound.account_no.as_str()])));
                        refresh(&api, &session).await;
                    }
                    // A 401 has already sent the customer to sign in; the draft brings the form back.
                    Err(ApiError::Unauthorized) => {}
                    Err(e) => errors.set(bind_errors(lang, e)),
                }
                busy.set(false);
            });
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
            <ErrorSummary problems={errors.problems(lang)} />
            <form onsubmit={submit} novalidate=true data-testid="bind-form">
                <TextField id="account_no" label={t(lang, Text::AccountNoLabel)} hint={t(lang, Text::AccountNoHint)}
                    value={draft.account_no.clone()} on_input={on_account} inputmode="numeric" maxlength={20}
                    error={errors.for_field(lang, "account_no")} />
                <TextField id="holder_name" label={t(lang, AccountText::HolderNameLabel)} hint={t(lang, AccountText::HolderNameHint)}
                    value={draft.holder_name.clone()} on_input={on_holder} autocomplete="name" maxlength={30}
                    error={errors.for_field(lang, "holder_name")} />
                <button type="submit" class="button" disabled={*busy}>{ t(lang, AccountText::BindButton) }</button>
            </form>
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
