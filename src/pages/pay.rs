//! Paying: the amount (arrears in full, or a prepaid top-up), the channels that
//! work where the page is open, and one order per press of Pay. The press makes
//! an idempotency key that stays with the draft, so a retry, a reload or a double
//! click can only ever answer the same order.

use std::cell::Cell;
use std::rc::Rc;

use contract::payment::{check_amount, AmountProblem};
use contract::{
    AccountNo, CreateOrderRequest, ErrorCode, Fen, Order, OrderNo, OrderPurpose, PayAction, PayChannel, PaymentOptions,
};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{Api, ApiError};
use crate::app::Route;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::error_view::{error_message, ErrorView};
use crate::components::field::TextField;
use crate::components::load::{use_load, Load};
use crate::components::page::Page;
use crate::config::use_config;
use crate::i18n::{date_time, money, t, tf, Lang, Text};
use crate::platform::env::{self, Place};
use crate::platform::storage::{self, Area};
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session};

const DRAFT: &str = "pay";
/// The order whose page should open WeChat's payment sheet as soon as it loads.
const AUTOSTART: &str = "pay.autostart";

/// What the customer chose, kept across reloads and trips to the provider.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PayDraft {
    pub account: Option<AccountNo>,
    /// A preset amount in fen; `None` with `other` for a typed amount.
    pub preset: Option<Fen>,
    pub other_chosen: bool,
    pub other: String,
    pub channel: Option<PayChannel>,
    /// The idempotency key made when Pay was pressed, and the request it was made for.
    pub key: Option<String>,
    pub keyed: Option<CreateOrderRequest>,
    /// The order last created from this draft (where the provider's return leads).
    pub order: Option<OrderNo>,
}

pub fn load_draft() -> PayDraft {
    drafts::load(DRAFT)
}

/// The channels offered here: the API's, narrowed by the deployment's config and by
/// where the page is open, in the order that suits the place.
pub fn channels_for(place: Place, api: &[PayChannel], config: &[String]) -> Vec<PayChannel> {
    let by_place: &[PayChannel] = match place {
        // WeChat blocks Alipay in its browser; a redirect to UnionPay works.
        Place::Wechat => &[PayChannel::WechatJsapi, PayChannel::Unionpay],
        Place::Phone => &[PayChannel::WechatH5, PayChannel::Alipay, PayChannel::Unionpay],
        Place::Desktop => &[PayChannel::WechatNative, PayChannel::Alipay, PayChannel::Unionpay],
    };
    by_place
        .iter()
        .copied()
        .filter(|c| api.contains(c))
        .filter(|c| config.is_empty() || config.iter().any(|name| name == c.as_str()))
        .collect()
}

pub fn channel_name(lang: Lang, channel: PayChannel) -> &'static str {
    t(
        lang,
        match channel {
            PayChannel::WechatJsapi | PayChannel::WechatH5 => Text::ChannelWechat,
            PayChannel::WechatNative => Text::ChannelWechatQr,
            PayChannel::Alipay => Text::ChannelAlipay,
            PayChannel::Unionpay => Text::ChannelUnionpay,
        },
    )
}

fn needs_return(channel: PayChannel) -> bool {
    matches!(channel, PayChannel::WechatH5 | PayChannel::Alipay | PayChannel::Unionpay)
}

/// Where providers send the customer back: it names no order, amount or status.
fn return_url() -> Option<String> {
    let location = crate::platform::dom::location()?;
    Some(format!("{}{}#/pay/return", location.origin().ok()?, location.pathname().ok()?))
}

/// A fresh idempotency key: time plus randomness, unique per press.
fn new_key() -> String {
    let random = |_| format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32);
    let parts: Vec<String> = (0..3).map(random).collect();
    format!("pay-{:x}-{}", js_sys::Date::now() as u64, parts.join(""))
}

