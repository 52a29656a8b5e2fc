//! Usage and bills end to end: the page shows what the API returns, the table
//! view and the CSV agree with it, bills add up, the e-invoice is a PDF, and
//! another customer's bill is not found.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::Value;
use support::{browser_token, sign_in, Browser, BrowserOptions, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";

/// The cells of the table matching `css`, body rows only.
async fn table_rows(browser: &Browser, css: &str) -> Vec<Vec<String>> {
    let js = format!(
        "return Array.from(document.querySelectorAll({} + ' tbody tr')).map(r => Array.from(r.children).map(c => c.textContent.trim()));",
        serde_json::json!(css)
    );
    serde_json::from_value(browser.script(&js).await).expect("rows")
}

/// How many elements match `css`.
async fn count(browser: &Browser, css: &str) -> u64 {
    let js = format!("return document.querySelectorAll({}).length;", serde_json::json!(css));
    browser.script(&js).await.as_u64().expect("a count")
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 CSV");
    let text = text.strip_prefix('\u{feff}').expect("CSV starts with a BOM for spreadsheets");
    text.split("\r\n").filter(|l| !l.is_empty()).skip(1).map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

fn yuan(fen: i64) -> String {
    contract::Fen(fen).to_yuan_string()
}

/// What the shared forecast says of the API's figures, and the first sentence the page shows for it.
fn expected_forecast(tariff: &Value, daily: &Value, monthly: &Value) -> (contract::forecast::TierForecast, String) {
    let info: contract::TariffInfo = serde_json::from_value(tariff.clone()).expect("tariff");
    let days: contract::DailyUsage = serde_json::from_value(daily.clone()).expect("daily usage");
    let months: contract::MonthlyUsage = serde_json::from_value(monthly.clone()).expect("monthly usage");
    let recent: Vec<f64> = days.days.iter().map(|d| (d.peak.0 + d.valley.0) as f64 / 1000.0).collect();
    let by_month: Vec<_> = months.months.iter().map(|m| (m.month, m.kwh as f64)).collect();
    let result = contract::forecast::forecast(&contract::forecast::ForecastInput {
        year: info.year,
        through: info.through,
        year_kwh: info.year_kwh as f64,
        tier_limits_kwh: info.tariff.tier_limits_kwh,
        recent_daily_kwh: &recent,
        monthly_kwh: &by_month,
    });
    use contract::forecast::Crossing;
    use portal::i18n::{date, t, tf, Lang, SharedText, UsageText};
    let expected = match result.tier2 {
        Crossing::On(day) => tf(Lang::Zh, SharedText::ForecastTier2On, &[&date(Lang::Zh, day)]),
        Crossing::Already => t(Lang::Zh, SharedText::ForecastTier2Already).to_owned(),
        Crossing::NotThisYear => t(Lang::Zh, SharedText::ForecastTier2Not).to_owned(),
        Crossing::Unknown => t(Lang::Zh, UsageText::ForecastTooEarly).to_owned(),
    };
    (result, expected)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_figures_match_the_api_in_chart_table_and_csv() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/usage")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=monthly-chart]").await;
    browser.wait_for("[data-testid=daily-chart]").await;
    browser.wait_for("[data-testid=forecast]").await;
    let token = browser_token(&browser).await;
    let (_, tariff) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/tariff"), Some(&token)).await;
    let (_, monthly) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/usage/monthly"), Some(&token)).await;
    let (_, daily) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/usage/daily"), Some(&token)).await;
    let year_kwh = tariff["year_kwh"].as_i64().expect("kWh").to_string();
    browser.wait_for_text("[data-testid=tier-used]", &year_kwh).await;
    browser.check_page("usage").await;

    // The forecast's first sentence names the day the shared forecast gives for these figures.
    let (result, expected) = expected_forecast(&tariff, &daily, &monthly);
    assert_eq!(browser.text("[data-testid=forecast] p").await, expected, "the forecast: {:?}", result.tier2);

    // Monthly, as a table: the last 12 months and the same months a year before, as the API says.
    let months = monthly["months"].as_array().expect("months");
    assert_eq!(months.len(), 24);
    let expected: Vec<Vec<String>> = months[12..]
        .iter()
        .zip(&months[..12])
        .map(|(m, p)| {
            let kwh = |v: &Value| v["kwh"].as_i64().expect("kWh").to_string();
            vec![m["month"].as_str().expect("month").to_owned(), kwh(m), kwh(p)]
        })
        .collect();
    browser.click("[data-testid=monthly] [data-testid=table-toggle]").await;
    browser.wait_for("[data-testid=monthly] [data-testid=data-table]").await;
    assert_eq!(table_rows(&browser, "[data-testid=monthly] table").await, expected);
    browser.check_page("usage, monthly table").await;
    browser.click("[data-testid=monthly] [data-testid=csv]").await;
    assert_eq!(csv_rows(&browser.downloaded("monthly.csv").await), expected, "the CSV is what the table shows");

    // In 元 the same table shows the bills' amounts.
    browser.click("[data-testid=unit-yuan]").await;
    let expected_yuan: Vec<Vec<String>> = months[12..]
        .iter()
        .zip(&months[..12])
        .map(|(m, p)| {
            let cost = |v: &Value| yuan(v["cost"].as_i64().expect("billed month"));
            vec![m["month"].as_str().expect("month").to_owned(), cost(m), cost(p)]
        })
        .collect();
    browser.wait_for_text("[data-testid=monthly] thead", "元").await;
    assert_eq!(table_rows(&browser, "[data-testid=monthly] table").await, expected_yuan);

    // Daily in kWh: 90 rows, peak and valley as the API's Wh.
    browser.click("[data-testid=unit-kwh]").await;
    browser.click("[data-testid=daily] [data-testid=table-toggle]").await;
    browser.wait_for("[data-testid=daily] [data-testid=data-table]").await;
    let rows = table_rows(&browser, "[data-testid=daily] table").await;
    let days = daily["days"].as_array().expect("days");
    assert_eq!(rows.len(), days.len());
    assert_eq!(rows.len(), 90);
    let first = &days[0];
    assert_eq!(rows[0][0], first["day"].as_str().expect("day"));
    assert_eq!(rows[0][1], contract::Wh(first["peak"].as_i64().expect("Wh")).to_kwh_string());
    browser.click("[data-testid=daily] [data-testid=csv]").await;
    assert_eq!(csv_rows(&browser.downloaded("daily.csv").await), rows);
    browser.close().await;
}

/// The charts' axis labels (a user units' font size, so `getComputedStyle` is the size at the
/// SVG's scale; the scale is the same in both modes): 11 px normally, at least 11 px times
/// care mode's body-text ratio (1.25rem / 1rem) in care mode, and the month labels still
/// clear of each other there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chart_labels_grow_with_care_mode() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/usage")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=monthly-chart] .axis-label").await;
    let sizes = "return ['body', '[data-testid=monthly-chart] .axis-label', '[data-testid=daily-chart] .axis-label',
                         '[data-testid=tier-chart] .axis-label']
                   .map(css => parseFloat(getComputedStyle(document.querySelector(css)).fontSize));";
    let normal: Vec<f64> = serde_json::from_value(browser.script(sizes).await).expect("sizes");
    assert_eq!(normal, vec![16.0, 11.0, 11.0, 11.0], "body, then the monthly, daily and tier charts' labels");
    // Month labels: each label's box ends before the next begins.
    // The month labels shown: their texts, and whether each one's box ends before the next begins.
    let labels = "const shown = Array.from(document.querySelectorAll('[data-testid=monthly-chart] g:not(.chart-axis) > text.axis-label'))
                      .filter(t => getComputedStyle(t).display !== 'none');
                  const boxes = shown.map(t => t.getBoundingClientRect());
                  return [shown.map(t => t.textContent), boxes.slice(1).every((b, i) => b.left >= boxes[i].right)];";
    let token = browser_token(&browser).await;
    let (_, monthly) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/usage/monthly"), Some(&token)).await;
    let months: contract::MonthlyUsage = serde_json::from_value(monthly).expect("monthly usage");
    let names: Vec<String> = months
        .months
        .iter()
        .rev()
        .take(12)
        .rev()
        .map(|m| portal::i18n::short_month(portal::i18n::Lang::Zh, m.month.month()))
        .collect();
    assert_eq!(browser.script(labels).await, serde_json::json!([names, true]), "12 month labels, clear of each other");

    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode", "document.documentElement.dataset.care === 'on'").await;
    let care: Vec<f64> = serde_json::from_value(browser.script(sizes).await).expect("sizes");
    let ratio = care[0] / normal[0];
    assert!(ratio >= 1.25, "care mode's body text is larger: {care:?}");
    for (label, size) in care.iter().enumerate().skip(1) {
        assert!(*size >= 11.0 * ratio - 0.01, "label {label} is {size} px in care mode, below 11 px × {ratio}");
    }
    // Larger, every other month is named, the latest among them, and they are clear of each other.
    let every_other: Vec<&String> = names.iter().rev().step_by(2).rev().collect();
    assert_eq!(browser.script(labels).await, serde_json::json!([every_other, true]), "care mode's month labels");
    browser.check_page("usage, care mode").await;
    browser.close().await;
}

