//! Booking hall appointments: capacity under concurrency, the active limit, cancelling
//! and rescheduling without losing a seat, scoping, and the demo check-in queue.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use contract::{Date, Timestamp};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// `HH:MM` China time, `days` after the test's today.
fn at(days: i64, hh_mm: &str) -> String {
    let (h, m) = hh_mm.split_once(':').expect("HH:MM");
    let (h, m): (i64, i64) = (h.parse().expect("hour"), m.parse().expect("minute"));
    Date::of(start_of_test()).add_days(days).start().plus_seconds(h * 3600 + m * 60).to_string()
}

fn request(account: &str, hall: i64, service: &str, starts_at: &str) -> Value {
    json!({"account_no": account, "hall_id": hall, "service": service, "starts_at": starts_at,
           "contact_name": "张伟明", "contact_phone": "13800000001"})
}

async fn book(api: &TestApi, token: &str, account: &str, hall: i64, starts_at: &str) -> (StatusCode, Value) {
    let body = request(account, hall, "meter_check", starts_at);
    api.send(Method::POST, "/appointments", Some(body), Some(token)).await
}

async fn booked(api: &TestApi, token: &str, account: &str, hall: i64, starts_at: &str) -> Value {
    let (status, body) = book(api, token, account, hall, starts_at).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// Seats left in the slot starting at `starts_at`.
async fn remaining(api: &TestApi, hall: i64, starts_at: &str) -> i64 {
    let date = &starts_at[..10];
    let (status, body) = api.get(&format!("/halls/{hall}/slots?service=meter_check&date={date}"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let slot = body["slots"].as_array().expect("slots").iter().find(|s| s["starts_at"] == starts_at);
    slot.unwrap_or_else(|| panic!("no slot at {starts_at}"))["remaining"].as_i64().expect("remaining")
}

async fn post(api: &TestApi, path: &str, body: Option<Value>, token: &str) -> (StatusCode, Value) {
    api.send(Method::POST, path, body, Some(token)).await
}

#[tokio::test]
async fn a_booking_has_a_code_a_masked_phone_and_what_to_bring() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let slot = at(1, "09:00");
    assert_eq!(remaining(&api, 1, &slot).await, 4);
    let appointment = booked(&api, &token, ZHANG_HOME, 1, &slot).await;
    let code = appointment["code"].as_str().expect("code");
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".contains(c)), "{code} is unambiguous");
    assert_eq!(appointment["status"], "booked");
    assert_eq!(appointment["starts_at"], slot);
    assert_eq!(appointment["ends_at"], at(1, "09:30"));
    assert_eq!(appointment["contact_phone_masked"], "138****0001");
    assert_eq!(appointment["hall_name"], "宿城区供电营业厅");
    assert_eq!(appointment["service_name"], json!({"zh": "电能表校验", "en": "Meter accuracy check"}));
    assert_eq!(appointment["checklist"].as_array().expect("checklist").len(), 2);
    assert_eq!(appointment["queue"], Value::Null);
    assert_eq!(remaining(&api, 1, &slot).await, 3);
    let id = appointment["id"].as_i64().expect("id");
    assert_eq!(api.get(&format!("/appointments/{id}"), Some(&token)).await, (StatusCode::OK, appointment.clone()));
    assert_eq!(api.get("/appointments", Some(&token)).await, (StatusCode::OK, json!([appointment])));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_racing_for_the_last_seat_get_one_booking_and_49_slot_full() {
    let api = TestApi::new();
    let slot = at(1, "10:00");
    // Three of hall 1's four seats go to other accounts first.
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    booked(&api, &zhang, ZHANG_PARENTS, 1, &slot).await;
    booked(&api, &li, LI_PREPAID, 1, &slot).await;
    booked(&api, &wang, WANG_ACCOUNT, 1, &slot).await;
    assert_eq!(remaining(&api, 1, &slot).await, 1);
    // Fifty clients of an account with no appointment yet: the 2-active limit cannot be what stops them.
    let body = request(ZHANG_HOME, 1, "meter_check", &slot).to_string();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let app = api.app();
            let request = Request::post("/api/v1/appointments")
                .header(header::AUTHORIZATION, format!("Bearer {zhang}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("idempotency-key", fresh_key())
                .body(Body::from(body.clone()))
                .expect("request");
            tokio::spawn(async move {
                let response = app.oneshot(request).await.expect("infallible");
                let status = response.status();
                let bytes = response.into_body().collect().await.expect("body").to_bytes();
                (status, serde_json::from_slice::<Value>(&bytes).expect("JSON"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    assert!(answers.iter().all(|(status, _)| !status.is_server_error()), "{answers:?}");
    let created = answers.iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
    let full =
        answers.iter().filter(|(status, body)| *status == StatusCode::CONFLICT && body["code"] == "slot_full").count();
    assert_eq!((created, full), (1, 49), "{answers:?}");
    assert_eq!(remaining(&api, 1, &slot).await, 0);
    let held: i64 = api
        .state
        .db
        .with_conn(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM appointments WHERE hall_id = 1 AND seat_no IS NOT NULL AND starts_at = ?1",
                [Timestamp::parse(&slot).expect("slot").unix_seconds()],
                |r| r.get(0),
            )
        })
        .expect("lock")
        .expect("count");
    assert_eq!(held, 4, "never more seats than the capacity");
}

#[tokio::test]
async fn the_database_refuses_a_seat_beyond_capacity_even_from_a_buggy_insert() {
    let api = TestApi::new();
    let insert = |seat: i64, code: &str| {
        api.state
            .db
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO appointments (code, account_no, hall_id, service_code, starts_at, ends_at, contact_name,
                         contact_phone, status, seat_no, created_at)
                     VALUES (?1, '3210000001', 4, 'meter_check', 0, 1800, 'x', '13800000001', 'booked', ?2, 0)",
                    rusqlite::params![code, seat],
                )
            })
            .expect("lock")
    };
    assert!(insert(1, "AAAAAA").is_ok());
    assert!(insert(1, "BBBBBB").is_err(), "a seat is held once");
    assert!(insert(3, "CCCCCC").is_err(), "hall 4 has 2 seats a slot");
}

#[tokio::test]
async fn a_reschedule_whose_new_slot_is_full_keeps_the_old_booking() {
    let api = TestApi::new();
    let (full_slot, old_slot, free_slot) = (at(1, "09:00"), at(1, "10:00"), at(1, "11:00"));
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    // Hall 4 has two seats a slot; both of 09:00 are taken.
    booked(&api, &li, LI_PREPAID, 4, &full_slot).await;
    booked(&api, &wang, WANG_ACCOUNT, 4, &full_slot).await;
    let mine = booked(&api, &zhang, ZHANG_HOME, 4, &old_slot).await;
    let id = mine["id"].as_i64().expect("id");
    let path = format!("/appointments/{id}/reschedule");
    let (status, body) = post(&api, &path, Some(json!({"starts_at": full_slot})), &zhang).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("slot_full")), "{body}");
    let (status, body) = post(&api, &path, Some(json!({"starts_at": at(6, "10:00")})), &zhang).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a Sunday: {body}");
    assert_eq!(body["fields"][0]["field"], "starts_at");
    assert_eq!(api.get(&format!("/appointments/{id}"), Some(&zhang)).await.1, mine, "untouched");
    assert_eq!(remaining(&api, 4, &old_slot).await, 1, "the old seat is still held");
    // A free slot moves it, with the same code, and gives the old seat back.
    let (status, moved) = post(&api, &path, Some(json!({"starts_at": free_slot})), &zhang).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!((moved["starts_at"].clone(), moved["code"].clone()), (json!(free_slot), mine["code"].clone()));
    assert_eq!((remaining(&api, 4, &old_slot).await, remaining(&api, 4, &free_slot).await), (2, 1));
}

#[tokio::test]
async fn cancelling_gives_the_seat_back_once() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let slot = at(2, "14:00");
    let id = booked(&api, &token, ZHANG_HOME, 1, &slot).await["id"].as_i64().expect("id");
    assert_eq!(remaining(&api, 1, &slot).await, 3);
    let (status, cancelled) = post(&api, &format!("/appointments/{id}/cancel"), None, &token).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(remaining(&api, 1, &slot).await, 4);
    let (status, again) = post(&api, &format!("/appointments/{id}/cancel"), None, &token).await;
    assert_eq!((status, again["code"].clone()), (StatusCode::CONFLICT, json!("appointment_locked")));
}

#[tokio::test]
async fn within_an_hour_of_the_start_an_appointment_is_locked() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let soon = booked(&api, &token, ZHANG_HOME, 1, &at(0, "10:30")).await["id"].as_i64().expect("id");
    for action in ["cancel", "reschedule"] {
        let body = (action == "reschedule").then(|| json!({"starts_at": at(1, "09:00")}));
        let (status, answer) = post(&api, &format!("/appointments/{soon}/{action}"), body, &token).await;
        assert_eq!((status, answer["code"].clone()), (StatusCode::CONFLICT, json!("appointment_locked")), "{action}");
    }
    // Exactly one hour before is still allowed; a minute later is not.
    let noon = booked(&api, &token, ZHANG_PARENTS, 1, &at(0, "12:00")).await["id"].as_i64().expect("id");
    api.clock.advance(3600 + 60);
    // The idle session expired meanwhile.
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, _) = post(&api, &format!("/appointments/{noon}/cancel"), None, &token).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let late = booked(&api, &token, ZHANG_PARENTS, 1, &at(0, "13:00")).await["id"].as_i64().expect("id");
    api.clock.advance(3600 - 60);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(post(&api, &format!("/appointments/{late}/cancel"), None, &token).await.0, StatusCode::OK);
}

