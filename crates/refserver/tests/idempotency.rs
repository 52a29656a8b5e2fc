//! `Idempotency-Key` on every change where money or a seat is at stake: booking, rescheduling,
//! cancelling, rating, the verdict, binding and payment orders share one mechanism. The same
//! key and body replay the first answer; another body (or operation) is 422; one press sent
//! twice, or sent again after its answer was lost, has one effect.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use common::pay::insert_order;
use common::*;
use futures_util::future::join_all;
use http_body_util::BodyExt;
use refserver::faults::FaultRule;
use serde_json::{json, Value};
use tower::ServiceExt;

const TOMORROW_9: &str = "2026-12-01T09:00:00+08:00";
const TOMORROW_10: &str = "2026-12-01T10:00:00+08:00";

fn booking(starts_at: &str) -> Value {
    json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "meter_check", "starts_at": starts_at,
           "contact_name": "张伟明", "contact_phone": ZHANG_PHONE})
}

async fn press(
    api: &TestApi,
    token: &str,
    path: &str,
    body: Option<Value>,
    key: &str,
) -> (StatusCode, HeaderMap, Value) {
    api.send_keyed(Method::POST, path, body, Some(token), Some(key)).await
}

fn count(api: &TestApi, sql: &str) -> i64 {
    api.state.db.with_conn(|c| c.query_row(sql, [], |r| r.get(0))).expect("lock").expect("query")
}

fn appointments_of_zhang_home(api: &TestApi) -> i64 {
    count(api, "SELECT COUNT(*) FROM appointments WHERE account_no = '3210000001' AND status = 'booked'")
}

fn replayed(headers: &HeaderMap) -> bool {
    headers.get("idempotent-replayed").is_some_and(|v| v == "true")
}

#[tokio::test]
async fn the_same_booking_press_sent_twice_is_one_appointment() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let before = appointments_of_zhang_home(&api);
    let first = press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "book-1").await;
    let second = press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "book-1").await;
    assert_eq!((first.0, second.0), (StatusCode::CREATED, StatusCode::CREATED), "{}", second.2);
    assert_eq!(first.2, second.2, "the repeat answers the first appointment, byte for byte");
    assert!(!replayed(&first.1) && replayed(&second.1));
    let after = appointments_of_zhang_home(&api);
    eprintln!("appointments of 3210000001: {before} before, {after} after two presses with one key");
    assert_eq!(after, before + 1);
    // A new press (a new key) is a new booking.
    let third = press(&api, &token, "/appointments", Some(booking(TOMORROW_10)), "book-2").await;
    assert_eq!(third.0, StatusCode::CREATED);
    assert_ne!(third.2["id"], first.2["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_key_sent_ten_times_at_once_books_one_seat() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let answers =
        join_all((0..10).map(|_| press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "race-1"))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.0.as_u16()).collect();
    // Each is the appointment or "still being handled" (ask again), never a second seat.
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert_eq!(appointments_of_zhang_home(&api), 1, "{statuses:?}");
    let (status, _, again) = press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "race-1").await;
    assert_eq!(status, StatusCode::CREATED);
    let created: Vec<&Value> = answers.iter().filter(|a| a.0 == StatusCode::CREATED).map(|a| &a.2["id"]).collect();
    assert!(created.iter().all(|id| **id == again["id"]), "{created:?}");
}