/// A flat-rate account (no time-of-use meter) sees no peak/valley split: one bar a day,
/// a table of totals, no peak/valley legend, and a line saying it is on a flat rate with
/// its prices; a time-of-use account sees the split and no such line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flat_rate_account_sees_no_peak_valley_split() {
    const FLAT: &str = "3210000004";
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/usage")).await;
    sign_in(&browser, &server, FLAT, "13800000003").await;
    browser.wait_for("[data-testid=daily-chart]").await;
    let token = browser_token(&browser).await;
    let (_, tariff) = server.api("GET", &format!("/accounts/{FLAT}/tariff"), Some(&token)).await;
    assert_eq!(tariff["time_of_use"], false, "the seed's flat-rate account: {tariff}");
    let (_, daily) = server.api("GET", &format!("/accounts/{FLAT}/usage/daily"), Some(&token)).await;
    let days: contract::DailyUsage = serde_json::from_value(daily).expect("daily usage");
    let info: contract::TariffInfo = serde_json::from_value(tariff).expect("tariff");
    let [a, b, c] = info.tariff.flat_prices.map(|p| p.to_yuan_string());
    use portal::i18n::{t, tf, Lang, SharedText, UsageText};
    assert_eq!(browser.text("[data-testid=flat-rate]").await, tf(Lang::Zh, UsageText::FlatRateNote, &[&a, &b, &c]));
    assert_eq!(count(&browser, "[data-testid=daily-chart] .bar-peak, [data-testid=daily-chart] .bar-valley").await, 0);
    assert_eq!(count(&browser, "[data-testid=daily-chart] .bar-current").await, days.days.len() as u64);
    assert_eq!(count(&browser, "[data-testid=daily] .legend li").await, 0, "no peak/valley legend");
    assert_eq!(
        browser.script("return document.getElementById('daily-chart-title').textContent;").await,
        serde_json::json!(t(Lang::Zh, SharedText::DailyChartKwhTotal))
    );
    browser.check_page("usage, flat rate").await;
    browser.click("[data-testid=daily] [data-testid=table-toggle]").await;
    browser.wait_for("[data-testid=daily] [data-testid=data-table]").await;
    let headers = browser
        .script("return Array.from(document.querySelectorAll('[data-testid=daily] thead th')).map(h => h.textContent);")
        .await;
    assert_eq!(headers, serde_json::json!(["日期", "合计（千瓦时）"]));
    let expected: Vec<Vec<String>> =
        days.days.iter().map(|d| vec![d.day.to_string(), (d.peak + d.valley).to_kwh_string()]).collect();
    assert_eq!(table_rows(&browser, "[data-testid=daily] table").await, expected);
    browser.close().await;

    // The time-of-use account: the split, its legend, and no flat-rate line.
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/usage")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=daily-chart]").await;
    browser.wait_for("[data-testid=tier-used]").await;
    assert_eq!(count(&browser, "[data-testid=daily-chart] .bar-peak").await, 90);
    assert_eq!(count(&browser, "[data-testid=daily] .legend li").await, 2, "peak and valley in the legend");
    assert_eq!(count(&browser, "[data-testid=flat-rate]").await, 0, "no flat-rate line on a time-of-use account");
    assert_eq!(
        browser.script("return document.getElementById('daily-chart-title').textContent;").await,
        serde_json::json!(t(Lang::Zh, SharedText::DailyChartKwh))
    );
    browser.close().await;
}

