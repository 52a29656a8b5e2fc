//! The overview: what is owed or left, by when, the last bill in one line, any
//! outage in the area, and the four jobs as the largest targets on the page.

use crate::router::link;
use contract::{AccountKind, BillStatus, Overview};
use yew::prelude::*;

use crate::app::Route;
use crate::components::notice::notice_card;
use crate::components::page::Page;
use crate::i18n::HomeText;
use crate::i18n::{self, date, date_time, money, t, tf, Lang, SharedText, Text};
use crate::kit::use_account_load;
use crate::state::prefs::use_lang;
use crate::state::session::use_session;

/// Prepaid balances below this many days of use get a warning.
const LOW_BALANCE_DAYS: u32 = 7;

#[function_component(HomePage)]
pub fn home_page() -> Html {
    let lang = use_lang();
    let session = use_session();
    // The overview of the current account (with its area's outages, its next visit and an
    // order waiting to be paid): asked again on a switch; an answer for the account switched
    // away from is dropped.
    let load = use_account_load(|api, account| async move { api.overview(&account).await });
    let summary = match &session.me {
        Some(me) if me.accounts.is_empty() => html! {
            <div class="notice" data-testid="no-accounts">
                <p>{ t(lang, HomeText::NoAccounts) }</p>
                { link(&Route::Accounts, "button", t(lang, SharedText::BindTitle)) }
            </div>
        },
        _ => load.view(|overview| account_card(lang, overview)),
    };
    // Outages come after the four jobs, which stay within the first screen.
    let notices = load.ready().map(|o| o.notices.iter().map(|n| notice_card(lang, n)).collect::<Html>());
    // What is under way: a visit to come, an order to finish. Each leads to its page.
    let next_visit = load.ready().and_then(|o| o.next_visit.as_ref()).map(|v| {
        html! {
            <p class="notice" data-testid="next-visit">
                { tf(lang, HomeText::NextVisit, &[&date_time(lang, v.starts_at), &v.hall_name]) }{ " " }
                { link(&Route::Appointment { id: v.id.0 }, "", t(lang, HomeText::ViewVisit)) }
            </p>
        }
    });
    let open_order = load.ready().and_then(|o| o.open_order.as_ref()).map(|order| {
        html! {
            <p class="notice notice-warning" data-testid="home-open-order">
                { tf(lang, HomeText::OpenOrder, &[&money(order.amount)]) }{ " " }
                { link(&Route::PayOrder { no: order.order_no.to_string() }, "", t(lang, HomeText::ContinueOrder)) }
            </p>
        }
    });
    let account_line = session.current_account().map(|a| {
        html! {
            <p class="account-line">
                { t(lang, SharedText::CurrentAccount) }
                <strong data-testid="current-account">{ a.account_no.to_string() }</strong>
                { " " }{ a.address_masked.clone() }{ " " }
                { link(&Route::Accounts, "", t(lang, HomeText::MyAccounts)) }
            </p>
        }
    });
    html! {
        <Page title={t(lang, Text::TitleHome)}>
            { for account_line }
            { summary }
            { for open_order }
            { for next_visit }
            <nav aria-label={t(lang, HomeText::NavMain)}>
                <ul class="jobs">
                    <li>{ link(&Route::Usage, "job", t(lang, HomeText::JobUsage)) }</li>
                    <li>{ link(&Route::Pay, "job", t(lang, HomeText::JobPay)) }</li>
                    <li>{ link(&Route::Halls, "job", t(lang, HomeText::JobBook)) }</li>
                    <li>{ link(&Route::Ratings, "job", t(lang, HomeText::JobRate)) }</li>
                </ul>
            </nav>
            <ul class="more-links">
                <li>{ link(&Route::Bills, "", t(lang, Text::TitleBills)) }</li>
                <li>{ link(&Route::Payments, "", t(lang, Text::TitlePayments)) }</li>
                <li>{ link(&Route::Appointments, "", t(lang, Text::MyAppointments)) }</li>
                <li>{ link(&Route::Guidance, "", t(lang, Text::TitleGuidance)) }</li>
                <li>{ link(&Route::Notices, "", t(lang, HomeText::AllNotices)) }</li>
            </ul>
            { for notices }
        </Page>
    }
}

fn account_card(lang: Lang, overview: &Overview) -> Html {
    let main = match overview.kind {
        AccountKind::Prepaid => {
            let low = overview.days_left_estimate.is_some_and(|d| d < LOW_BALANCE_DAYS);
            html! {
                <>
                    <p class="figure-label">{ t(lang, HomeText::Balance) }</p>
                    <p class="figure" data-testid="balance">{ money(overview.balance) }</p>
                    { for overview.days_left_estimate.map(|d| html! { <p>{ tf(lang, HomeText::DaysLeft, &[&d.to_string()]) }</p> }) }
                    if low { <p class="warning">{ t(lang, HomeText::LowBalance) }</p> }
                </>
            }
        }
        AccountKind::Postpaid if overview.arrears.0 > 0 => {
            let overdue = overview.last_bill.as_ref().is_some_and(|b| b.status == BillStatus::Overdue)
                || overview.due_date.is_some_and(|d| d < contract::Date::of(overview.as_of));
            let due = overview.due_date.map(|d| {
                let key = if overdue { HomeText::OverdueSince } else { HomeText::DueDate };
                html! { <p class={overdue.then_some("warning")}>{ tf(lang, key, &[&date(lang, d)]) }</p> }
            });
            html! {
                <>
                    <p class="figure-label">{ t(lang, HomeText::Arrears) }</p>
                    <p class="figure" data-testid="arrears">{ money(overview.arrears) }</p>
                    { for due }
                </>
            }
        }
        AccountKind::Postpaid => html! { <p class="figure" data-testid="arrears">{ t(lang, HomeText::NoArrears) }</p> },
    };
    let last = overview.last_bill.as_ref().map(|bill| {
        let status = match bill.status {
            BillStatus::Paid => SharedText::StatusPaid,
            BillStatus::Unpaid => SharedText::StatusUnpaid,
            BillStatus::Overdue => SharedText::StatusOverdue,
        };
        let line = tf(
            lang,
            HomeText::LastBillLine,
            &[&i18n::month(lang, bill.month), &bill.kwh.to_string(), &money(bill.total), t(lang, status)],
        );
        html! { <p class="last-bill" data-testid="last-bill">{ t(lang, HomeText::LastBill) }{ line }</p> }
    });
    html! {
        <div class="card" data-testid="overview" data-account={overview.account_no.to_string()}>
            { main }
            { for last }
        </div>
    }
}
