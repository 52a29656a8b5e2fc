//! An outage notice (停电通知) card.

use contract::{OutageKind, OutageNotice};
use yew::prelude::*;

use crate::i18n::{date_time, t, tf, Lang, SharedText};

pub fn notice_card(lang: Lang, notice: &OutageNotice) -> Html {
    let kind = match notice.kind {
        OutageKind::Planned => SharedText::OutagePlanned,
        OutageKind::Unplanned => SharedText::OutageUnplanned,
    };
    let when =
        tf(lang, SharedText::OutageWhen, &[&date_time(lang, notice.starts_at), &date_time(lang, notice.ends_at)]);
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    html! {
        <div class="notice notice-warning" data-testid="outage">
            <h2>{ t(lang, SharedText::OutageTitle) }{ " · " }{ t(lang, kind) }</h2>
            <p>{ when }</p>
            <p>{ tf(lang, SharedText::OutageStreets, &[&notice.streets.join(separator)]) }</p>
            <p>{ notice.reason.clone() }</p>
        </div>
    }
}
