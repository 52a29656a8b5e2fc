//! Paying for someone else's 户号 (代缴): the customer types the number, checks the holder's
//! masked name and the area the API answers, and pays through the same form, order flow,
//! idempotency and channels as for an own account. The number typed survives a reload;
//! an unknown or closed number is one message that tells nothing else.

use contract::{AccountNo, Payee, PaymentOptions};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::pay::{OpenOrder, PayForm};
use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::field::TextField;
use crate::components::page::Page;
use crate::i18n::{money, t, PayText, Text};
use crate::kit::form::retry_button;
use crate::kit::{use_draft, use_submit, FormErrors};
use crate::router::link;
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

const DRAFT: &str = "pay-other";
const FIELD: &str = "payee-account";

/// What the customer typed, and whether they said the holder shown is the one they meant.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct PayOtherDraft {
    account: String,
    confirmed: bool,
}

#[function_component(PayOtherPage)]
pub fn pay_other_page() -> Html {
    let lang = use_lang();
    let api = use_api();
    let draft = use_draft::<PayOtherDraft>(DRAFT);
    let payee = use_state(|| None::<Payee>);
    let lookup = use_submit();

    // Looks the typed number up; a reload of the page, or a stale amount, asks again.
    let look_up = {
        let (api, draft, payee, lookup) = (api.clone(), draft.clone(), payee.clone(), lookup.clone());
        Callback::from(move |()| {
            let typed = draft.account.trim().to_owned();
            let account = match AccountNo::parse(&typed) {
                Ok(account) => account,
                Err(_) => {
                    let key = if typed.is_empty() { Text::FieldAccountNoRequired } else { Text::FieldAccountNoFormat };
                    payee.set(None);
                    lookup.show(FormErrors::default().with_field(FIELD, t(lang, key)));
                    return;
                }
            };
            let (api, payee) = (api.clone(), payee.clone());
            lookup.run(async move {
                match api.payee(&account).await {
                    Ok(found) => {
                        payee.set(Some(found));
                        Ok(())
                    }
                    Err(e) => {
                        payee.set(None);
                        Err(match e {
                            // Unknown and closed alike: nothing about which.
                            ApiError::NotFound => FormErrors::general(t(lang, PayText::PayeeNotFound))
                                .with_field(FIELD, t(lang, PayText::PayeeNotFoundField)),
                            other => FormErrors::from_api(lang, &other, FormErrors::no_refusal),
                        })
                    }
                }
            });
        })
    };
    // Coming back to the page with a confirmed number: look it up again at once.
    {
        let (look_up, confirmed) = (look_up.clone(), draft.confirmed);
        use_effect_with((), move |()| {
            if confirmed {
                look_up.emit(());
            }
        });
    }

    // A changed number is not the holder shown (see `found`), nor what the last answer was about.
    let on_input = {
        let (draft, lookup) = (draft.clone(), lookup.clone());
        Callback::from(move |value: String| {
            draft.update(|d| {
                d.account = value;
                d.confirmed = false;
            });
            if !lookup.errors().is_empty() {
                lookup.show(FormErrors::default());
            }
        })
    };
    let on_confirm = {
        let draft = draft.clone();
        Callback::from(move |_| draft.update(|d| d.confirmed = true))
    };
    let on_change = {
        let (draft, payee) = (draft.clone(), payee.clone());
        Callback::from(move |_| {
            payee.set(None);
            draft.update(|d| d.confirmed = false);
        })
    };

    let errors = lookup.errors().clone();
    let busy = lookup.busy();
    let found = (*payee).clone().filter(|p| p.account_no.as_str() == draft.account.trim());
    let body = match found {
        Some(payee) if draft.confirmed => paying(&payee.options, &look_up),
        Some(payee) => html! {
            <div class="card" data-testid="payee">
                <h2>{ t(lang, PayText::PayeeCheckTitle) }</h2>
                <dl class="facts">
                    <div><dt>{ t(lang, Text::AccountNoLabel) }</dt><dd data-testid="payee-account-no">{ payee.account_no.to_string() }</dd></div>
                    <div><dt>{ t(lang, PayText::PayeeHolder) }</dt><dd data-testid="payee-holder">{ payee.holder_name_masked.clone() }</dd></div>
                    <div><dt>{ t(lang, PayText::PayeeArea) }</dt><dd data-testid="payee-area">{ payee.area.clone() }</dd></div>
                    <div>
                        <dt>{ t(lang, PayText::PayeeDue) }</dt>
                        <dd data-testid="payee-due">{
                            match payee.kind {
                                contract::AccountKind::Postpaid => money(payee.amount_due),
                                contract::AccountKind::Prepaid => t(lang, PayText::PayeePrepaid).to_owned(),
                            }
                        }</dd>
                    </div>
                </dl>
                <div class="actions">
                    <button type="button" class="button" onclick={on_confirm} data-testid="payee-confirm">{ t(lang, PayText::PayeeConfirm) }</button>
                    <button type="button" class="button button-secondary" onclick={on_change} data-testid="payee-change">{ t(lang, PayText::PayeeChange) }</button>
                </div>
            </div>
        },
        None => html! {},
    };
    let on_submit = look_up.reform(|e: SubmitEvent| e.prevent_default());
    html! {
        <Page title={t(lang, Text::TitlePayOther)}>
            <p>{ t(lang, PayText::PayOtherIntro) }</p>
            <form onsubmit={on_submit} novalidate=true data-testid="payee-form">
                <ErrorSummary errors={errors.clone()}>{ retry_button(lang, &errors, &look_up) }</ErrorSummary>
                <TextField id={FIELD} label={t(lang, Text::AccountNoLabel)} hint={t(lang, Text::AccountNoHint)}
                    value={draft.account.clone()} {on_input} inputmode="numeric" maxlength={10}
                    error={errors.for_field(FIELD)} />
                <button type="submit" class="button button-secondary" disabled={busy} aria-busy={busy.then_some("true")} data-testid="payee-look-up">
                    { t(lang, if busy { PayText::PayeeLookingUp } else { PayText::PayeeLookUp }) }
                </button>
            </form>
            { body }
            <p>{ link(&Route::Payments, "", t(lang, Text::TitlePayments)) }</p>
        </Page>
    }
}

/// The same pay form as for an own account, or the payer's own unfinished order for it.
fn paying(options: &PaymentOptions, look_up: &Callback<()>) -> Html {
    match &options.open_order {
        Some(order) => html! { <OpenOrder order={order.clone()} on_closed={look_up.clone()} /> },
        None => html! { <PayForm options={options.clone()} on_stale={look_up.clone()} for_other=true /> },
    }
}
