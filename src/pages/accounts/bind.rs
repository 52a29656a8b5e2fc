//! Binding another account, with proof: the account number and the holder's name, then the
//! code sent to the phone registered for the account (shown masked), with the resend cooldown.
//! The number and name are kept as a draft; the code never is, nor the press that carries it
//! (a reload asks for the code again anyway).

use contract::{AccountSummary, BindCodeRequest, BindRequest, ErrorCode, SmsCodeSent};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::{ApiError, Press};
use crate::components::code::{resend_line, use_clock};
use crate::components::consent::consent_line;
use crate::components::error_summary::ErrorSummary;
use crate::components::field::TextField;
use crate::i18n::AccountText;
use crate::i18n::{t, tf, Lang, Text};
use crate::kit::{send_once, use_draft, use_submit, FormErrors, Keep};
use crate::platform::dom;
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

const DRAFT: &str = "bind-account";

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    account_no: String,
    holder_name: String,
}

#[derive(Clone, PartialEq)]
enum Step {
    Details,
    Code { sent: SmsCodeSent, sent_at_ms: f64 },
}

fn refusal(lang: Lang, code: ErrorCode) -> Option<FormErrors> {
    match code {
        ErrorCode::AlreadyBound => Some(FormErrors::general(t(lang, AccountText::ErrAlreadyBound))),
        ErrorCode::HolderMismatch => Some(FormErrors::general(t(lang, Text::ErrHolderMismatch))),
        _ => None,
    }
}

/// A 401 has already sent the customer to sign in; the draft brings the form back.
fn bind_errors(lang: Lang, error: ApiError) -> FormErrors {
    match error {
        ApiError::Unauthorized => FormErrors::default(),
        e => FormErrors::from_api(lang, &e, refusal),
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct BindFormProps {
    pub(super) on_bound: Callback<AccountSummary>,
}

#[function_component(BindForm)]
pub(super) fn bind_form(props: &BindFormProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let draft = use_draft::<Draft>(DRAFT);
    let code = use_state(String::new);
    let step = use_state(|| Step::Details);
    let submit = use_submit();
    // The press carries the code, so it is kept in memory only.
    let press = use_mut_ref(|| None::<Press<BindRequest>>);
    let now = use_clock(matches!(*step, Step::Code { .. }));
    let on_code = {
        let code = code.clone();
        Callback::from(move |value: String| code.set(value))
    };

    let send_code = {
        let (api, draft, code, step, submit) = (api.clone(), draft.clone(), code.clone(), step.clone(), submit.clone());
        Callback::from(move |()| {
            let request =
                BindCodeRequest { account_no: draft.account_no.clone(), holder_name: draft.holder_name.clone() };
            if let Err(fields) = request.parse() {
                submit.show(FormErrors::of_fields(lang, &fields));
                return;
            }
            let (api, code, step) = (api.clone(), code.clone(), step.clone());
            submit.run(async move {
                let sent = api.send_binding_code(&request).await.map_err(|e| bind_errors(lang, e))?;
                code.set(String::new());
                step.set(Step::Code { sent, sent_at_ms: dom::now_ms() });
                Ok(())
            });
        })
    };

    let submit_code = {
        let (api, draft, code, step, submit) = (api.clone(), draft.clone(), code.clone(), step.clone(), submit.clone());
        let (press, on_bound) = (press.clone(), props.on_bound.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = BindRequest {
                account_no: draft.account_no.clone(),
                holder_name: draft.holder_name.clone(),
                code: (*code).clone(),
            };
            if let Err(fields) = request.parse() {
                submit.show(FormErrors::of_fields(lang, &fields));
                return;
            }
            let (api, draft, code, step) = (api.clone(), draft.clone(), code.clone(), step.clone());
            let (press, on_bound) = (press.clone(), on_bound.clone());
            submit.run(async move {
                let bound =
                    send_once(Keep::Memory(&press), request, |r, key| async move { api.bind_account(&r, &key).await })
                        .await
                        .map_err(|e| bind_errors(lang, e))?;
                draft.clear();
                code.set(String::new());
                step.set(Step::Details);
                on_bound.emit(bound);
                Ok(())
            });
        })
    };

    let form = match &*step {
        Step::Details => html! {
            <form onsubmit={send_code.reform(|e: SubmitEvent| e.prevent_default())} novalidate=true data-testid="bind-form">
                <TextField id="account_no" label={t(lang, Text::AccountNoLabel)} hint={t(lang, Text::AccountNoHint)}
                    value={draft.account_no.clone()} on_input={draft.field(|d, v| d.account_no = v)} inputmode="numeric"
                    maxlength={20} error={submit.errors().for_field("account_no")} />
                <TextField id="holder_name" label={t(lang, AccountText::HolderNameLabel)} hint={t(lang, AccountText::HolderNameHint)}
                    value={draft.holder_name.clone()} on_input={draft.field(|d, v| d.holder_name = v)} autocomplete="name"
                    maxlength={30} error={submit.errors().for_field("holder_name")} />
                <p class="hint">{ t(lang, AccountText::BindProofHint) }</p>
                <button type="submit" class="button" disabled={submit.busy()}>{ t(lang, Text::SendCode) }</button>
                { consent_line(lang, t(lang, AccountText::ConsentBind)) }
            </form>
        },
        Step::Code { sent, sent_at_ms } => {
            let resend = resend_line(lang, sent, *sent_at_ms, now, &send_code);
            let back = {
                let (step, submit) = (step.clone(), submit.clone());
                Callback::from(move |_| {
                    submit.show(FormErrors::default());
                    step.set(Step::Details);
                })
            };
            html! {
                <form onsubmit={submit_code} novalidate=true data-testid="bind-code-form">
                    <p>{ tf(lang, AccountText::BindCodeFor, &[&draft.account_no]) }</p>
                    <TextField id="code" label={t(lang, Text::CodeLabel)} hint={tf(lang, Text::CodeHint, &[&sent.phone_masked])}
                        value={(*code).clone()} on_input={on_code} inputmode="numeric" autocomplete="one-time-code"
                        maxlength={6} error={submit.errors().for_field("code")} />
                    <button type="submit" class="button" disabled={submit.busy()}>{ t(lang, AccountText::BindButton) }</button>
                    { resend }
                    <button type="button" class="link-button" onclick={back} data-testid="change-bind-details">
                        { t(lang, AccountText::ChangeBindDetails) }
                    </button>
                </form>
            }
        }
    };
    html! {
        <>
            <ErrorSummary errors={submit.errors().clone()} />
            { form }
        </>
    }
}
