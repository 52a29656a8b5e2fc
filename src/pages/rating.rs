//! One rating with its follow-up thread, where the customer says whether the
//! utility's reply resolved it. Comments and replies are text nodes: markup in
//! them is shown, never run.

use crate::router::link;
use contract::rating::{check_text, REPLY_MAX_CHARS};
use contract::{FieldCode, FollowUp, FollowUpStatus, Rating, RatingId, ReplyAuthor, VerdictRequest};
use yew::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::error_message;
use crate::components::page::Page;
use crate::components::rating_text::{dimension_text, follow_up_text, level_text, status_attr, transaction_title};
use crate::i18n::RatingsText;
use crate::i18n::{date, date_time, t, tf, Lang, Text};
use crate::kit::{send_once, use_draft, use_live_load, use_submit, FormErrors, Keep};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Properties, PartialEq)]
pub struct RatingPageProps {
    pub id: i64,
}

#[function_component(RatingPage)]
pub fn rating_page(props: &RatingPageProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let id = RatingId(props.id);
    // While the utility owes a reply, its reply appears without a reload.
    let rating = use_live_load(id, &[30_000], awaiting_reply, move |id| {
        let api = api.clone();
        async move { api.rating(id).await }
    });
    let body = rating.view(|r| {
        let on_changed = {
            let rating = rating.clone();
            Callback::from(move |r: Rating| rating.set(r))
        };
        html! {
            <>
                { rating_card(lang, r) }
                { for r.follow_up.as_ref().map(|f| html! { <FollowUpView rating={r.id} follow_up={f.clone()} {on_changed} /> }) }
            </>
        }
    });
    html! {
        <Page title={t(lang, Text::TitleRatings)}>
            { body }
            <p>{ link(&Route::Ratings, "", t(lang, RatingsText::MyRatingsTitle)) }</p>
        </Page>
    }
}

fn awaiting_reply(rating: &Rating) -> bool {
    rating.follow_up.as_ref().is_some_and(|f| matches!(f.status, FollowUpStatus::Open | FollowUpStatus::Unresolved))
}