/// Sends the customer to the provider, or to the order's page to pay there.
fn start_paying(order: &Order, navigator: Option<&Navigator>) {
    match &order.action {
        Some(PayAction::Redirect { url }) => {
            if let Some(location) = crate::platform::dom::location() {
                let _ = location.assign(url);
            }
        }
        _ => {
            if matches!(order.action, Some(PayAction::WechatJsapi { .. })) {
                storage::set(Area::Session, AUTOSTART, order.order_no.as_str());
            }
            if let Some(nav) = navigator {
                nav.push(&Route::PayOrder { no: order.order_no.to_string() });
            }
        }
    }
}

/// Whether the order page should open WeChat's sheet right away (once).
pub fn take_autostart(order: &OrderNo) -> bool {
    let start = storage::get(Area::Session, AUTOSTART).is_some_and(|no| no == order.as_str());
    if start {
        storage::remove(Area::Session, AUTOSTART);
    }
    start
}

#[function_component(PayPage)]
pub fn pay_page() -> Html {
    let lang = use_lang();
    let session = use_session();
    let api = use_api();
    let account = session.current_account().map(|a| a.account_no.clone());
    let reload = use_state(|| 0u32);
    let (options, retry) = {
        let api = api.clone();
        use_load((account.clone(), *reload), move |(account, _)| {
            let api = api.clone();
            async move {
                match account {
                    Some(account) => api.payment_options(&account).await,
                    None => Err(ApiError::NotFound),
                }
            }
        })
    };
    let body = match (&account, &*options) {
        (None, _) => html! { <div class="skeleton" aria-hidden="true"></div> },
        (_, Load::Loading) => html! { <div class="skeleton" aria-hidden="true"></div> },
        (_, Load::Failed(e)) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        (_, Load::Ready(options)) => match &options.open_order {
            Some(order) => {
                html! { <OpenOrder order={order.clone()} on_closed={Callback::from(move |()| reload.set(*reload + 1))} /> }
            }
            None => {
                html! { <PayForm options={options.clone()} on_stale={Callback::from(move |()| reload.set(*reload + 1))} /> }
            }
        },
    };
    html! {
        <Page title={Text::TitlePay}>
            { body }
            <p><Link<Route> to={Route::Payments}>{ t(lang, Text::TitlePayments) }</Link<Route>></p>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct OpenOrderProps {
    order: Order,
    on_closed: Callback<()>,
}

/// An unpaid order from earlier: continue it or cancel it, never a second one beside it.
#[function_component(OpenOrder)]
fn open_order(props: &OpenOrderProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    let error = use_state(|| Option::<ApiError>::None);
    let busy = use_state(|| false);
    let order = props.order.clone();
    let on_continue = {
        let order = order.clone();
        Callback::from(move |_| start_paying(&order, navigator.as_ref()))
    };
    let on_cancel = {
        let (no, error, busy, on_closed) =
            (order.order_no.clone(), error.clone(), busy.clone(), props.on_closed.clone());
        Callback::from(move |_| {
            let (api, no, error, busy, on_closed) =
                (api.clone(), no.clone(), error.clone(), busy.clone(), on_closed.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api.cancel_order(&no).await {
                    // Already ended meanwhile (paid, expired): the reload shows where it stands.
                    Ok(_) | Err(ApiError::Refused(ErrorCode::OrderClosed)) => on_closed.emit(()),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <div class="card" data-testid="open-order">
            <h2>{ t(lang, Text::OpenOrderTitle) }</h2>
            <p>{ tf(lang, Text::OpenOrderBody, &[&money(order.amount), channel_name(lang, order.channel), &date_time(lang, order.created_at)]) }</p>
            { for (*error).clone().map(|e| html! { <ErrorView error={e} /> }) }
            <div class="actions">
                <button type="button" class="button" onclick={on_continue} data-testid="continue-paying">{ t(lang, Text::ContinuePaying) }</button>
                <button type="button" class="button button-secondary" onclick={on_cancel} disabled={*busy} data-testid="cancel-order">{ t(lang, Text::CancelOrder) }</button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PayFormProps {
    options: PaymentOptions,
    /// The amounts the page shows are out of date: load them again.
    on_stale: Callback<()>,
}

#[function_component(PayForm)]
fn pay_form(props: &PayFormProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let config = use_config();
    let navigator = use_navigator();
    let options = &props.options;
    let channels = channels_for(env::place(), &options.channels, &config.payment_channels);
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
    let general = use_state(|| Option::<String>::None);
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
        AmountProblem::Empty => t(lang, Text::AmountRequired).to_owned(),
        AmountProblem::NotAnAmount => t(lang, Text::AmountFormat).to_owned(),
        AmountProblem::BelowMinimum => tf(lang, Text::AmountBelowMin, &[&money(options.min_amount)]),
        AmountProblem::AboveMaximum => tf(lang, Text::AmountAboveMax, &[&money(options.max_amount)]),
    };
    let field_error = |id: &str| problems.iter().find(|p| p.field_id.as_deref() == Some(id)).map(|p| p.message.clone());

    if !is_top_up && options.default_amount.0 <= 0 {
        return html! { <p class="notice" data-testid="nothing-owed">{ t(lang, Text::PayNothingOwed) }</p> };
    }
    if channels.is_empty() {
        return html! { <p class="notice" data-testid="no-channels">{ t(lang, Text::NoChannels) }</p> };
    }

    let submit = {
        let (draft, problems, general, busy, in_flight) =
            (draft.clone(), problems.clone(), general.clone(), busy.clone(), in_flight.borrow().clone());
        let (account, on_stale, update) = (options.account_no.clone(), props.on_stale.clone(), update.clone());
        let amount_problem = amount.err().map(amount_message);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
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
                    message: t(lang, Text::ChannelRequired).to_owned(),
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
                        general.set(Some(error_message(lang, &e)));
                        // The server keeps its answer for the key: after a refusal only a new
                        // key can try again. A lost answer (network, timeout, 5xx) keeps the
                        // key, so pressing Pay again finds the order if it was made.
                        let unknown_outcome =
                            matches!(e, ApiError::Network | ApiError::Timeout | ApiError::Server | ApiError::Conflict);
                        if !unknown_outcome {
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
        let presets = options.presets.iter().enumerate().map(|(i, preset)| {
            let (preset, update, draft) = (*preset, update.clone(), draft.clone());
            let checked = !draft.other_chosen && draft.preset == Some(preset);
            let onchange = Callback::from(move |_| {
                update.emit(PayDraft { preset: Some(preset), other_chosen: false, ..(*draft).clone() })
            });
            html! {
                <label class="radio">
                    <input type="radio" name="amount-choice" id={format!("preset-{i}")} {checked} {onchange}
                        data-testid={format!("preset-{}", preset.0 / 100)} />
                    <span>{ money(preset) }</span>
                </label>
            }
        });
        let other = {
            let (update, draft) = (update.clone(), draft.clone());
            Callback::from(move |_| update.emit(PayDraft { other_chosen: true, ..(*draft).clone() }))
        };
        let on_other_input = {
            let (update, draft) = (update.clone(), draft.clone());
            Callback::from(move |value: String| update.emit(PayDraft { other: value, ..(*draft).clone() }))
        };
        html! {
            <fieldset class="choice-group">
                <legend>{ t(lang, Text::TopUpLegend) }</legend>
                <div class="radios radios-grid">
                    { for presets }
                    <label class="radio">
                        <input type="radio" name="amount-choice" id="amount-other" checked={draft.other_chosen}
                            onchange={other} data-testid="preset-other" />
                        <span>{ t(lang, Text::OtherAmount) }</span>
                    </label>
                </div>
                if draft.other_chosen {
                    <TextField id="amount" label={t(lang, Text::AmountLabel)}
                        hint={tf(lang, Text::AmountHint, &[&money(options.min_amount), &money(options.max_amount)])}
                        value={draft.other.clone()} on_input={on_other_input} inputmode="decimal" maxlength={12}
                        error={field_error("amount")} />
                }
                { for field_error("preset-0").map(|m| html! { <p class="error-message">{ m }</p> }) }
            </fieldset>
        }
    } else {
        html! {
            <div class="card">
                <p class="figure-label">{ t(lang, Text::PayArrearsLabel) }</p>
                <p class="figure" data-testid="amount-due">{ money(options.default_amount) }</p>
            </div>
        }
    };

    let channel_choices = channels.iter().enumerate().map(|(i, channel)| {
        let (channel, update, current) = (*channel, update.clone(), draft.clone());
        let checked = draft.channel == Some(channel);
        let onchange = Callback::from(move |_| update.emit(PayDraft { channel: Some(channel), ..(*current).clone() }));
        let hint =
            needs_return(channel).then(|| html! { <small class="hint">{ t(lang, Text::ChannelRedirectHint) }</small> });
        html! {
            <label class="radio">
                <input type="radio" name="channel" id={format!("channel-{i}")} {checked}
                    {onchange} data-testid={format!("channel-{}", channel.as_str())} />
                <span>{ channel_name(lang, channel) }{ for hint }</span>
            </label>
        }
    });
    let alipay_guide = (env::place() == Place::Wechat && options.channels.contains(&PayChannel::Alipay)).then(|| {
        html! {
            <details class="guide" data-testid="alipay-guide">
                <summary>{ t(lang, Text::AlipayInWechatTitle) }</summary>
                <p>{ t(lang, Text::AlipayInWechatGuide) }</p>
            </details>
        }
    });
    let label = match amount {
        Ok(amount) => tf(lang, Text::PayButton, &[&money(amount)]),
        Err(_) => tf(lang, Text::PayButton, &[""]).trim().to_owned(),
    };
    html! {
        <form onsubmit={submit} novalidate=true data-testid="pay-form">
            <ErrorSummary problems={(*problems).clone()} />
            { for (*general).clone().map(|m| html! { <p class="notice notice-error" role="alert" data-testid="pay-error">{ m }</p> }) }
            { amount_section }
            <fieldset class="choice-group">
                <legend>{ t(lang, Text::ChannelLegend) }</legend>
                <div class="radios">{ for channel_choices }</div>
                { for field_error("channel-0").map(|m| html! { <p class="error-message">{ m }</p> }) }
            </fieldset>
            { for alipay_guide }
            <button type="submit" class="button button-wide" disabled={*busy} aria-busy={busy.then_some("true")} data-testid="pay">
                { if *busy { t(lang, Text::CreatingOrder).to_owned() } else { label } }
            </button>
        </form>
    }
}

/// Creates the order; while the same key is still being handled (409), asks again
/// shortly: the answer is then the one order that key made.
async fn create(api: &Api, request: &CreateOrderRequest, key: &str) -> Result<Order, ApiError> {
    let mut attempt = 0;
    loop {
        match api.create_order(request, key).await {
            Err(ApiError::Conflict) if attempt < 5 => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(800 * attempt).await;
            }
            other => return other,
        }
    }
}

/// Where providers return to: the order this tab was paying, or the pay page.
#[function_component(PayReturnPage)]
pub fn pay_return_page() -> Html {
    let navigator = use_navigator();
    use_effect_with((), move |()| {
        if let Some(nav) = navigator {
            match load_draft().order {
                Some(no) => nav.replace(&Route::PayOrder { no: no.to_string() }),
                None => nav.replace(&Route::Pay),
            }
        }
    });
    html! { <div class="skeleton" aria-hidden="true"></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_follow_the_place_and_the_config() {
        let all = PayChannel::ALL;
        assert_eq!(channels_for(Place::Wechat, &all, &[]), [PayChannel::WechatJsapi, PayChannel::Unionpay]);
        assert_eq!(
            channels_for(Place::Phone, &all, &[]),
            [PayChannel::WechatH5, PayChannel::Alipay, PayChannel::Unionpay]
        );
        assert_eq!(
            channels_for(Place::Desktop, &all, &["wechat_native".into(), "unionpay".into()]),
            [PayChannel::WechatNative, PayChannel::Unionpay]
        );
        assert_eq!(channels_for(Place::Desktop, &[PayChannel::Alipay], &[]), [PayChannel::Alipay]);
        assert!(!channels_for(Place::Wechat, &all, &[]).contains(&PayChannel::Alipay));
    }
}
