//! The rating form: level, reasons, dimensions, comment and staff number, and one rating sent per press.

use std::cell::Cell;
use std::rc::Rc;

use crate::router::{use_navigator, Link};
use contract::rating::COMMENT_MAX_CHARS;
use contract::{ErrorCode, FieldCode, FieldError, RatingLevel, RatingRequest, Transaction, TransactionKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::parts::{dimension_selects, reasons_fieldset};
use super::{field_id, RateDraft};
use crate::api::{ApiError, Press};
use crate::app::Route;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::error_view::error_message;
use crate::components::load::use_load;
use crate::components::rating_text::{level_text, rating_field_message, transaction_title};
use crate::i18n::RatingsText;
use crate::i18n::{t, tf};
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Properties, PartialEq)]
pub(super) struct RateFormProps {
    pub(super) transaction: Transaction,
}

#[function_component(RateForm)]
pub(super) fn rate_form(props: &RateFormProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    let tx = &props.transaction;
    let draft_name = format!("rate.{}.{}", tx.kind.as_str(), tx.id);
    let draft = {
        let (name, window) = (draft_name.clone(), tx.window.clone());
        use_state(move || {
            let saved: RateDraft = drafts::load(&name);
            if saved == RateDraft::default() {
                RateDraft { staff_no: window, ..saved }
            } else {
                saved
            }
        })
    };
    let problems = use_state(Vec::<FieldError>::new);
    let general = use_state(|| Option::<ApiError>::None);
    let busy = use_state(|| false);
    let in_flight = use_mut_ref(|| Rc::new(Cell::new(false)));
    let (reasons, _) = {
        let api = api.clone();
        use_load(tx.kind, move |kind| {
            let api = api.clone();
            async move { api.rating_reasons(kind).await }
        })
    };
    let update = {
        let (draft, name) = (draft.clone(), draft_name.clone());
        Callback::from(move |next: RateDraft| {
            drafts::save(&name, &next);
            draft.set(next);
        })
    };
    let error_for = |field: &str| problems.iter().find(|e| e.field == field).map(|e| rating_field_message(lang, e));

    let submit = {
        let (draft, problems, general, busy, in_flight) =
            (draft.clone(), problems.clone(), general.clone(), busy.clone(), in_flight.borrow().clone());
        let (kind, id, name, update) = (tx.kind, tx.id.clone(), draft_name.clone(), update.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if in_flight.get() {
                return;
            }
            let Some(level) = draft.level else {
                problems.set(vec![FieldError::new("level", FieldCode::Required, "level is required")]);
                return;
            };
            let request = RatingRequest {
                kind,
                transaction_id: id.clone(),
                level,
                dimensions: draft.dimensions.clone(),
                // Reasons are asked only for poor ratings; a changed mind leaves none behind.
                reasons: if level.is_poor() { draft.reasons.clone() } else { Vec::new() },
                reason_text: if level.is_poor() { draft.reason_text.clone() } else { String::new() },
                comment: draft.comment.clone(),
                staff_no: draft.staff_no.clone().filter(|s| !s.trim().is_empty()),
            };
            if let Err(fields) = request.parse() {
                problems.set(fields);
                return;
            }
            problems.set(Vec::new());
            general.set(None);
            // The press is kept with the draft: a retry, or a press after a reload, sends the same key.
            let press = Press::of(draft.press.as_ref(), &request);
            let pressed = RateDraft { press: Some(press.clone()), ..(*draft).clone() };
            update.emit(pressed.clone());
            in_flight.set(true);
            busy.set(true);
            let (api, problems, general, busy, in_flight, navigator, name, update) = (
                api.clone(),
                problems.clone(),
                general.clone(),
                busy.clone(),
                in_flight.clone(),
                navigator.clone(),
                name.clone(),
                update.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api.rate(&press.request, &press.key).await {
                    Ok(rating) => {
                        drafts::clear(&name);
                        if let Some(nav) = navigator {
                            nav.replace(&Route::Rating { id: rating.id.0 });
                        }
                    }
                    Err(e) => {
                        update.emit(RateDraft { press: press.after(Err(&e)), ..pressed });
                        match e {
                            ApiError::Validation(fields) if !fields.is_empty() => problems.set(fields),
                            e => general.set(Some(e)),
                        }
                    }
                }
                in_flight.set(false);
                busy.set(false);
            });
        })
    };

    let levels = RatingLevel::ALL.iter().enumerate().map(|(i, level)| {
        let (level, update, current) = (*level, update.clone(), draft.clone());
        let checked = draft.level == Some(level);
        let onchange = Callback::from(move |_| update.emit(RateDraft { level: Some(level), ..(*current).clone() }));
        html! {
            <label class="radio">
                <input type="radio" name="level" id={format!("level-{i}")} value={level.as_str()} {checked} {onchange}
                    data-testid={format!("level-{}", level.as_str())} />
                <span>{ t(lang, level_text(level)) }</span>
            </label>
        }
    });
    let dimensions = dimension_selects(lang, tx.kind, &draft, &update);
    let poor = draft.level.is_some_and(RatingLevel::is_poor);
    let reasons_error = error_for("reasons").or_else(|| error_for("reason_text"));
    let reason_section = poor.then(|| reasons_fieldset(lang, &reasons, &draft, &update, reasons_error));
    let comment_chars = draft.comment.trim().chars().count();
    let on_comment = {
        let (update, current) = (update.clone(), draft.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            update.emit(RateDraft { comment: input.value(), ..(*current).clone() });
        })
    };
    let comment_error = error_for("comment");
    let staff = (tx.kind == TransactionKind::Visit).then(|| {
        let (update, current) = (update.clone(), draft.clone());
        let oninput = Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            update.emit(RateDraft { staff_no: Some(input.value()), ..(*current).clone() });
        });
        let error = error_for("staff_no");
        html! {
            <div class={classes!("field", error.is_some().then_some("field-error"))}>
                <label for="staff_no">{ t(lang, RatingsText::StaffNoLabel) }</label>
                <p class="hint" id="staff_no-hint">{ t(lang, RatingsText::StaffNoHint) }</p>
                { for error.map(|m| html! { <p class="error-message">{ m }</p> }) }
                <input id="staff_no" type="text" maxlength="16" value={draft.staff_no.clone().unwrap_or_default()}
                    {oninput} aria-describedby="staff_no-hint" />
            </div>
        }
    });
    let summary: Vec<Problem> = problems
        .iter()
        .map(|e| Problem { field_id: Some(field_id(&e.field).to_owned()), message: rating_field_message(lang, e) })
        .collect();
    let general_note = (*general).clone().map(|e| {
        let rated = matches!(e, ApiError::Refused(ErrorCode::AlreadyRated));
        html! {
            <div class="notice notice-error" role="alert" data-testid="rate-error">
                <p>{ error_message(lang, &e) }</p>
                if rated { <Link<Route> to={Route::Ratings}>{ t(lang, RatingsText::MyRatingsTitle) }</Link<Route>> }
            </div>
        }
    });
    html! {
        <form onsubmit={submit} novalidate=true data-testid="rate-form">
            <ErrorSummary problems={summary} />
            { for general_note }
            <p class="figure-label" data-testid="rate-subject">{ transaction_title(lang, tx) }</p>
            <fieldset class={classes!("choice-group", error_for("level").is_some().then_some("field-error"))}>
                <legend>{ t(lang, RatingsText::RateLevelLegend) }</legend>
                { for error_for("level").map(|m| html! { <p class="error-message">{ m }</p> }) }
                <div class="radios" data-testid="levels">{ for levels }</div>
            </fieldset>
            { for reason_section }
            <fieldset class="choice-group">
                <legend>{ t(lang, RatingsText::RateDimensionsLegend) }</legend>
                { dimensions }
            </fieldset>
            <div class={classes!("field", comment_error.is_some().then_some("field-error"))}>
                <label for="comment">{ t(lang, RatingsText::CommentLabel) }</label>
                { for comment_error.map(|m| html! { <p class="error-message">{ m }</p> }) }
                <textarea id="comment" rows="4" value={draft.comment.clone()} oninput={on_comment}
                    aria-describedby="comment-counter" aria-invalid={(comment_chars > COMMENT_MAX_CHARS).then_some("true")} />
                <p id="comment-counter" class={classes!("hint", (comment_chars > COMMENT_MAX_CHARS).then_some("error-message"))}
                    aria-live="polite" data-testid="comment-counter">
                    { tf(lang, RatingsText::CommentCounter, &[&comment_chars.to_string(), &COMMENT_MAX_CHARS.to_string()]) }
                </p>
            </div>
            { for staff }
            <button type="submit" class="button button-wide" disabled={*busy} aria-busy={busy.then_some("true")} data-testid="submit-rating">
                { t(lang, RatingsText::SubmitRating) }
            </button>
        </form>
    }
}
