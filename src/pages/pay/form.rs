//! The pay form: amount, channel, and one order per press of Pay.

use crate::router::use_navigator;
use contract::payment::{check_amount, AmountProblem};
use contract::{CreateOrderRequest, ErrorCode, Fen, OrderPurpose, PayChannel, PaymentOptions};
use yew::prelude::*;

use super::choices::{amount_choice, channel_choices};
use super::flow::{channels_for, create, needs_return, return_url, start_paying, PayDraft, DRAFT};
use crate::api::ApiError;
use crate::components::error_summary::ErrorSummary;
use crate::config::use_config;
use crate::i18n::PayText;
use crate::i18n::{money, t, tf};
use crate::kit::form::retry_button;
use crate::kit::{send_once, use_draft_with, use_submit, FormErrors, Keep};
use crate::platform::env::{self, Place};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Properties, PartialEq)]
pub struct PayFormProps {
    pub options: PaymentOptions,
    /// The amounts the page shows are out of date: load them again.
    pub on_stale: Callback<()>,
    /// Paying for someone else's account: another's unfinished order is not theirs to continue.
    #[prop_or_default]
    pub for_other: bool,
}

/// Someone else's account has an order under way that is not the payer's to see.
fn other_refusal(lang: crate::i18n::Lang, code: ErrorCode) -> Option<FormErrors> {
    (code == ErrorCode::OrderOpen).then(|| FormErrors::general(t(lang, PayText::ErrOrderOpenOther)))
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
        use_draft_with(DRAFT, move |saved: PayDraft| {
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
    let submit = use_submit();

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
    let errors = submit.errors().clone();

    if !is_top_up && options.default_amount.0 <= 0 {
        return html! { <p class="notice" data-testid="nothing-owed">{ t(lang, PayText::PayNothingOwed) }</p> };
    }
    if channels.is_empty() {
        return html! { <p class="notice" data-testid="no-channels">{ t(lang, PayText::NoChannels) }</p> };
    }

    let pay = {
        let (draft, submit) = (draft.clone(), submit.clone());
        let (account, on_stale) = (options.account_no.clone(), props.on_stale.clone());
        let refusal = if props.for_other { other_refusal } else { FormErrors::no_refusal };
        let amount_problem = amount.err().map(amount_message);
        Callback::from(move |()| {
            let mut found = FormErrors::default();
            if let Some(message) = amount_problem.clone() {
                found = found.with_field(if draft.other_chosen { "amount" } else { "preset-0" }, message);
            }
            if draft.channel.is_none() {
                found = found.with_field("channel-0", t(lang, PayText::ChannelRequired));
            }
            let (Ok(amount), Some(channel), true) = (amount, draft.channel, found.is_empty()) else {
                submit.show(found);
                return;
            };
            let request = CreateOrderRequest {
                account_no: account.to_string(),
                amount,
                channel,
                return_url: if needs_return(channel) { return_url() } else { None },
            };
            let (api, draft, on_stale, navigator) = (api.clone(), draft.clone(), on_stale.clone(), navigator.clone());
            submit.run(async move {
                // The key belongs to this exact request: the same request keeps it (a retry
                // after a lost answer finds the order already made); a changed one gets a new key.
                let result =
                    send_once(Keep::Draft(DRAFT), request, |r, key| async move { create(&api, &r, &key).await }).await;
                match result {
                    Ok(order) => {
                        draft.update(|d| d.order = Some(order.order_no.clone()));
                        start_paying(&order, navigator.as_ref());
                        // A redirect leaves the page; otherwise the order page takes over.
                        Ok(())
                    }
                    Err(e) => {
                        let stale = matches!(
                            e,
                            ApiError::Refused(
                                ErrorCode::OrderOpen | ErrorCode::AmountNotAccepted | ErrorCode::NothingToPay
                            )
                        );
                        if stale {
                            on_stale.emit(());
                        }
                        Err(FormErrors::from_api(lang, &e, refusal))
                    }
                }
            });
        })
    };

    let amount_section = if is_top_up {
        amount_choice(lang, options, &draft, errors.for_field("amount"), errors.for_field("preset-0"))
    } else {
        html! {
            <div class="card">
                <p class="figure-label">{ t(lang, PayText::PayArrearsLabel) }</p>
                <p class="figure" data-testid="amount-due">{ money(options.default_amount) }</p>
            </div>
        }
    };
    let channel_choices = channel_choices(lang, &channels, &draft);
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
    let busy = submit.busy();
    html! {
        <form onsubmit={pay.reform(|e: SubmitEvent| e.prevent_default())} novalidate=true data-testid="pay-form">
            // Try again is the same press: the same key, so at most the one order.
            <ErrorSummary errors={errors.clone()}>{ retry_button(lang, &errors, &pay) }</ErrorSummary>
            { amount_section }
            <fieldset class="choice-group">
                <legend>{ t(lang, PayText::ChannelLegend) }</legend>
                <div class="radios">{ channel_choices }</div>
                { for errors.for_field("channel-0").map(|m| html! { <p class="error-message">{ m }</p> }) }
            </fieldset>
            { for alipay_guide }
            <button type="submit" class="button button-wide" disabled={busy} aria-busy={busy.then_some("true")} data-testid="pay">
                { if busy { t(lang, PayText::CreatingOrder).to_owned() } else { label } }
            </button>
        </form>
    }
}
