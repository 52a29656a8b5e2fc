//! An outage notice (停电通知) card.

use contract::{OutageKind, OutageNotice};
use yew::prelude::*;

use crate::i18n::{date_time, t, tf, Lang, Text};

pub fn notice_card(lang: Lang, notice: &OutageNotice) -> Html {
    let kind = match notice.kind {
        OutageKind::Planned => Text::OutagePlanned,
        OutageKind::Unplanned => Text::OutageUnplanned,
    };
    let when = tf(lang, Text::OutageWhen, &[&date_time(lang, notice.starts_at), &date_time(lang, notice.ends_at)]);
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    html! {
        <div class="notice notice-warning" data-testid="outage">
            <h2>{ t(lang, Text::OutageTitle) }{ " · " }{ t(lang, kind) }</h2>
            <p>{ when }</p>
            <p>{ tf(lang, Text::OutageStreets, &[&notice.streets.join(separator)]) }</p>
            <p>{ notice.reason.clone() }</p>
        </div>
    }
}