/// `changeable_until` is the moment the lock begins: cancel works at that second and is
/// refused the second after, as the appointment itself said.
#[tokio::test]
async fn changeable_until_is_where_the_refusals_begin() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let first = booked(&api, &token, ZHANG_HOME, 1, &at(0, "14:00")).await;
    let second = booked(&api, &token, ZHANG_PARENTS, 1, &at(0, "15:00")).await;
    for appointment in [&first, &second] {
        let starts = Timestamp::parse(appointment["starts_at"].as_str().expect("starts_at")).expect("valid");
        assert_eq!(appointment["changeable_until"], json!(starts.plus_seconds(-3600).to_string()), "{appointment}");
    }
    let until = |a: &Value| Timestamp::parse(a["changeable_until"].as_str().expect("until")).expect("valid");
    // One second past the first's: refused, and it says so in GET too (the same moment).
    api.clock.advance(until(&first).unix_seconds() + 1 - api.clock.now().unix_seconds());
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (_, again) = api.get(&format!("/appointments/{}", first["id"]), Some(&token)).await;
    assert_eq!(again["changeable_until"], first["changeable_until"]);
    let (status, answer) = post(&api, &format!("/appointments/{}/cancel", first["id"]), None, &token).await;
    assert_eq!((status, answer["code"].clone()), (StatusCode::CONFLICT, json!("appointment_locked")));
    // At the second's very moment: still allowed.
    api.clock.advance(until(&second).unix_seconds() - api.clock.now().unix_seconds());
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, cancelled) = post(&api, &format!("/appointments/{}/cancel", second["id"]), None, &token).await;
    assert_eq!((status, cancelled["status"].clone()), (StatusCode::OK, json!("cancelled")), "{cancelled}");
}