/// On 1 January the tier sentence counts the new year (0 kWh as of that day, not the
/// old year's 31 December) and the forecast is of the new year, from last year's use.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_new_years_day_the_tier_text_and_forecast_are_of_the_new_year() {
    let server = Server::start_at(contract::Timestamp::parse("2027-01-01T10:00:00+08:00").expect("instant")).await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/usage")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=forecast]").await;
    let token = browser_token(&browser).await;
    let (_, tariff) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/tariff"), Some(&token)).await;
    assert_eq!((tariff["year"].as_i64(), tariff["year_kwh"].as_i64()), (Some(2027), Some(0)), "{tariff}");
    assert_eq!(
        browser.text("[data-testid=tier-used]").await,
        "2027年1月1日，新的一年开始：今年已用电 0 千瓦时，目前处于第一档。今天的用电明天可以看到。"
    );
    let (_, monthly) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/usage/monthly"), Some(&token)).await;
    let (_, daily) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/usage/daily"), Some(&token)).await;
    let (result, expected) = expected_forecast(&tariff, &daily, &monthly);
    let contract::forecast::Crossing::On(day) = result.tier2 else {
        panic!("24 months of history forecast tier 2 within 2027: {result:?}");
    };
    assert_eq!(day.year(), 2027);
    assert_eq!(browser.text("[data-testid=forecast] p").await, expected);
    assert_eq!(browser.text("[data-testid=forecast-basis]").await, "今年还没有读数，以下预测按去年的用电估算。");
    browser.check_page("usage on 1 January").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_passes_the_gates_in_english_and_care_mode() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { lang: "en-US", ..Default::default() }).await;
    browser.goto(&server.url("/#/usage")).await;
    browser.click("[data-testid=care-toggle]").await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=forecast]").await;
    browser.wait_for("[data-testid=daily-chart]").await;
    browser.check_page("usage (en, care)").await;
    browser.screenshot("usage-en-care").await;
    browser.client.set_window_size(500, 3000).await.expect("resize");
    browser.screenshot("usage-en-care-full").await;
    browser.goto(&server.url("/#/bills")).await;
    browser.wait_for("[data-testid=bills]").await;
    browser.check_page("bills (en, care)").await;
    browser.goto(&server.url("/#/notices")).await;
    browser.wait_for("[data-testid=outage]").await;
    browser.check_page("notices (en, care)").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bill_adds_up_its_invoice_is_a_pdf_and_others_bills_are_not_found() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/bills")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=bills]").await;
    let token = browser_token(&browser).await;
    let (_, bills) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/bills"), Some(&token)).await;
    let bills = bills.as_array().expect("bills").clone();
    assert_eq!(table_rows(&browser, "[data-testid=bills]").await.len(), bills.len());
    browser.check_page("bills").await;
    browser.screenshot("bills-zh").await;

    // The newest paid bill: its lines add up to its total.
    let paid = bills.iter().find(|b| b["status"] == "paid").expect("a paid bill");
    let id = paid["id"].as_i64().expect("id");
    browser.click(&format!("[data-bill='{id}'] a")).await;
    browser.wait_for("[data-testid=bill-lines]").await;
    let (_, detail) = server.api("GET", &format!("/bills/{id}"), Some(&token)).await;
    let total = detail["total"].as_i64().expect("fen");
    let lines = browser
        .script(
            "return Array.from(document.querySelectorAll('[data-testid=bill-line]')).map(r => Number(r.dataset.fen));",
        )
        .await;
    let lines: Vec<i64> = serde_json::from_value(lines).expect("fen amounts");
    assert_eq!(lines.len(), detail["lines"].as_array().expect("lines").len());
    assert_eq!(lines.iter().sum::<i64>(), total, "the lines add up to the total");
    assert_eq!(browser.text("[data-testid=bill-total]").await, portal::i18n::money(contract::Fen(total)));
    browser.check_page("bill").await;

    browser.click("[data-testid=invoice]").await;
    let month = paid["month"].as_str().expect("month");
    let pdf = browser.downloaded(&format!("invoice-{ZHANG_HOME}-{month}.pdf")).await;
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.windows(5).any(|w| w == b"%%EOF"), "a complete PDF");

    // Another customer's bill: not found, for the API and on the page.
    let wang_token = server.api_sign_in("3210000004", "13800000003").await;
    let (_, wang) = server.api("GET", "/accounts/3210000004/bills", Some(&wang_token)).await;
    let other = wang[0]["id"].as_i64().expect("id");
    assert_eq!(server.api("GET", &format!("/bills/{other}"), Some(&token)).await.0, 404);
    browser.goto(&server.url(&format!("/#/bills/{other}"))).await;
    browser.wait_for_text("[data-testid=api-error]", "没有找到").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_account_without_history_gets_empty_states() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/usage")).await;
    sign_in(&browser, &server, "3210000005", "13800000004").await;
    browser.wait_for("[data-testid=usage-empty]").await;
    browser.check_page("usage, empty").await;
    browser.goto(&server.url("/#/bills")).await;
    browser.wait_for("[data-testid=bills-empty]").await;
    browser.close().await;
}

