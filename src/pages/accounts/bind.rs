//! Binding another account, with proof: the account number and the holder's name, then the
//! code sent to the phone registered for the account (shown masked), with the resend cooldown.
//! The number and name are kept as a draft; the code never is, nor the press that carries it
//! (a reload asks for the code again anyway).

use std::cell::RefCell;
use std::rc::Rc;

use contract::{AccountSummary, BindCodeRequest, BindRequest, ErrorCode, FieldCode, FieldError, SmsCodeSent};
use gloo_timers::callback::Interval;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::{ApiError, Press};
use crate::components::consent::consent_line;
use crate::components::error_summary::ErrorSummary;
use crate::components::error_view::error_message;
use crate::components::field::{FormErrors, TextField};
use crate::i18n::AccountText;
use crate::i18n::{t, tf, Lang, Text};
use crate::platform::dom;
use crate::state::drafts;
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

fn general(message: String) -> FormErrors {
    FormErrors { fields: Vec::new(), general: Some(message) }
}

fn bind_errors(lang: Lang, error: ApiError) -> FormErrors {
    match error {
        ApiError::Validation(fields) if !fields.is_empty() => FormErrors { fields, general: None },
        ApiError::Refused(ErrorCode::AlreadyBound) => general(t(lang, AccountText::ErrAlreadyBound).to_owned()),
        ApiError::Refused(ErrorCode::HolderMismatch) => general(t(lang, Text::ErrHolderMismatch).to_owned()),
        ApiError::Refused(ErrorCode::CodeInvalid) => FormErrors {
            fields: vec![FieldError::new("code", FieldCode::InvalidFormat, "wrong code")],
            general: Some(t(lang, Text::ErrCodeInvalid).to_owned()),
        },
        other => general(error_message(lang, &other)),
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
    let draft = use_state(|| drafts::load::<Draft>(DRAFT));
    let code = use_state(String::new);
    let step = use_state(|| Step::Details);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    // Set synchronously: a second click before the next render finds it.
    let in_flight: Rc<RefCell<bool>> = use_mut_ref(|| false);
    let press: Rc<RefCell<Option<Press<BindRequest>>>> = use_mut_ref(|| None);
    let now = use_state(dom::now_ms);
    {
        let now = now.clone();
        let counting = matches!(*step, Step::Code { .. });
        use_effect_with(counting, move |counting| {
            let interval = counting.then(|| Interval::new(1000, move || now.set(dom::now_ms())));
            move || drop(interval)
        });
    }

    let update = |edit: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            edit(&mut next, value);
            drafts::save(DRAFT, &next);
            draft.set(next);
        })
    };
    let on_code = {
        let code = code.clone();
        Callback::from(move |value: String| code.set(value))
    };

    let send_code = {
        let (api, draft, code, step, errors, busy, in_flight) =
            (api.clone(), draft.clone(), code.clone(), step.clone(), errors.clone(), busy.clone(), in_flight.clone());
        Callback::from(move |()| {
            if *in_flight.borrow() {
                return;
            }
            let request =
                BindCodeRequest { account_no: draft.account_no.clone(), holder_name: draft.holder_name.clone() };
            if let Err(fields) = request.parse() {
                errors.set(FormErrors { fields, general: None });
                return;
            }
            *in_flight.borrow_mut() = true;
            busy.set(true);
            let (api, code, step, errors, busy, in_flight) =
                (api.clone(), code.clone(), step.clone(), errors.clone(), busy.clone(), in_flight.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.send_binding_code(&request).await {
                    Ok(sent) => {
                        errors.set(FormErrors::default());
                        code.set(String::new());
                        step.set(Step::Code { sent, sent_at_ms: dom::now_ms() });
                    }
                    // A 401 has already sent the customer to sign in; the draft brings the form back.
                    Err(ApiError::Unauthorized) => {}
                    Err(e) => errors.set(bind_errors(lang, e)),
                }
                *in_flight.borrow_mut() = false;
                busy.set(false);
            });
        })
    };

    let submit_code = {
        let (api, draft, code, step, errors, busy) =
            (api.clone(), draft.clone(), code.clone(), step.clone(), errors.clone(), busy.clone());
        let (in_flight, press, on_bound) = (in_flight.clone(), press.clone(), props.on_bound.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *in_flight.borrow() {
                return;
            }
            let request = BindRequest {
                account_no: draft.account_no.clone(),
                holder_name: draft.holder_name.clone(),
                code: (*code).clone(),
            };
            if let Err(fields) = request.parse() {
                errors.set(FormErrors { fields, general: None });
                return;
            }
            let this = Press::of(press.borrow().as_ref(), &request);
            *press.borrow_mut() = Some(this.clone());
            *in_flight.borrow_mut() = true;
            busy.set(true);
            let (api, draft, code, step, errors, busy) =
                (api.clone(), draft.clone(), code.clone(), step.clone(), errors.clone(), busy.clone());
            let (in_flight, press, on_bound) = (in_flight.clone(), press.clone(), on_bound.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api.bind_account(&this.request, &this.key).await;
                *press.borrow_mut() = this.clone().after(result.as_ref().map(drop));
                match result {
                    Ok(bound) => {
                        drafts::clear(DRAFT);
                        draft.set(Draft::default());
                        code.set(String::new());
                        errors.set(FormErrors::default());
                        step.set(Step::Details);
                        on_bound.emit(bound);
                    }
                    Err(ApiError::Unauthorized) => {}
                    Err(e) => errors.set(bind_errors(lang, e)),
                }
                *in_flight.borrow_mut() = false;
                busy.set(false);
            });
        })
    };

    let form = match &*step {
        Step::Details => html! {
            <form onsubmit={send_code.reform(|e: SubmitEvent| e.prevent_default())} novalidate=true data-testid="bind-form">
                <TextField id="account_no" label={t(lang, Text::AccountNoLabel)} hint={t(lang, Text::AccountNoHint)}
                    value={draft.account_no.clone()} on_input={update(|d, v| d.account_no = v)} inputmode="numeric"
                    maxlength={20} error={errors.for_field(lang, "account_no")} />
                <TextField id="holder_name" label={t(lang, AccountText::HolderNameLabel)} hint={t(lang, AccountText::HolderNameHint)}
                    value={draft.holder_name.clone()} on_input={update(|d, v| d.holder_name = v)} autocomplete="name"
                    maxlength={30} error={errors.for_field(lang, "holder_name")} />
                <p class="hint">{ t(lang, AccountText::BindProofHint) }</p>
                <button type="submit" class="button" disabled={*busy}>{ t(lang, Text::SendCode) }</button>
                { consent_line(lang, t(lang, AccountText::ConsentBind)) }
            </form>
        },
        Step::Code { sent, sent_at_ms } => {
            let wait_s = (sent_at_ms + f64::from(sent.resend_after_s) * 1000.0 - *now) / 1000.0;
            let resend = if wait_s > 0.0 {
                html! { <p class="hint" data-testid="resend-wait">{ tf(lang, Text::ResendIn, &[&(wait_s.ceil() as i64).to_string()]) }</p> }
            } else {
                html! { <button type="button" class="button button-secondary" onclick={send_code.reform(|_| ())}
                data-testid="resend">{ t(lang, Text::Resend) }</button> }
            };
            let back = {
                let (step, errors) = (step.clone(), errors.clone());
                Callback::from(move |_| {
                    errors.set(FormErrors::default());
                    step.set(Step::Details);
                })
            };
            html! {
                <form onsubmit={submit_code} novalidate=true data-testid="bind-code-form">
                    <p>{ tf(lang, AccountText::BindCodeFor, &[&draft.account_no]) }</p>
                    <TextField id="code" label={t(lang, Text::CodeLabel)} hint={tf(lang, Text::CodeHint, &[&sent.phone_masked])}
                        value={(*code).clone()} on_input={on_code} inputmode="numeric" autocomplete="one-time-code"
                        maxlength={6} error={errors.for_field(lang, "code")} />
                    <button type="submit" class="button" disabled={*busy}>{ t(lang, AccountText::BindButton) }</button>
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
            <ErrorSummary problems={errors.problems(lang)} />
            { form }
        </>
    }
}
