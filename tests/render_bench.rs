//! Benchmark (prints, never asserts a time): rendering the usage page's charts,
//! 24 months and 90 days, in headless Chromium. The machine is shared and noisy,
//! so the figure is a median of repeated renders, for the record.
#![cfg(target_arch = "wasm32")]

use contract::{Date, DayUsage, Fen, MonthUsage, Wh, YearMonth};
use portal::components::charts::{daily_chart, monthly_chart, Unit};
use portal::i18n::Lang;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn months() -> Vec<MonthUsage> {
    let first = YearMonth::new(2024, 11).expect("month");
    (0..24)
        .map(|i: i32| {
            let kwh = i64::from(180 + (i * 37) % 200);
            MonthUsage {
                month: first.add_months(i),
                peak_kwh: kwh * 6 / 10,
                valley_kwh: kwh * 4 / 10,
                kwh,
                cost: Some(Fen(kwh * 55)),
            }
        })
        .collect()
}

fn days() -> Vec<DayUsage> {
    let first = Date::new(2026, 9, 1).expect("date");
    (0..90)
        .map(|i| DayUsage {
            day: first.add_days(i),
            peak: Wh(5000 + (i * 431) % 4000),
            valley: Wh(3000 + (i * 277) % 2500),
            cost: Fen(400 + (i * 13) % 300),
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    months: Vec<MonthUsage>,
    days: Vec<DayUsage>,
}

#[function_component(Charts)]
fn charts(props: &ChartsProps) -> Html {
    html! { <>{ monthly_chart(Lang::Zh, &props.months, Unit::Kwh) }{ daily_chart(Lang::Zh, &props.days, Unit::Kwh, true) }</> }
}

/// Lets the browser run Yew's scheduled rendering (a task, not a microtask).
async fn yield_to_the_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn render_24_months_and_90_days() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let performance = web_sys::window().and_then(|w| w.performance()).expect("performance");
    let mut timings = Vec::new();
    for _ in 0..15 {
        let host = document.create_element("div").expect("div");
        document.body().expect("body").append_child(&host).expect("attached");
        let start = performance.now();
        let app =
            yew::Renderer::<Charts>::with_root_and_props(host.clone(), ChartsProps { months: months(), days: days() })
                .render();
        // 12 months × 2 bars + 90 days × 2 stacked parts.
        let mut polls = 0;
        while host.query_selector_all("rect").map(|l| l.length()).unwrap_or(0) < 12 * 2 + 90 * 2 {
            polls += 1;
            assert!(polls < 5000, "the charts never rendered");
            yield_to_the_browser().await;
        }
        timings.push(performance.now() - start);
        app.destroy();
        host.remove();
    }
    timings.sort_by(|a, b| a.total_cmp(b));
    let line = format!(
        "bench: render 24 months + 90 days: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} runs)",
        timings[timings.len() / 2],
        timings[0],
        timings[timings.len() - 1],
        timings.len()
    );
    console_log!("{line}");
}