/// An unpaid bill is one tap from paying it: its page leads to the pay page, which asks for
/// the account's arrears in full (this bill among them).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpaid_bill_leads_to_paying_the_arrears() {
    const ARREARS: &str = "3210000004";
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/bills")).await;
    sign_in(&browser, &server, ARREARS, "13800000003").await;
    browser.wait_for("[data-testid=bills]").await;
    let token = browser_token(&browser).await;
    let (_, bills) = server.api("GET", &format!("/accounts/{ARREARS}/bills"), Some(&token)).await;
    let unpaid =
        bills.as_array().and_then(|l| l.iter().find(|b| b["status"] != "paid")).expect("an unpaid bill").clone();
    let (_, overview) = server.api("GET", &format!("/accounts/{ARREARS}/overview"), Some(&token)).await;
    let arrears = overview["arrears"].as_i64().expect("arrears in fen");
    assert!(arrears >= unpaid["total"].as_i64().expect("fen"), "this bill is among the arrears: {overview}");
    browser.goto(&server.url(&format!("/#/bills/{}", unpaid["id"]))).await;
    browser.click("[data-testid=pay-bill]").await;
    browser.wait_until("on the pay page", "location.hash === '#/pay'").await;
    browser.wait_for_text("[data-testid=amount-due]", &portal::i18n::money(contract::Fen(arrears))).await;
    assert_eq!(browser.text("[data-testid=amount-due]").await, portal::i18n::money(contract::Fen(arrears)));
    browser.close().await;
}
