//! Bills by month with their status; each opens its detail.

use crate::router::link_with;
use contract::{BillStatus, BillSummary};
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::UsageText;
use crate::i18n::{self, date, money, t, tf, Lang, SharedText, Text};
use crate::kit::{self, use_account_load};
use crate::state::prefs::use_lang;

pub fn status_text(status: BillStatus) -> SharedText {
    match status {
        BillStatus::Paid => SharedText::StatusPaid,
        BillStatus::Unpaid => SharedText::StatusUnpaid,
        BillStatus::Overdue => SharedText::StatusOverdue,
    }
}

pub fn status_class(status: BillStatus) -> &'static str {
    match status {
        BillStatus::Paid => "status status-paid",
        BillStatus::Unpaid => "status status-unpaid",
        BillStatus::Overdue => "status status-overdue",
    }
}

fn bill_row(lang: Lang, bill: &BillSummary) -> Html {
    let month = i18n::month(lang, bill.month);
    html! {
        <tr data-testid="bill-row" data-bill={bill.id.to_string()}>
            <th scope="row">
                { link_with(&Route::Bill { id: bill.id.0 }, "", html! { <>
                    <span aria-hidden="true">{ month.clone() }</span>
                    <span class="visually-hidden">{ tf(lang, UsageText::ViewBill, &[&month]) }</span>
                </> }) }
            </th>
            <td>{ bill.kwh }</td>
            <td>{ money(bill.total) }</td>
            <td><span class={status_class(bill.status)}>{ t(lang, status_text(bill.status)) }</span></td>
            <td>{ date(lang, bill.due_on) }</td>
        </tr>
    }
}

#[function_component(BillsPage)]
pub fn bills_page() -> Html {
    let lang = use_lang();
    let bills = use_account_load(|api, account| async move { api.bills(&account).await });
    let body = bills.view_list(kit::empty("bills-empty", t(lang, UsageText::BillsEmpty)), |list| {
        html! {
            <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, Text::TitleBills)}>
                <table data-testid="bills">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, UsageText::ColMonth) }</th>
                            <th scope="col">{ t(lang, UsageText::ColKwh) }</th>
                            <th scope="col">{ t(lang, UsageText::ColAmount) }</th>
                            <th scope="col">{ t(lang, SharedText::ColStatus) }</th>
                            <th scope="col">{ t(lang, UsageText::ColDue) }</th>
                        </tr>
                    </thead>
                    <tbody>{ for list.iter().map(|b| bill_row(lang, b)) }</tbody>
                </table>
            </div>
        }
    });
    html! { <Page title={t(lang, Text::TitleBills)}>{ body }</Page> }
}
