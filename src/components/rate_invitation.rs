//! The invitation to rate, where a transaction ends (receipt, served visit).

use crate::router::link;
use contract::{Transaction, TransactionKind};
use yew::prelude::*;

use crate::app::Route;
use crate::i18n::{t, SharedText};
use crate::kit::use_api_load;
use crate::state::prefs::use_lang;

pub fn rate_route(transaction: &Transaction) -> Route {
    Route::Rate { kind: transaction.kind.as_str().to_owned(), id: transaction.id.clone() }
}

/// The invitation to rate a transaction, shown where it ends (receipt, served visit);
/// or, once rated, a link to the rating. Never a pop-up.
#[derive(Properties, PartialEq)]
pub struct RateInvitationProps {
    pub kind: TransactionKind,
    pub id: AttrValue,
}

#[function_component(RateInvitation)]
pub fn rate_invitation(props: &RateInvitationProps) -> Html {
    let lang = use_lang();
    let transaction =
        use_api_load((props.kind, props.id.clone()), |api, (kind, id)| async move { api.transaction(kind, &id).await });
    let invite = match props.kind {
        TransactionKind::Payment => SharedText::InviteRatePayment,
        TransactionKind::Visit => SharedText::InviteRateVisit,
    };
    match transaction.ready() {
        Some(tx) => match tx.rating_id {
            Some(id) => html! {
                <p class="no-print" data-testid="rated">
                    { t(lang, SharedText::AlreadyRated) }{ " · " }
                    { link(&Route::Rating { id: id.0 }, "", t(lang, SharedText::ViewRating)) }
                </p>
            },
            None => html! {
                <div class="card invite no-print" data-testid="rate-invitation">
                    <p>{ t(lang, invite) }</p>
                    { link(&rate_route(tx), "button", t(lang, SharedText::RateAction)) }
                </div>
            },
        },
        // Rating is an invitation: if it cannot be offered now, nothing else suffers.
        None => Html::default(),
    }
}