#[tokio::test]
async fn a_third_active_booking_of_an_account_is_refused() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let first = booked(&api, &token, ZHANG_HOME, 1, &at(1, "09:00")).await;
    booked(&api, &token, ZHANG_HOME, 1, &at(1, "09:30")).await;
    let (status, body) = book(&api, &token, ZHANG_HOME, 1, &at(1, "10:00")).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("too_many_appointments")), "{body}");
    // The limit is per account: the parents' account still books.
    booked(&api, &token, ZHANG_PARENTS, 1, &at(1, "10:00")).await;
    let id = first["id"].as_i64().expect("id");
    assert_eq!(post(&api, &format!("/appointments/{id}/cancel"), None, &token).await.0, StatusCode::OK);
    booked(&api, &token, ZHANG_HOME, 1, &at(1, "10:00")).await;
}

#[tokio::test]
async fn another_customers_appointment_answers_like_a_missing_one() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let id = booked(&api, &zhang, ZHANG_HOME, 1, &at(1, "09:00")).await["id"].as_i64().expect("id");
    let missing = api.get("/appointments/9999", Some(&li)).await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&format!("/appointments/{id}"), Some(&li)).await, missing);
    assert_eq!(post(&api, &format!("/appointments/{id}/cancel"), None, &li).await, missing);
    let move_it = Some(json!({"starts_at": at(1, "11:00")}));
    assert_eq!(post(&api, &format!("/appointments/{id}/reschedule"), move_it, &li).await, missing);
    assert_eq!(api.get("/appointments", Some(&li)).await, (StatusCode::OK, json!([])));
    // Booking for an account that is not the customer's is the same 404.
    assert_eq!(book(&api, &li, ZHANG_HOME, 1, &at(1, "11:00")).await, missing);
    assert_eq!(api.get("/appointments", None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bookings_in_the_past_on_closed_days_or_outside_hours_are_refused() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let refused = [
        ("the past", at(0, "09:30")),
        ("the slot that has begun", at(0, "10:00")),
        ("a Sunday", at(6, "10:00")),
        ("the maintenance day", at(9, "10:00")),
        ("before opening", at(1, "08:00")),
        ("the last half hour after closing", at(1, "17:30")),
        ("not a slot boundary", at(1, "09:15")),
        ("Saturday afternoon", at(5, "14:00")),
        ("beyond 14 days", at(14, "10:00")),
    ];
    for (what, starts_at) in refused {
        let (status, body) = book(&api, &token, ZHANG_HOME, 1, &starts_at).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
        assert_eq!(body["fields"][0]["field"], "starts_at", "{what}");
        assert_eq!(body["fields"][0]["code"], "out_of_range", "{what}");
    }
    let not_offered = request(ZHANG_HOME, 2, "ev_charger", &at(1, "09:00"));
    let (status, body) = api.send(Method::POST, "/appointments", Some(not_offered), Some(&token)).await;
    assert_eq!((status, body["fields"][0]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("service")));
    let bad = json!({"account_no": "32", "hall_id": 1, "service": "meter_check", "starts_at": at(1, "09:00"),
                     "contact_name": " ", "contact_phone": "12"});
    let (status, body) = api.send(Method::POST, "/appointments", Some(bad), Some(&token)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = body["fields"].as_array().expect("fields").iter().map(|f| f["field"].clone()).collect();
    assert_eq!(fields, [json!("account_no"), json!("contact_name"), json!("contact_phone")]);
    assert_eq!(api.get("/appointments", Some(&token)).await.1, json!([]), "nothing was booked");
}

#[tokio::test]
async fn the_list_shows_upcoming_first_then_past_with_missed_ones() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let soon = booked(&api, &token, ZHANG_HOME, 1, &at(0, "10:30")).await;
    let later = booked(&api, &token, ZHANG_PARENTS, 1, &at(2, "09:00")).await;
    let cancelled = booked(&api, &token, ZHANG_HOME, 1, &at(3, "09:00")).await;
    let id = cancelled["id"].as_i64().expect("id");
    assert_eq!(post(&api, &format!("/appointments/{id}/cancel"), None, &token).await.0, StatusCode::OK);
    let upcoming = booked(&api, &token, ZHANG_HOME, 1, &at(1, "09:00")).await;
    // 11:00: the 10:30 slot has ended without a check-in.
    api.clock.advance(3600);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, list) = api.get("/appointments", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let order: Vec<(Value, Value)> =
        list.as_array().expect("list").iter().map(|a| (a["id"].clone(), a["status"].clone())).collect();
    assert_eq!(
        order,
        [
            (upcoming["id"].clone(), json!("booked")),
            (later["id"].clone(), json!("booked")),
            (cancelled["id"].clone(), json!("cancelled")),
            (soon["id"].clone(), json!("missed")),
        ]
    );
}

async fn check_in(api: &TestApi, code: &Value) -> (StatusCode, Value) {
    api.post("/demo/staff/check-in", json!({ "code": code })).await
}

#[tokio::test]
async fn check_in_issues_queue_numbers_and_call_next_moves_the_queue() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let first = booked(&api, &zhang, ZHANG_HOME, 1, &at(0, "14:00")).await;
    let second = booked(&api, &li, LI_PREPAID, 1, &at(0, "14:30")).await;
    let tomorrow = booked(&api, &zhang, ZHANG_PARENTS, 1, &at(1, "09:00")).await;
    // Hall 1 has 6 people waiting: each checked-in customer joins behind them.
    let (status, a) = check_in(&api, &first["code"]).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!((a["status"].clone(), a["queue"].clone()), (json!("checked_in"), json!({"number": "A001", "ahead": 6})));
    let lower = second["code"].as_str().expect("code").to_lowercase();
    let (status, b) = check_in(&api, &json!(lower)).await;
    assert_eq!(status, StatusCode::OK, "codes are read case-insensitively: {b}");
    assert_eq!(b["queue"], json!({"number": "A002", "ahead": 7}));
    let (_, halls) = api.get("/halls", None).await;
    assert_eq!(halls[0]["queue_length"], 8);
    // A checked-in appointment can no longer be cancelled.
    let id = first["id"].as_i64().expect("id");
    assert_eq!(post(&api, &format!("/appointments/{id}/cancel"), None, &zhang).await.1["code"], "appointment_locked");
    let (status, served) = api.post("/demo/staff/call-next?hall_id=1", json!(null)).await;
    assert_eq!(status, StatusCode::OK, "{served}");
    assert_eq!((served["id"].clone(), served["status"].clone()), (first["id"].clone(), json!("done")));
    let li_id = second["id"].as_i64().expect("id");
    let (_, live) = api.get(&format!("/appointments/{li_id}"), Some(&li)).await;
    assert_eq!(live["queue"], json!({"number": "A002", "ahead": 6}), "the live position moved up");
    // Checked in already, not today, and unknown codes.
    assert_eq!(check_in(&api, &second["code"]).await.1["code"], "appointment_locked");
    assert_eq!(check_in(&api, &tomorrow["code"]).await.1["code"], "appointment_locked");
    assert_eq!(check_in(&api, &json!("ZZZZZZ")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.post("/demo/staff/call-next?hall_id=4", json!(null)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.post("/demo/staff/call-next?hall_id=x", json!(null)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn staff_endpoints_exist_only_in_demo_mode() {
    let api = TestApi::with_settings(refserver::Settings::default());
    let (status, _) = api.post("/demo/staff/check-in", json!({"code": "ABCDEF"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.post("/demo/staff/call-next?hall_id=1", json!(null)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_overview_names_the_next_visit_and_the_areas_outages() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let overview = format!("/accounts/{ZHANG_HOME}/overview");
    let later = booked(&api, &token, ZHANG_HOME, 1, &at(2, "10:00")).await;
    let sooner = booked(&api, &token, ZHANG_HOME, 1, &at(1, "09:00")).await;
    let (_, now) = api.get(&overview, Some(&token)).await;
    assert_eq!(
        now["next_visit"],
        json!({ "id": sooner["id"], "starts_at": sooner["starts_at"], "hall_name": sooner["hall_name"] }),
        "the soonest visit to come"
    );
    // The outages are the ones /notices lists.
    let (_, notices) = api.get(&format!("/accounts/{ZHANG_HOME}/notices"), Some(&token)).await;
    assert_eq!(now["notices"], notices);
    // Cancelled, the next one is the later visit; with none left, nothing.
    post(&api, &format!("/appointments/{}/cancel", sooner["id"]), None, &token).await;
    assert_eq!(api.get(&overview, Some(&token)).await.1["next_visit"]["id"], later["id"]);
    post(&api, &format!("/appointments/{}/cancel", later["id"]), None, &token).await;
    assert_eq!(api.get(&overview, Some(&token)).await.1["next_visit"], Value::Null);
}
