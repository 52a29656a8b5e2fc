//! A chart section: the chart with its legend, its switch to a table view and its CSV download.

use contract::table::{Table, Unit};
use contract::{AccountNo, DownloadRequest, UsageChart};
use yew::prelude::*;

use crate::components::download::{DownloadButton, FromPage};
use crate::i18n::UsageText;
use crate::i18n::{t, Lang, SharedText};
use crate::state::prefs::use_lang;

fn table_view(table: &Table, caption: SharedText, lang: Lang, testid: &'static str) -> Html {
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, caption)}>
            <table data-testid={testid}>
                <caption>{ t(lang, caption) }</caption>
                <thead><tr>{ for table.headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                <tbody>
                    { for table.rows.iter().map(|row| html! {
                        <tr>{ for row.iter().enumerate().map(|(i, c)| if i == 0 {
                            html! { <th scope="row">{ c.clone() }</th> }
                        } else {
                            html! { <td>{ c.clone() }</td> }
                        }) }</tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct ChartSectionProps {
    pub(super) heading: SharedText,
    pub(super) caption: SharedText,
    pub(super) id: &'static str,
    /// Which chart, of which account, in which unit: what the server writes the same CSV of.
    pub(super) of: (UsageChart, AccountNo, Unit),
    pub(super) chart: Html,
    pub(super) table: Table,
    pub(super) legend: Html,
}

/// A chart with its switch to a table and its CSV download.
#[function_component(ChartSection)]
pub(super) fn chart_section(props: &ChartSectionProps) -> Html {
    let lang = use_lang();
    let as_table = use_state(|| false);
    let toggle = {
        let as_table = as_table.clone();
        Callback::from(move |_| as_table.set(!*as_table))
    };
    let (chart, account_no, unit) = props.of.clone();
    let csv = FromPage::Text {
        text: props.table.to_csv(),
        mime: "text/csv;charset=utf-8",
        filename: chart.filename().to_owned(),
    };
    let link = DownloadRequest::UsageCsv { account_no: account_no.to_string(), chart, unit, lang: lang.language() };
    let heading_id = format!("{}-heading", props.id);
    html! {
        <section aria-labelledby={heading_id.clone()} data-testid={props.id}>
            <h2 id={heading_id}>{ t(lang, props.heading) }</h2>
            if *as_table {
                { table_view(&props.table, props.caption, lang, "data-table") }
            } else {
                { props.chart.clone() }
                { props.legend.clone() }
            }
            <div class="chart-tools">
                <button type="button" class="button button-secondary" onclick={toggle} aria-pressed={as_table.to_string()}
                    data-testid="table-toggle">
                    { t(lang, if *as_table { UsageText::ShowChart } else { UsageText::ShowTable }) }
                </button>
                <DownloadButton label={t(lang, UsageText::DownloadCsv)} busy_label={t(lang, UsageText::Downloading)}
                    testid="csv" from_page={csv} {link} />
            </div>
        </section>
    }
}

pub(super) fn legend(items: &[(&'static str, SharedText)], lang: Lang) -> Html {
    html! {
        <ul class="legend">
            { for items.iter().map(|(class, text)| html! {
                <li><span class={classes!("swatch", *class)} aria-hidden="true"></span>{ t(lang, *text) }</li>
            }) }
        </ul>
    }
}
