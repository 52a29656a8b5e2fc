//! Sign-in: account number + phone, then the SMS code (with a visible resend
//! cooldown). Inside WeChat, first the silent OAuth flow. Errors show inline and
//! in a summary that takes focus. The account and phone are kept as a draft;
//! the code never is.

mod flow;
pub mod wechat;

use crate::router::use_navigator;
use contract::{SessionRequest, SmsCodeRequest};
use yew::prelude::*;

use crate::app::Route;
use crate::components::code::{resend_line, use_clock};
use crate::components::consent::consent_line;
use crate::components::error_summary::ErrorSummary;
use crate::components::field::TextField;
use crate::components::page::Page;
use crate::config::use_config;
use crate::i18n::{t, tf, Text};
use crate::kit::{use_draft, use_submit, FormErrors};
use crate::pieces::wechat_piece;
use crate::platform::storage::{self, Area};
use crate::platform::{dom, env};
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::{take_return_route, use_api, use_session, SessionAction, SessionEnd, WECHAT_AUTO_OFF};
use flow::{leave_for_wechat, send, Draft, Step, DRAFT, SENT, WECHAT_STATE, WECHAT_TICKET};
use wechat::WechatExchange;

#[function_component(SignInPage)]
pub fn sign_in_page() -> Html {
    let lang = use_lang();
    let config = use_config();
    let session = use_session();
    let api = use_api();
    let navigator = use_navigator();
    let draft = use_draft::<Draft>(DRAFT);
    let code = use_state(String::new);
    let step = use_state(flow::first_step);
    let submit = use_submit();
    let wechat_busy = use_state(|| false);
    // Counts down the resend cooldown while the code step shows.
    let now = use_clock(matches!(*step, Step::Code { .. }));

    let finish = {
        let session = session.clone();
        let navigator = navigator.clone();
        Callback::from(move |signed: contract::Session| {
            // The account and phone stay as a draft for signing in again after a timeout;
            // signing out clears them with everything else.
            drafts::clear(SENT);
            session.dispatch(SessionAction::SignedIn(signed));
            storage::remove(Area::Session, WECHAT_TICKET);
            if let Some(nav) = &navigator {
                nav.replace(&take_return_route().unwrap_or(Route::Home));
            }
        })
    };

    // Inside WeChat with an app id: come back from OAuth with a code, or go and get
    // one, once per tab, unless the customer signed out here (then the button does).
    let wechat = config.wechat_app_id.clone().filter(|_| env::in_wechat());
    let leave_for_wechat = {
        let authorize_url = config.wechat_authorize_url.clone();
        let (wechat, wechat_busy) = (wechat.clone(), wechat_busy.clone());
        Callback::from(move |()| {
            if let Some(app_id) = &wechat {
                storage::remove(Area::Local, WECHAT_AUTO_OFF);
                wechat_busy.set(true);
                leave_for_wechat(&authorize_url, app_id);
            }
        })
    };
    {
        let (api, finish, form, wechat_busy) = (api.clone(), finish.clone(), submit.clone(), wechat_busy.clone());
        let (wechat, leave_for_wechat) = (wechat.is_some(), leave_for_wechat.clone());
        use_effect_with((), move |_| {
            if wechat {
                let returned = dom::query_param("code").zip(dom::query_param("state"));
                let expected_state = storage::get(Area::Session, WECHAT_STATE);
                match returned {
                    Some((code, state)) if expected_state.as_deref() == Some(state.as_str()) => {
                        storage::remove(Area::Session, WECHAT_STATE);
                        dom::clear_query();
                        wechat_busy.set(true);
                        let exchange = WechatExchange { api, code, lang, finish, form, busy: wechat_busy };
                        wasm_bindgen_futures::spawn_local(async move {
                            match wechat_piece().await {
                                Ok(run) => run(exchange),
                                // The SMS form stays: the customer can sign in without WeChat.
                                Err(_) => {
                                    exchange.form.show(FormErrors::general(t(lang, Text::ErrWechatCode)));
                                    exchange.busy.set(false);
                                }
                            }
                        });
                    }
                    _ if expected_state.is_none()
                        && storage::get(Area::Session, WECHAT_TICKET).is_none()
                        && storage::get(Area::Local, WECHAT_AUTO_OFF).is_none() =>
                    {
                        leave_for_wechat.emit(());
                    }
                    _ => {}
                }
            }
        });
    }

    let on_code = {
        let code = code.clone();
        Callback::from(move |value: String| code.set(value))
    };

    let send_code = {
        let (api, draft, step, submit) = (api.clone(), draft.clone(), step.clone(), submit.clone());
        Callback::from(move |()| {
            let request = SmsCodeRequest { account_no: draft.account_no.clone(), phone: draft.phone.clone() };
            match request.parse() {
                Err(fields) => submit.show(FormErrors::of_fields(lang, &fields)),
                Ok(_) => send(api.clone(), request, step.clone(), &submit, lang),
            }
        })
    };
    let submit_details = send_code.reform(|e: SubmitEvent| e.prevent_default());

    let submit_code = {
        let (api, draft, code, submit, finish) =
            (api.clone(), draft.clone(), code.clone(), submit.clone(), finish.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = SessionRequest {
                account_no: draft.account_no.clone(),
                phone: draft.phone.clone(),
                code: (*code).clone(),
                wechat_ticket: storage::get(Area::Session, WECHAT_TICKET),
            };
            if let Err(fields) = request.parse() {
                submit.show(FormErrors::of_fields(lang, &fields));
                return;
            }
            let (api, finish) = (api.clone(), finish.clone());
            submit.run(async move {
                let signed =
                    api.sign_in(&request).await.map_err(|e| FormErrors::from_api(lang, &e, FormErrors::no_refusal))?;
                finish.emit(signed);
                Ok(())
            });
        })
    };

    let back_to_details = {
        let (step, submit) = (step.clone(), submit.clone());
        Callback::from(move |_| {
            drafts::clear(SENT);
            submit.show(FormErrors::default());
            step.set(Step::Details);
        })
    };

    let notice = match session.ended {
        Some(SessionEnd::Expired) => Some(Text::SessionExpiredNotice),
        Some(SessionEnd::SignedOut) => Some(Text::SignedOutNotice),
        None if storage::get(Area::Session, WECHAT_TICKET).is_some() => Some(Text::WechatBindNotice),
        None => None,
    };

    let form = match &*step {
        Step::Details => html! {
            <form onsubmit={submit_details} novalidate=true data-testid="details-form">
                <TextField id="account_no" label={t(lang, Text::AccountNoLabel)} hint={t(lang, Text::AccountNoHint)}
                    value={draft.account_no.clone()} on_input={draft.field(|d, v| d.account_no = v)} inputmode="numeric" maxlength={20}
                    error={submit.errors().for_field("account_no")} />
                <TextField id="phone" label={t(lang, Text::PhoneLabel)} hint={t(lang, Text::PhoneHint)}
                    value={draft.phone.clone()} on_input={draft.field(|d, v| d.phone = v)} inputmode="tel" autocomplete="tel" maxlength={20}
                    error={submit.errors().for_field("phone")} />
                <button type="submit" class="button" disabled={submit.busy()}>{ t(lang, Text::SendCode) }</button>
                { consent_line(lang, t(lang, Text::ConsentSignIn)) }
            </form>
        },
        Step::Code { sent, sent_at_ms } => {
            let resend = resend_line(lang, sent, *sent_at_ms, now, &send_code);
            html! {
                <form onsubmit={submit_code} novalidate=true data-testid="code-form">
                    <TextField id="code" label={t(lang, Text::CodeLabel)} hint={tf(lang, Text::CodeHint, &[&sent.phone_masked])}
                        value={(*code).clone()} on_input={on_code} inputmode="numeric" autocomplete="one-time-code"
                        maxlength={6} error={submit.errors().for_field("code")} />
                    <button type="submit" class="button" disabled={submit.busy()}>{ t(lang, Text::SignInButton) }</button>
                    { resend }
                    <button type="button" class="link-button" onclick={back_to_details} data-testid="change-details">{ t(lang, Text::ChangeDetails) }</button>
                </form>
            }
        }
    };

    html! {
        <Page title={t(lang, Text::TitleSignIn)}>
            <ErrorSummary errors={submit.errors().clone()} />
            { for notice.map(|n| html! { <p class="notice" role="status" data-testid="sign-in-notice">{ t(lang, n) }</p> }) }
            if *wechat_busy {
                <p class="notice" role="status" aria-busy="true">{ t(lang, Text::WechatSigningIn) }</p>
            } else {
                <p>{ t(lang, Text::SignInIntro) }</p>
                { form }
                if wechat.is_some() && storage::get(Area::Session, WECHAT_TICKET).is_none() {
                    <button type="button" class="button button-secondary" onclick={leave_for_wechat.reform(|_| ())}
                        data-testid="wechat-sign-in">{ t(lang, Text::SignInWithWechat) }</button>
                }
            }
        </Page>
    }
}
