//! Rating one transaction (好差评): the five levels as a labelled radio group,
//! optional dimensions, reasons required for the two poor levels, a comment with
//! a live counter, and the window or staff number of a hall visit. What the
//! customer chose stays in a draft until the server has the rating.

mod form;
mod parts;

use crate::router::use_navigator;
use contract::{DimensionRating, RatingLevel, ReasonCode, TransactionKind};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::{t, Text};
use crate::kit::{self, use_api_load};
use crate::state::prefs::use_lang;
use form::RateForm;

/// The input an error summary line moves focus to.
fn field_id(field: &str) -> &str {
    match field {
        "level" => "level-0",
        "reasons" => "reason_text",
        other => other,
    }
}

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct RateDraft {
    pub(super) level: Option<RatingLevel>,
    pub(super) dimensions: Vec<DimensionRating>,
    pub(super) reasons: Vec<ReasonCode>,
    pub(super) reason_text: String,
    pub(super) comment: String,
    pub(super) staff_no: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct RatePageProps {
    pub kind: AttrValue,
    pub id: AttrValue,
}

#[function_component(RatePage)]
pub fn rate_page(props: &RatePageProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let kind = TransactionKind::parse(&props.kind);
    let transaction = use_api_load((kind, props.id.clone()), |api, (kind, id)| async move {
        match kind {
            Some(kind) => api.transaction(kind, &id).await,
            None => Err(ApiError::NotFound),
        }
    });
    // Already rated: show that rating instead of a second form.
    {
        let rated = transaction.ready().and_then(|tx| tx.rating_id);
        use_effect_with(rated, move |rated| {
            if let (Some(id), Some(nav)) = (rated, navigator) {
                nav.replace(&Route::Rating { id: id.0 });
            }
        });
    }
    let body = transaction.view(|tx| match tx.rating_id {
        // On its way to the rating.
        Some(_) => kit::load::skeleton(),
        None => html! { <RateForm transaction={tx.clone()} /> },
    });
    html! { <Page title={t(lang, Text::TitleRate)}>{ body }</Page> }
}
