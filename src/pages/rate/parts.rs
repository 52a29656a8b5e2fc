//! Parts of the rating form: the optional dimensions and the reasons a poor rating needs.

use contract::{DimensionRating, RatingLevel, Reason, TransactionKind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::RateDraft;
use crate::components::rating_text::{dimension_text, level_text};
use crate::i18n::RatingsText;
use crate::i18n::{t, Lang};
use crate::kit::{Draft, Loaded};

/// One select per dimension of this kind of transaction; "not rated" by default.
pub fn dimension_selects(lang: Lang, kind: TransactionKind, draft: &Draft<RateDraft>) -> Html {
    kind.dimensions().iter().map(|dimension| {
        let dimension = *dimension;
        let current_level = draft.dimensions.iter().find(|d| d.dimension == dimension).map(|d| d.level);
        let draft = draft.clone();
        let onchange = Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            draft.update(|next| {
                next.dimensions.retain(|d| d.dimension != dimension);
                if let Some(level) = RatingLevel::parse(&select.value()) {
                    next.dimensions.push(DimensionRating { dimension, level });
                }
            });
        });
        let id = format!("dim-{}", dimension.as_str());
        html! {
            <div class="field field-inline">
                <label for={id.clone()}>{ t(lang, dimension_text(dimension)) }</label>
                <select id={id.clone()} {onchange} data-testid={id.clone()}>
                    <option value="" selected={current_level.is_none()}>{ t(lang, RatingsText::DimNotRated) }</option>
                    { for RatingLevel::ALL.iter().map(|l| html! {
                        <option value={l.as_str()} selected={current_level == Some(*l)}>{ t(lang, level_text(*l)) }</option>
                    }) }
                </select>
            </div>
        }
    })
    .collect()
}

/// The reasons offered by the API as checkboxes, plus a reason in the customer's words.
pub fn reasons_fieldset(
    lang: Lang,
    reasons: &Loaded<Vec<Reason>>,
    draft: &Draft<RateDraft>,
    reasons_error: Option<String>,
) -> Html {
    let boxes = reasons.view(|list| {
        list.iter()
            .enumerate()
            .map(|(i, reason)| {
                let code = reason.code.clone();
                let checked = draft.reasons.contains(&code);
                let draft = draft.clone();
                let onchange = Callback::from(move |e: Event| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    draft.update(|next| {
                        next.reasons.retain(|c| *c != code);
                        if input.checked() {
                            next.reasons.push(code.clone());
                        }
                    });
                });
                let label = if lang == Lang::Zh { reason.label.zh.clone() } else { reason.label.en.clone() };
                html! {
                    <label class="radio">
                        <input type="checkbox" id={format!("reason-{i}")} {checked} {onchange}
                            data-testid={format!("reason-{}", reason.code.as_str())} />
                        <span>{ label }</span>
                    </label>
                }
            })
            .collect::<Html>()
    });
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            draft.update(|d| d.reason_text = input.value());
        })
    };
    html! {
        <fieldset class={classes!("choice-group", reasons_error.is_some().then_some("field-error"))} data-testid="reasons">
            <legend>{ t(lang, RatingsText::ReasonsLegend) }</legend>
            { for reasons_error.map(|m| html! { <p class="error-message" id="reasons-error">{ m }</p> }) }
            <div class="radios">{ boxes }</div>
            <div class="field">
                <label for="reason_text">{ t(lang, RatingsText::ReasonTextLabel) }</label>
                <textarea id="reason_text" rows="2" value={draft.reason_text.clone()} oninput={on_text} />
            </div>
        </fieldset>
    }
}