fn rating_card(lang: Lang, rating: &Rating) -> Html {
    let reasons: Vec<String> = rating
        .reasons
        .iter()
        .map(|r| if lang == Lang::Zh { r.label.zh.clone() } else { r.label.en.clone() })
        .chain((!rating.reason_text.is_empty()).then(|| rating.reason_text.clone()))
        .collect();
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    html! {
        <div class="card" data-testid="rating" data-level={rating.level.as_str()}>
            <p class="receipt-status" role="status">{ t(lang, RatingsText::RatingThanks) }</p>
            <p>{ transaction_title(lang, &rating.transaction) }</p>
            <dl class="facts">
                <div><dt>{ t(lang, RatingsText::RateLevelLegend) }</dt><dd data-testid="rating-level">{ t(lang, level_text(rating.level)) }</dd></div>
                { for rating.dimensions.iter().map(|d| html! {
                    <div><dt>{ t(lang, dimension_text(d.dimension)) }</dt><dd>{ t(lang, level_text(d.level)) }</dd></div>
                }) }
                if !reasons.is_empty() {
                    <div><dt>{ t(lang, RatingsText::RatingReasonsLabel) }</dt><dd data-testid="rating-reasons">{ reasons.join(separator) }</dd></div>
                }
                { for rating.staff_no.clone().map(|s| html! {
                    <div><dt>{ t(lang, RatingsText::StaffNoLabel) }</dt><dd>{ s }</dd></div>
                }) }
            </dl>
            if !rating.comment.is_empty() {
                // A text node: whatever the comment says is shown as written.
                <p class="comment" data-testid="rating-comment">{ rating.comment.clone() }</p>
            }
            <p class="hint">{ tf(lang, RatingsText::RatedAt, &[&date_time(lang, rating.created_at)]) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FollowUpProps {
    rating: RatingId,
    follow_up: FollowUp,
    on_changed: Callback<Rating>,
}

#[function_component(FollowUpView)]
fn follow_up_view(props: &FollowUpProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    // A draft: a reload, a lost connection or a timeout never loses the comment.
    let comment = use_draft::<String>(format!("verdict-comment.{}", props.rating));
    let submit = use_submit();
    let f = &props.follow_up;
    let send = {
        let (comment, submit, on_changed, id) =
            (comment.clone(), submit.clone(), props.on_changed.clone(), props.rating);
        Callback::from(move |resolved: bool| {
            let text = match check_text("comment", &comment, REPLY_MAX_CHARS) {
                Ok(text) => text,
                Err(problem) => {
                    submit.show(FormErrors::general(verdict_problem(lang, &ApiError::Validation(vec![problem]))));
                    return;
                }
            };
            let request = VerdictRequest { resolved, comment: text };
            let (api, comment, on_changed) = (api.clone(), comment.clone(), on_changed.clone());
            submit.run(async move {
                let rating = send_once(Keep::Draft(&format!("verdict.{id}")), request, |request, key| async move {
                    api.verdict(id, &request, &key).await
                })
                .await
                .map_err(|e| FormErrors::general(verdict_problem(lang, &e)))?;
                comment.clear();
                on_changed.emit(rating);
                Ok(())
            });
        })
    };
    let thread = f.replies.iter().map(|reply| {
        let (who, class) = match reply.author {
            ReplyAuthor::Utility => (RatingsText::ReplyFromUtility, "reply reply-utility"),
            ReplyAuthor::Customer => (RatingsText::ReplyFromCustomer, "reply reply-customer"),
        };
        html! {
            <li {class} data-testid="reply">
                <p class="reply-meta">{ t(lang, who) }{ " · " }{ date_time(lang, reply.at) }</p>
                <p class="reply-text">{ reply.text.clone() }</p>
            </li>
        }
    });
    let verdict = (f.status == FollowUpStatus::Replied).then(|| {
        let on_comment = {
            let comment = comment.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                comment.set(input.value());
            })
        };
        let (yes, no) = (send.clone(), send.clone());
        html! {
            <fieldset class="choice-group" data-testid="verdict">
                <legend>{ t(lang, RatingsText::VerdictLegend) }</legend>
                <div class="field">
                    <label for="verdict_comment">{ t(lang, RatingsText::VerdictCommentLabel) }</label>
                    <textarea id="verdict_comment" rows="2" value={(*comment).clone()} oninput={on_comment} />
                </div>
                <div class="actions">
                    <button type="button" class="button" disabled={submit.busy()} onclick={Callback::from(move |_| yes.emit(true))}
                        data-testid="verdict-resolved">{ t(lang, RatingsText::VerdictResolved) }</button>
                    <button type="button" class="button button-secondary" disabled={submit.busy()} onclick={Callback::from(move |_| no.emit(false))}
                        data-testid="verdict-unresolved">{ t(lang, RatingsText::VerdictUnresolved) }</button>
                </div>
            </fieldset>
        }
    });
    html! {
        <section class="card" aria-labelledby="follow-up-title" data-testid="follow-up" data-status={status_attr(f.status)}>
            <h2 id="follow-up-title">{ t(lang, RatingsText::FollowUpTitle) }</h2>
            <p><strong>{ t(lang, follow_up_text(f.status)) }</strong></p>
            <p>{ tf(lang, RatingsText::FollowUpDue, &[&date(lang, f.due_on)]) }</p>
            <ol class="thread">{ for thread }</ol>
            { for submit.errors().general.clone().map(|e| html! { <p class="notice notice-error" role="alert" data-testid="verdict-error">{ e }</p> }) }
            { for verdict }
        </section>
    }
}

/// The sentence for a verdict that could not be sent: the comment's own problem, or the API's.
fn verdict_problem(lang: Lang, error: &ApiError) -> String {
    match error {
        ApiError::Validation(fields) => match fields.first().map(|f| f.code) {
            Some(FieldCode::TooLong) => tf(
                lang,
                RatingsText::TextTooLong,
                &[t(lang, RatingsText::VerdictCommentLabel), &REPLY_MAX_CHARS.to_string()],
            ),
            Some(_) => tf(lang, RatingsText::TextBadChars, &[t(lang, RatingsText::VerdictCommentLabel)]),
            None => error_message(lang, error),
        },
        _ => error_message(lang, error),
    }
}