#[tokio::test]
async fn a_key_stands_for_one_request_of_one_operation() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (_, _, booked) = press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "k").await;
    let (status, _, other_body) = press(&api, &token, "/appointments", Some(booking(TOMORROW_10)), "k").await;
    assert_eq!((status, &other_body["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("idempotency_key_reused")));
    let id = booked["id"].as_i64().expect("id");
    let (status, _, other_operation) = press(&api, &token, &format!("/appointments/{id}/cancel"), None, "k").await;
    assert_eq!(
        (status, &other_operation["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("idempotency_key_reused"))
    );
    assert_eq!(appointments_of_zhang_home(&api), 1, "neither was done");
    // Every one of these changes needs a key.
    for (path, body) in [
        ("/appointments", Some(booking(TOMORROW_10))),
        (&*format!("/appointments/{id}/cancel"), None),
        (&*format!("/appointments/{id}/reschedule"), Some(json!({"starts_at": TOMORROW_10}))),
        ("/ratings", Some(json!({"kind": "visit", "transaction_id": "1", "level": "satisfied"}))),
        ("/ratings/1/verdict", Some(json!({"resolved": true}))),
    ] {
        let (status, _, body) = api.send_keyed(Method::POST, path, body, Some(&token), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        assert_eq!(
            body["fields"][0],
            json!({"field": "Idempotency-Key", "code": "required",
                                             "message": "the Idempotency-Key header is required"}),
            "{path}"
        );
    }
}

#[tokio::test]
async fn cancel_and_reschedule_replay_their_first_answer() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (_, _, booked) = press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "b").await;
    let id = booked["id"].as_i64().expect("id");
    let move_to = Some(json!({"starts_at": TOMORROW_10}));
    let path = format!("/appointments/{id}/reschedule");
    let first = press(&api, &token, &path, move_to.clone(), "r").await;
    let again = press(&api, &token, &path, move_to, "r").await;
    assert_eq!((first.0, again.0, replayed(&again.1)), (StatusCode::OK, StatusCode::OK, true));
    assert_eq!((&first.2, &first.2["starts_at"]), (&again.2, &json!(TOMORROW_10)));
    let path = format!("/appointments/{id}/cancel");
    let first = press(&api, &token, &path, None, "c").await;
    let again = press(&api, &token, &path, None, "c").await;
    assert_eq!((first.0, again.0, replayed(&again.1)), (StatusCode::OK, StatusCode::OK, true));
    assert_eq!((&first.2, &first.2["status"]), (&again.2, &json!("cancelled")));
    // A new press to cancel is a new request, refused: the replay above was not a second cancel.
    let (status, _, body) = press(&api, &token, &path, None, "c2").await;
    assert_eq!((status, &body["code"]), (StatusCode::CONFLICT, &json!("appointment_locked")));
}

#[tokio::test]
async fn a_refusal_is_the_answer_a_repeat_gets() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let yesterday = booking("2026-11-29T09:00:00+08:00");
    let first = press(&api, &token, "/appointments", Some(yesterday.clone()), "past").await;
    let again = press(&api, &token, "/appointments", Some(yesterday), "past").await;
    assert_eq!(first.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", first.2);
    assert_eq!((again.0, &again.2, replayed(&again.1)), (first.0, &first.2, true));
}

#[tokio::test]
async fn a_rating_and_a_verdict_pressed_twice_are_one_each() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000K7Q2M8", ZHANG_HOME, ZHANG_PHONE, "paid", 1800);
    let poor = json!({"kind": "payment", "transaction_id": "P20261130093000K7Q2M8", "level": "dissatisfied",
                      "reasons": ["slow_credit"]});
    let first = press(&api, &token, "/ratings", Some(poor.clone()), "rate-1").await;
    let again = press(&api, &token, "/ratings", Some(poor), "rate-1").await;
    assert_eq!((first.0, again.0, replayed(&again.1)), (StatusCode::CREATED, StatusCode::CREATED, true), "{}", first.2);
    assert_eq!(first.2, again.2);
    assert_eq!(count(&api, "SELECT COUNT(*) FROM ratings WHERE transaction_id = 'P20261130093000K7Q2M8'"), 1);
    let id = first.2["id"].as_i64().expect("id");
    let (status, _) = api.post(&format!("/demo/ratings/{id}/replies"), json!({"text": "已处理。"})).await;
    assert_eq!(status, StatusCode::OK);
    let verdict = Some(json!({"resolved": false, "comment": "还是没到账"}));
    let path = format!("/ratings/{id}/verdict");
    let first = press(&api, &token, &path, verdict.clone(), "v-1").await;
    let again = press(&api, &token, &path, verdict, "v-1").await;
    assert_eq!((first.0, again.0, replayed(&again.1)), (StatusCode::OK, StatusCode::OK, true), "{}", first.2);
    assert_eq!(first.2, again.2);
    assert_eq!(first.2["follow_up"]["status"], "unresolved");
    assert_eq!(
        count(&api, &format!("SELECT COUNT(*) FROM follow_up_replies WHERE rating_id = {id} AND author = 'customer'")),
        1
    );
}

/// Sends a booking whose answer the server drops after the handler ran: the body never arrives.
async fn lost(api: &TestApi, token: &str, key: &str) -> bool {
    let request = Request::post("/api/v1/appointments")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", key)
        .body(Body::from(booking(TOMORROW_9).to_string()))
        .expect("request");
    let response = api.app().oneshot(request).await.expect("infallible");
    response.into_body().collect().await.is_err()
}

#[tokio::test]
async fn an_answer_lost_after_the_work_is_replayed_to_the_retry() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    api.state.faults.set(vec![FaultRule {
        path_prefix: "/appointments".into(),
        method: Some("POST".into()),
        latency_ms: 0,
        status: None,
        drop_connection: false,
        drop_answer: true,
        times: Some(1),
    }]);
    assert!(lost(&api, &token, "lost-1").await, "the answer was cut off");
    assert_eq!(appointments_of_zhang_home(&api), 1, "but the handler ran and booked");
    let (status, headers, body) = press(&api, &token, "/appointments", Some(booking(TOMORROW_9)), "lost-1").await;
    assert_eq!((status, replayed(&headers)), (StatusCode::CREATED, true), "{body}");
    assert_eq!(appointments_of_zhang_home(&api), 1, "the retry found the appointment made");
    assert_eq!(api.state.faults.list(), Vec::<FaultRule>::new(), "the rule was used up");
}
