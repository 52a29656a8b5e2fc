//! One bill: its lines (tier × peak/valley) that add up exactly to the total,
//! the tariff in plain words, the e-invoice for a paid bill, and a print view.

use crate::router::link;
use contract::tariff::{Period, Tariff, Tier};
use contract::{BillDetail, BillId, BillStatus, DownloadRequest};
use yew::prelude::*;

use crate::app::Route;
use crate::components::download::{DownloadButton, FromPage};
use crate::components::page::Page;
use crate::i18n::UsageText;
use crate::i18n::{self, date, date_time, money, t, tf, Lang, SharedText, Text};
use crate::kit::use_api_load;
use crate::pages::bills::{status_class, status_text};
use crate::state::prefs::use_lang;

fn tier_text(tier: Tier) -> SharedText {
    match tier {
        Tier::Tier1 => SharedText::TierName1,
        Tier::Tier2 => SharedText::TierName2,
        Tier::Tier3 => SharedText::TierName3,
    }
}

fn period_text(period: Period) -> SharedText {
    match period {
        Period::Flat => SharedText::PeriodFlat,
        Period::Peak => SharedText::PeriodPeak,
        Period::Valley => SharedText::PeriodValley,
    }
}

fn tariff_lines(lang: Lang, tariff: &Tariff, time_of_use: bool) -> Html {
    let [first, second] = tariff.tier_limits_kwh;
    let prices = if time_of_use {
        tf(
            lang,
            UsageText::TariffTouLine,
            &[
                &tariff.peak_price.to_yuan_string(),
                &tariff.valley_price.to_yuan_string(),
                &tariff.tier_surcharges[1].to_yuan_string(),
                &tariff.tier_surcharges[2].to_yuan_string(),
            ],
        )
    } else {
        let [a, b, c] = tariff.flat_prices.map(|p| p.to_yuan_string());
        tf(lang, UsageText::TariffFlatLine, &[&a, &b, &c])
    };
    html! {
        <section aria-labelledby="tariff-heading">
            <h2 id="tariff-heading">{ t(lang, UsageText::TariffHeading) }</h2>
            <p>{ tf(lang, UsageText::TariffTierLine, &[&first.to_string(), &second.to_string()]) }</p>
            <p>{ prices }</p>
        </section>
    }
}

fn detail(lang: Lang, bill: &BillDetail, invoice: Html) -> Html {
    let s = &bill.summary;
    let lines_total: contract::Fen = bill.lines.iter().map(|l| l.amount).sum();
    html! {
        <>
            <dl class="card bill-summary" data-testid="bill-summary">
                <dt>{ t(lang, UsageText::BillMonth) }</dt><dd>{ i18n::month(lang, s.month) }</dd>
                <dt>{ t(lang, Text::AccountNoLabel) }</dt><dd>{ s.account_no.to_string() }</dd>
                <dt>{ t(lang, UsageText::BillKwh) }</dt><dd>{ tf(lang, UsageText::KwhValue, &[&s.kwh.to_string()]) }</dd>
                <dt>{ t(lang, UsageText::BillAmount) }</dt><dd data-testid="bill-total">{ money(s.total) }</dd>
                <dt>{ t(lang, SharedText::ColStatus) }</dt>
                <dd><span class={status_class(s.status)}>{ t(lang, status_text(s.status)) }</span></dd>
                <dt>{ t(lang, UsageText::ColDue) }</dt><dd>{ date(lang, s.due_on) }</dd>
                if let Some(paid) = s.paid_at {
                    <dt>{ t(lang, UsageText::BillPaidAt) }</dt><dd>{ date_time(lang, paid) }</dd>
                }
            </dl>
            <h2>{ t(lang, UsageText::BillLinesHeading) }</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, UsageText::BillLinesHeading)}>
                <table data-testid="bill-lines">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, UsageText::ColTier) }</th>
                            <th scope="col">{ t(lang, UsageText::ColPeriod) }</th>
                            <th scope="col">{ t(lang, UsageText::ColKwh) }</th>
                            <th scope="col">{ t(lang, UsageText::ColUnitPrice) }</th>
                            <th scope="col">{ t(lang, UsageText::ColAmount) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for bill.lines.iter().map(|l| html! {
                            <tr data-testid="bill-line" data-fen={l.amount.0.to_string()}>
                                <th scope="row">{ t(lang, tier_text(l.tier)) }</th>
                                <td>{ t(lang, period_text(l.period)) }</td>
                                <td>{ l.kwh }</td>
                                <td>{ l.unit_price.to_yuan_string() }</td>
                                <td>{ l.amount.to_yuan_string() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p data-testid="lines-add-up">{ tf(lang, UsageText::LinesAddUp, &[&money(lines_total)]) }</p>
            { tariff_lines(lang, &bill.tariff, bill.time_of_use) }
            <div class="no-print">{ invoice }</div>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct BillPageProps {
    pub id: i64,
}

#[function_component(BillPage)]
pub fn bill_page(props: &BillPageProps) -> Html {
    let lang = use_lang();
    let id = BillId(props.id);
    let bill = use_api_load(id, |api, id| async move { api.bill(id).await });
    let body = bill.view(|b| {
            let invoice = if b.summary.status == BillStatus::Paid {
                let filename = b.summary.invoice_filename();
                let print = Callback::from(|_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                });
                html! {
                    <>
                        <DownloadButton label={t(lang, UsageText::DownloadInvoice)} busy_label={t(lang, UsageText::Downloading)}
                            testid="invoice" primary=true from_page={FromPage::Invoice { bill: id, filename }}
                            link={DownloadRequest::Invoice { bill_id: id.0 }} />
                        <button type="button" class="button button-secondary" onclick={print}>{ t(lang, UsageText::Print) }</button>
                    </>
                }
            } else {
                // An unpaid bill is paid from here: the pay page takes the arrears in full.
                html! {
                    <>
                        <a href={format!("#{}", Route::Pay.to_path())} class="button" data-testid="pay-bill">{ t(lang, UsageText::PayThisBill) }</a>
                        <p class="hint">{ t(lang, UsageText::PayArrearsWhole) }</p>
                        <p class="hint">{ t(lang, UsageText::InvoiceOnlyPaid) }</p>
                    </>
                }
            };
            detail(lang, b, invoice)
    });
    html! {
        <Page title={t(lang, Text::TitleBill)}>
            { body }
            <p class="no-print">{ link(&Route::Bills, "", t(lang, UsageText::BackToBills)) }</p>
        </Page>
    }
}
