//! The rating form: level, reasons, dimensions, comment and staff number, and one rating sent per press.

use crate::router::{link, use_navigator};
use contract::rating::COMMENT_MAX_CHARS;
use contract::{ErrorCode, FieldCode, FieldError, RatingLevel, RatingRequest, Transaction, TransactionKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::parts::{dimension_selects, reasons_fieldset};
use super::{field_id, RateDraft};
use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::rating_text::{level_text, rating_field_message, transaction_title};
use crate::i18n::RatingsText;
use crate::i18n::{t, tf, Lang};
use crate::kit::{send_once, use_api_load, use_draft_with, use_submit, FormErrors, Keep};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Properties, PartialEq)]
pub(super) struct RateFormProps {
    pub(super) transaction: Transaction,
}

/// The form's errors: each beside its input (the summary links to it), in the rating's own words.
fn rating_errors(lang: Lang, fields: &[FieldError]) -> FormErrors {
    let fields = fields.iter().map(|e| (field_id(&e.field).to_owned(), rating_field_message(lang, e))).collect();
    FormErrors { fields, ..FormErrors::default() }
}

#[function_component(RateForm)]
pub(super) fn rate_form(props: &RateFormProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    let tx = &props.transaction;
    let draft_name = format!("rate.{}.{}", tx.kind.as_str(), tx.id);
    let draft = {
        let window = tx.window.clone();
        use_draft_with(draft_name.clone(), move |saved: RateDraft| {
            if saved == RateDraft::default() {
                RateDraft { staff_no: window, ..saved }
            } else {
                saved
            }
        })
    };
    let submit = use_submit();
    // Rated meanwhile (another device): the refusal links to the ratings.
    let rated = use_state(|| false);
    let reasons = use_api_load(tx.kind, |api, kind| async move { api.rating_reasons(kind).await });
    let errors = submit.errors().clone();
    let error_for = |id: &str| errors.for_field(id);

    let on_submit = {
        let (draft, submit, rated) = (draft.clone(), submit.clone(), rated.clone());
        let (kind, id, name) = (tx.kind, tx.id.clone(), draft_name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(level) = draft.level else {
                submit.show(rating_errors(lang, &[FieldError::new("level", FieldCode::Required, "level is required")]));
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
                submit.show(rating_errors(lang, &fields));
                return;
            }
            let (api, navigator, name, draft, rated) =
                (api.clone(), navigator.clone(), name.clone(), draft.clone(), rated.clone());
            submit.run(async move {
                // The press is kept with the draft: a retry, or a press after a reload, sends the same key.
                let result =
                    send_once(Keep::Draft(&name), request, |r, key| async move { api.rate(&r, &key).await }).await;
                match result {
                    Ok(rating) => {
                        draft.forget();
                        if let Some(nav) = navigator {
                            nav.replace(&Route::Rating { id: rating.id.0 });
                        }
                        Ok(())
                    }
                    Err(ApiError::Validation(fields)) if !fields.is_empty() => Err(rating_errors(lang, &fields)),
                    Err(e) => {
                        rated.set(e == ApiError::Refused(ErrorCode::AlreadyRated));
                        Err(FormErrors::from_api(lang, &e, FormErrors::no_refusal))
                    }
                }
            });
        })
    };

    let levels = RatingLevel::ALL.iter().enumerate().map(|(i, level)| {
        let (level, current) = (*level, draft.clone());
        let checked = draft.level == Some(level);
        let onchange = Callback::from(move |_| current.update(|d| d.level = Some(level)));
        html! {
            <label class="radio">
                <input type="radio" name="level" id={format!("level-{i}")} value={level.as_str()} {checked} {onchange}
                    data-testid={format!("level-{}", level.as_str())} />
                <span>{ t(lang, level_text(level)) }</span>
            </label>
        }
    });
    let dimensions = dimension_selects(lang, tx.kind, &draft);
    let poor = draft.level.is_some_and(RatingLevel::is_poor);
    let reason_section = poor.then(|| reasons_fieldset(lang, &reasons, &draft, error_for("reason_text")));
    let comment_chars = draft.comment.trim().chars().count();
    let on_comment = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            draft.update(|d| d.comment = input.value());
        })
    };
    let comment_error = error_for("comment");
    let staff = (tx.kind == TransactionKind::Visit).then(|| {
        let current = draft.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            current.update(|d| d.staff_no = Some(input.value()));
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
    html! {
        <form onsubmit={on_submit} novalidate=true data-testid="rate-form">
            <ErrorSummary errors={errors.clone()} />
            if *rated {
                <p>{ link(&Route::Ratings, "", t(lang, RatingsText::MyRatingsTitle)) }</p>
            }
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
            <button type="submit" class="button button-wide" disabled={submit.busy()} aria-busy={submit.busy().then_some("true")} data-testid="submit-rating">
                { t(lang, RatingsText::SubmitRating) }
            </button>
        </form>
    }
}
