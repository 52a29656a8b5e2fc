//! The pay form: amount, channel, and one order per press of Pay.

use std::cell::Cell;
use std::rc::Rc;

use crate::router::use_navigator;
use contract::payment::{check_amount, AmountProblem};
use contract::{CreateOrderRequest, ErrorCode, Fen, OrderPurpose, PayChannel, PaymentOptions};
use yew::prelude::*;

use super::choices::{amount_choice, channel_choices};
use super::flow::{channels_for, create, load_draft, needs_return, return_url, start_paying, PayDraft, DRAFT};
use crate::api::{new_key, ApiError};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::error_view::{error_message, ErrorView};
use crate::config::use_config;
use crate::i18n::PayText;
use crate::i18n::{money, t, tf};
use crate::platform::env::{self, Place};
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Properties, PartialEq)]
pub struct PayFormProps {
    pub options: PaymentOptions,
    /// The amounts the page shows are out of date: load them again.
    pub on_stale: Callback<()>,
}

#[function_component(PayForm)]
pub fn pay_form(props: &PayFormProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let config = use_config();
    let navigator = use_navigator();
    let options = &props.options;
    // Read once: the channels offered and the Alipay guide both follow it.
    let place = env::place();
    let channels = channels_for(place, &options.channels, &config.payment_channels, config.wechat_app_id.is_some());
    let draft = {
        let (account, default_amount, first) =
            (options.account_no.clone(), options.default_amount, channels.first().copied());
        let (presets, offered) = (options.presets.clone(), channels.clone());
        use_state(move || {
            let saved = load_draft();
            if saved.account.as_ref() == Some(&account) {
                // What was offered when the draft was made may not be offered now.
                let channel = saved.channel.filter(|c| offered.contains(c)).or(first);
                let preset = saved.preset.filter(|p| presets.contains(p));
                PayDraft { channel, preset, ..saved }
            } else {
                let preset = presets.contains(&default_amount).then_some(default_amount);
                PayDraft { account: Some(account), preset, channel: first, ..PayDraft::default() }
            }
        })
    };
    let problems = use_state(Vec::<Problem>::new);
    let general = use_state(|| Option::<ApiError>::None);
    let busy = use_state(|| false);
    // Set synchronously: a second click before the next render finds it.
    let in_flight = use_mut_ref(|| Rc::new(Cell::new(false)));

    let update = {
        let draft = draft.clone();
        Callback::from(move |next: PayDraft| {
            drafts::save(DRAFT, &next);
            draft.set(next);
        })
    };
    let is_top_up = options.purpose == OrderPurpose::TopUp;
    let amount: Result<Fen, AmountProblem> = if !is_top_up {
        Ok(options.default_amount)
    } else if draft.other_chosen {
        check_amount(&draft.other, options.min_amount, options.max_amount)
    } else {
        draft.preset.ok_or(AmountProblem::Empty)
    };
    let amount_message = |problem: AmountProblem| match problem {
        AmountProblem::Empty => t(lang, PayText::AmountRequired).to_owned(),
        AmountProblem::NotAnAmount => t(lang, PayText::AmountFormat).to_owned(),
        AmountProblem::BelowMinimum => tf(lang, PayText::AmountBelowMin, &[&money(options.min_amount)]),
        AmountProblem::AboveMaximum => tf(lang, PayText::AmountAboveMax, &[&money(options.max_amount)]),
    };
    let field_error = |id: &str| problems.iter().find(|p| p.field_id.as_deref() == Some(id)).map(|p| p.message.clone());

    if !is_top_up && options.default_amount.0 <= 0 {
        return html! { <p class="notice" data-testid="nothing-owed">{ t(lang, PayText::PayNothingOwed) }</p> };
    }
    if channels.is_empty() {
        return html! { <p class="notice" data-testid="no-channels">{ t(lang, PayText::NoChannels) }</p> };
    }

    let submit = {
        let (draft, problems, general, busy, in_flight) =
            (draft.clone(), problems.clone(), general.clone(), busy.clone(), in_flight.borrow().clone());
        let (account, on_stale, update) = (options.account_no.clone(), props.on_stale.clone(), update.clone());
        let amount_problem = amount.err().map(amount_message);
        Callback::from(move |()| {
            if in_flight.get() {
                return;
            }
            let mut found = Vec::new();
            if let Some(message) = amount_problem.clone() {
                let field = if draft.other_chosen { "amount" } else { "preset-0" };
                found.push(Problem { field_id: Some(field.to_owned()), message });
            }
            if draft.channel.is_none() {
                found.push(Problem {
                    field_id: Some("channel-0".to_owned()),
                    message: t(lang, PayText::ChannelRequired).to_owned(),
                });
            }
            let (Ok(amount), Some(channel), true) = (amount, draft.channel, found.is_empty()) else {
                problems.set(found);
                return;
            };
            problems.set(Vec::new());
            general.set(None);
            let request = CreateOrderRequest {
                account_no: account.to_string(),
                amount,
                channel,
                return_url: if needs_return(channel) { return_url() } else { None },
            };
            // The key belongs to this exact request: the same request keeps it (a retry
            // after a lost answer finds the order already made); a changed one gets a new key.
            let key = match (&draft.key, &draft.keyed) {
                (Some(key), Some(keyed)) if *keyed == request => key.clone(),
                _ => new_key(),
            };
            let keyed = PayDraft { key: Some(key.clone()), keyed: Some(request.clone()), ..(*draft).clone() };
            update.emit(keyed.clone());
            in_flight.set(true);
            busy.set(true);
            let (api, general, busy, in_flight, on_stale, update, navigator) = (
                api.clone(),
                general.clone(),
                busy.clone(),
                in_flight.clone(),
                on_stale.clone(),
                update.clone(),
                navigator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match create(&api, &request, &key).await {
                    Ok(order) => {
                        update.emit(PayDraft { key: None, keyed: None, order: Some(order.order_no.clone()), ..keyed });
                        start_paying(&order, navigator.as_ref());
                        // A redirect leaves the page; otherwise the order page takes over.
                    }
                    Err(e) => {
                        general.set(Some(e.clone()));
                        // The server keeps its answer for the key: after a refusal only a new
                        // key can try again. A lost answer (network, timeout, 5xx) keeps the
                        // key, so pressing Pay again finds the order if it was made.
                        if !e.outcome_unknown() {
                            update.emit(PayDraft { key: None, keyed: None, ..keyed });
                        }
                        let stale = matches!(
                            e,
                            ApiError::Refused(
                                ErrorCode::OrderOpen | ErrorCode::AmountNotAccepted | ErrorCode::NothingToPay
                            )
                        );
                        if stale {
                            on_stale.emit(());
                        }
                    }
                }
                in_flight.set(false);
                busy.set(false);
            });
        })
    };

    let amount_section = if is_top_up {
        amount_choice(lang, options, &draft, &update, field_error("amount"), field_error("preset-0"))
    } else {
        html! {
            <div class="card">
                <p class="figure-label">{ t(lang, PayText::PayArrearsLabel) }</p>
                <p class="figure" data-testid="amount-due">{ money(options.default_amount) }</p>
            </div>
        }
    };
    let channel_choices = channel_choices(lang, &channels, &draft, &update);
    let alipay_guide = (place == Place::Wechat && options.channels.contains(&PayChannel::Alipay)).then(|| {
        html! {
            <details class="guide" data-testid="alipay-guide">
                <summary>{ t(lang, PayText::AlipayInWechatTitle) }</summary>
                <p>{ t(lang, PayText::AlipayInWechatGuide) }</p>
            </details>
        }
    });
    let label = match amount {
        Ok(amount) => tf(lang, PayText::PayButton, &[&money(amount)]),
        Err(_) => tf(lang, PayText::PayButton, &[""]).trim().to_owned(),
    };
    html! {
        <form onsubmit={submit.reform(|e: SubmitEvent| e.prevent_default())} novalidate=true data-testid="pay-form">
            <ErrorSummary problems={(*problems).clone()} />
            { for (*general).clone().map(|e| if e.is_transient() {
                // Try again is the same press: the same key, so at most the one order.
                html! { <ErrorView error={e} on_retry={submit.clone()} /> }
            } else {
                html! { <p class="notice notice-error" role="alert" data-testid="pay-error">{ error_message(lang, &e) }</p> }
            }) }
            { amount_section }
            <fieldset class="choice-group">
                <legend>{ t(lang, PayText::ChannelLegend) }</legend>
                <div class="radios">{ channel_choices }</div>
                { for field_error("channel-0").map(|m| html! { <p class="error-message">{ m }</p> }) }
            </fieldset>
            { for alipay_guide }
            <button type="submit" class="button button-wide" disabled={*busy} aria-busy={busy.then_some("true")} data-testid="pay">
                { if *busy { t(lang, PayText::CreatingOrder).to_owned() } else { label } }
            </button>
        </form>
    }
}
