//! The two choices of the pay form: the amount of a top-up (presets or a typed amount)
//! and the channel. Native radio buttons, each a large labelled target.

use contract::{PayChannel, PaymentOptions};
use yew::prelude::*;

use super::flow::{channel_name, needs_return, PayDraft};
use crate::components::field::TextField;
use crate::i18n::PayText;
use crate::i18n::{money, t, tf, Lang};
use crate::kit::Draft;

pub fn amount_choice(
    lang: Lang,
    options: &PaymentOptions,
    draft: &Draft<PayDraft>,
    amount_error: Option<String>,
    preset_error: Option<String>,
) -> Html {
    let presets = options.presets.iter().enumerate().map(|(i, preset)| {
        let (preset, draft) = (*preset, draft.clone());
        let checked = !draft.other_chosen && draft.preset == Some(preset);
        let onchange = Callback::from(move |_| {
            draft.update(|d| {
                d.preset = Some(preset);
                d.other_chosen = false;
            })
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
        let draft = draft.clone();
        Callback::from(move |_| draft.update(|d| d.other_chosen = true))
    };
    let on_other_input = draft.field(|d, value| d.other = value);
    html! {
        <fieldset class="choice-group">
            <legend>{ t(lang, PayText::TopUpLegend) }</legend>
            <div class="radios radios-grid">
                { for presets }
                <label class="radio">
                    <input type="radio" name="amount-choice" id="amount-other" checked={draft.other_chosen}
                        onchange={other} data-testid="preset-other" />
                    <span>{ t(lang, PayText::OtherAmount) }</span>
                </label>
            </div>
            if draft.other_chosen {
                <TextField id="amount" label={t(lang, PayText::AmountLabel)}
                    hint={tf(lang, PayText::AmountHint, &[&money(options.min_amount), &money(options.max_amount)])}
                    value={draft.other.clone()} on_input={on_other_input} inputmode="decimal" maxlength={12}
                    error={amount_error.clone()} />
            }
            { for preset_error.map(|m| html! { <p class="error-message">{ m }</p> }) }
        </fieldset>
    }
}

pub fn channel_choices(lang: Lang, channels: &[PayChannel], draft: &Draft<PayDraft>) -> Html {
    channels
        .iter()
        .enumerate()
        .map(|(i, channel)| {
            let (channel, current) = (*channel, draft.clone());
            let checked = draft.channel == Some(channel);
            let onchange = Callback::from(move |_| current.update(|d| d.channel = Some(channel)));
            let hint = needs_return(channel)
                .then(|| html! { <small class="hint">{ t(lang, PayText::ChannelRedirectHint) }</small> });
            html! {
                <label class="radio">
                    <input type="radio" name="channel" id={format!("channel-{i}")} {checked}
                        {onchange} data-testid={format!("channel-{}", channel.as_str())} />
                    <span>{ channel_name(lang, channel) }{ for hint }</span>
                </label>
            }
        })
        .collect()
}
