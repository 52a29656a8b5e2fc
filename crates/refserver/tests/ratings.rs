//! Service ratings (好差评): one rating per transaction even under concurrent submits, who may
//! rate what, reasons for poor ratings, the follow-up flow, plain-text comments, and the
//! halls' satisfaction rates.

mod common;

use axum::http::{Method, StatusCode};
use common::pay::insert_order;
use common::*;
use futures_util::future::join_all;
use rusqlite::params;
use serde_json::{json, Value};

const DAY: i64 = 86_400;

fn count(api: &TestApi, sql: &str) -> i64 {
    api.state.db.with_conn(|c| c.query_row(sql, [], |r| r.get(0))).expect("lock").expect("query")
}

/// Books today's `time` slot at hall 1, and has the staff check it in and serve it at `window`.
async fn served_visit(api: &TestApi, token: &str, account: &str, time: &str, window: &str) -> String {
    let booking = json!({"account_no": account, "hall_id": 1, "service": "billing_help",
                         "starts_at": format!("2026-11-30T{time}:00+08:00"), "contact_name": "张伟明",
                         "contact_phone": ZHANG_PHONE});
    let (status, booked) = api.send(Method::POST, "/appointments", Some(booking), Some(token)).await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    let (status, body) = api.post("/demo/staff/check-in", json!({"code": booked["code"]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let window: String = url::form_urlencoded::byte_serialize(window.as_bytes()).collect();
    let (status, served) = api.post(&format!("/demo/staff/call-next?hall_id=1&window={window}"), json!(null)).await;
    assert_eq!((status, served["id"].clone()), (StatusCode::OK, booked["id"].clone()), "{served}");
    booked["id"].as_i64().expect("id").to_string()
}

fn rating(kind: &str, id: &str, level: &str) -> Value {
    json!({"kind": kind, "transaction_id": id, "level": level})
}

async fn rate(api: &TestApi, token: &str, body: Value) -> (StatusCode, Value) {
    api.send(Method::POST, "/ratings", Some(body), Some(token)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_identical_concurrent_submits_store_one_rating() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000K7Q2M8", ZHANG_HOME, ZHANG_PHONE, "paid", 1800);
    let body = json!({"kind": "payment", "transaction_id": "P20261130093000K7Q2M8", "level": "very_satisfied",
                      "dimensions": [{"dimension": "convenience", "level": "satisfied"}], "comment": "很方便"});
    let answers = join_all((0..20).map(|_| rate(&api, &token, body.clone()))).await;
    let created = answers.iter().filter(|(s, _)| *s == StatusCode::CREATED).count();
    let repeated = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!((created, repeated), (1, 19), "{answers:?}");
    let ids: Vec<&Value> = answers.iter().map(|(_, b)| &b["id"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0] && id.is_i64()), "every answer is the one rating: {ids:?}");
    assert_eq!(count(&api, "SELECT COUNT(*) FROM ratings WHERE transaction_id = 'P20261130093000K7Q2M8'"), 1);
    assert_eq!(answers[0].1["transaction"]["rating_id"], *ids[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_different_ratings_one_wins_and_the_others_conflict() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000AAAAAA", ZHANG_HOME, ZHANG_PHONE, "paid", 1800);
    let bodies: Vec<Value> = (0..10)
        .map(|i| {
            json!({"kind": "payment", "transaction_id": "P20261130093000AAAAAA", "level": "satisfied",
                   "comment": format!("第{i}次")})
        })
        .collect();
    let answers = join_all(bodies.iter().map(|b| rate(&api, &token, b.clone()))).await;
    let winners: Vec<usize> = (0..10).filter(|i| answers[*i].0 == StatusCode::CREATED).collect();
    assert_eq!(winners.len(), 1, "{answers:?}");
    for (i, (status, body)) in answers.iter().enumerate() {
        if i != winners[0] {
            assert_eq!((*status, body["code"].clone()), (StatusCode::CONFLICT, json!("already_rated")), "{body}");
        }
    }
    assert_eq!(count(&api, "SELECT COUNT(*) FROM ratings WHERE transaction_id = 'P20261130093000AAAAAA'"), 1);
    let id = answers[winners[0]].1["id"].as_i64().expect("id");
    let (_, stored) = api.get(&format!("/ratings/{id}"), Some(&token)).await;
    assert_eq!(stored["comment"], bodies[winners[0]]["comment"], "the winner's rating is the one kept");
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_rating_of_a_transaction() {
    let api = TestApi::new();
    let insert = "INSERT INTO ratings (kind, transaction_id, account_no, customer_id, level, created_at)
                  VALUES ('payment', 'P1234567890', '3210000001', 1, 'satisfied', 0)";
    let first = api.state.db.with_conn(|c| c.execute(insert, [])).expect("lock");
    assert!(first.is_ok(), "{first:?}");
    let second = api.state.db.with_conn(|c| c.execute(insert, [])).expect("lock");
    assert!(second.is_err(), "UNIQUE (kind, transaction_id) refuses it");
}

#[tokio::test]
async fn a_poor_rating_needs_a_reason_of_its_kind_and_opens_a_follow_up() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let visit = served_visit(&api, &token, ZHANG_HOME, "14:00", "3号窗口").await;
    let (status, body) = rate(&api, &token, rating("visit", &visit, "dissatisfied")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["fields"],
        json!([{"field": "reasons", "code": "required",
                                      "message": "a poor rating needs at least one reason"}])
    );
    let mut foreign = rating("visit", &visit, "very_dissatisfied");
    foreign["reasons"] = json!(["payment_failed"]);
    let (status, body) = rate(&api, &token, foreign).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["fields"][0]["field"].clone(), body["fields"][0]["code"].clone()),
        (json!("reasons"), json!("out_of_range"))
    );
    let mut poor = rating("visit", &visit, "dissatisfied");
    poor["reasons"] = json!(["unclear_requirements", "long_wait"]);
    let (status, rated) = rate(&api, &token, poor).await;
    assert_eq!(status, StatusCode::CREATED, "{rated}");
    let codes: Vec<&Value> = rated["reasons"].as_array().expect("reasons").iter().map(|r| &r["code"]).collect();
    assert_eq!(codes, [&json!("long_wait"), &json!("unclear_requirements")], "in the catalogue's order");
    assert_eq!(rated["reasons"][0]["label"], json!({"zh": "等候时间长", "en": "Long wait"}));
    // Rated on Monday 2026-11-30: due three weeks later.
    assert_eq!(rated["follow_up"], json!({"status": "open", "due_on": "2026-12-21", "replies": []}));
    assert_eq!(rated["transaction"]["window"], "3号窗口");
    // A free-text reason is enough too; a satisfied rating opens no follow-up.
    let other = served_visit(&api, &token, ZHANG_PARENTS, "14:30", "").await;
    let mut text_only = rating("visit", &other, "very_dissatisfied");
    text_only["reason_text"] = json!("  叫号系统坏了  ");
    let (status, rated) = rate(&api, &token, text_only).await;
    assert_eq!((status, rated["reason_text"].clone()), (StatusCode::CREATED, json!("叫号系统坏了")), "{rated}");
    assert_eq!(rated["transaction"]["window"], Value::Null);
    insert_order(&api, "P20261130080000BBBBBB", ZHANG_HOME, ZHANG_PHONE, "paid", 7200);
    let (status, rated) = rate(&api, &token, rating("payment", "P20261130080000BBBBBB", "basically_satisfied")).await;
    assert_eq!((status, rated["follow_up"].clone()), (StatusCode::CREATED, Value::Null), "{rated}");
}

#[tokio::test]
async fn a_follow_up_skips_statutory_holidays_and_counts_adjusted_weekends() {
    let api = TestApi::new();
    // Monday 2026-09-28, before National Day: 1–7 October off, Saturday 10 October worked.
    api.clock.advance(-63 * DAY);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20260928093000HOLIDY", ZHANG_HOME, ZHANG_PHONE, "paid", 1800);
    let mut poor = rating("payment", "P20260928093000HOLIDY", "dissatisfied");
    poor["reasons"] = json!(["payment_failed"]);
    let (status, rated) = rate(&api, &token, poor).await;
    assert_eq!(status, StatusCode::CREATED, "{rated}");
    // Monday to Friday alone would give 2026-10-19.
    assert_eq!(rated["follow_up"]["due_on"], "2026-10-23", "{rated}");
}

#[tokio::test]
async fn another_customers_transaction_or_rating_is_not_found() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    insert_order(&api, "P20261130093000CCCCCC", ZHANG_HOME, ZHANG_PHONE, "paid", 600);
    let visit = served_visit(&api, &zhang, ZHANG_HOME, "14:00", "1号窗口").await;
    for (kind, id) in [("payment", "P20261130093000CCCCCC"), ("visit", visit.as_str())] {
        let (status, body) = rate(&api, &li, rating(kind, id, "satisfied")).await;
        assert_eq!((status, body["code"].clone()), (StatusCode::NOT_FOUND, json!("not_found")), "{kind}: {body}");
        assert_eq!(api.get(&format!("/ratings/transactions/{kind}/{id}"), Some(&li)).await.0, StatusCode::NOT_FOUND);
    }
    for (kind, id) in [("payment", "P20260000000000NOSUCH"), ("visit", "999999"), ("visit", "x")] {
        assert_eq!(rate(&api, &zhang, rating(kind, id, "satisfied")).await.0, StatusCode::NOT_FOUND, "{kind} {id}");
    }
    let (status, mine) = rate(&api, &zhang, rating("payment", "P20261130093000CCCCCC", "satisfied")).await;
    assert_eq!(status, StatusCode::CREATED, "{mine}");
    let id = mine["id"].as_i64().expect("id");
    assert_eq!(api.get(&format!("/ratings/{id}"), Some(&li)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/ratings", Some(&li)).await.1, json!([]));
    let verdict = json!({"resolved": true});
    let (status, _) = api.send(Method::POST, &format!("/ratings/{id}/verdict"), Some(verdict), Some(&li)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/ratings", None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unpaid_orders_and_unserved_visits_cannot_be_rated() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000PENDNG", ZHANG_HOME, ZHANG_PHONE, "pending", 0);
    insert_order(&api, "P20261130093000FAILED", ZHANG_PARENTS, ZHANG_PHONE, "failed", 0);
    let booking = json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "billing_help",
                         "starts_at": "2026-12-01T09:00:00+08:00", "contact_name": "张伟明", "contact_phone": ZHANG_PHONE});
    let (_, booked) = api.send(Method::POST, "/appointments", Some(booking), Some(&token)).await;
    let booked = booked["id"].as_i64().expect("id").to_string();
    for (kind, id) in [("payment", "P20261130093000PENDNG"), ("payment", "P20261130093000FAILED"), ("visit", &booked)] {
        let (status, body) = rate(&api, &token, rating(kind, id, "satisfied")).await;
        assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_rateable")), "{body}");
        let (status, body) = api.get(&format!("/ratings/transactions/{kind}/{id}"), Some(&token)).await;
        assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_rateable")), "{body}");
    }
    assert_eq!(count(&api, "SELECT COUNT(*) FROM ratings WHERE account_no LIKE '321000000_'"), 0);
    let (status, body) = api.get("/ratings/transactions/parcel/1", Some(&token)).await;
    assert_eq!((status, body["fields"][0]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("kind")));
}

#[tokio::test]
async fn the_to_rate_list_has_recent_unrated_transactions_newest_first() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(api.get("/ratings/pending", Some(&token)).await.1, json!([]), "nothing seeded for the demo customers");
    insert_order(&api, "P20261130073000RECENT", ZHANG_PARENTS, ZHANG_PHONE, "paid", 3 * 3600);
    insert_order(&api, "P20260801093000OLDONE", ZHANG_HOME, ZHANG_PHONE, "paid", 100 * DAY);
    insert_order(&api, "P20261130093000FAILED", ZHANG_HOME, ZHANG_PHONE, "failed", 0);
    insert_order(&api, "P20261130093000LISONE", LI_PREPAID, LI_PHONE, "paid", 3600);
    api.clock.advance(4 * 3600); // 14:00
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let visit = served_visit(&api, &token, ZHANG_HOME, "15:00", "3号窗口").await;
    let (status, pending) = api.get("/ratings/pending", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{pending}");
    let ids: Vec<&Value> = pending.as_array().expect("list").iter().map(|t| &t["id"]).collect();
    assert_eq!(ids, [&json!(visit), &json!("P20261130073000RECENT")]);
    assert_eq!(pending[0]["happened_at"], "2026-11-30T14:00:00+08:00", "served when called");
    assert_eq!(
        (pending[0]["hall_name"].clone(), pending[0]["service_name"]["zh"].clone(), pending[0]["window"].clone()),
        (json!("宿城区供电营业厅"), json!("电费与发票咨询"), json!("3号窗口"))
    );
    assert_eq!((pending[1]["amount"].clone(), pending[1]["account_no"].clone()), (json!(13764), json!(ZHANG_PARENTS)));
    let (status, rated) = rate(&api, &token, rating("visit", &visit, "very_satisfied")).await;
    assert_eq!(status, StatusCode::CREATED, "{rated}");
    let ids: Vec<Value> = api
        .get("/ratings/pending", Some(&token))
        .await
        .1
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["id"].clone())
        .collect();
    assert_eq!(ids, [json!("P20261130073000RECENT")]);
    let (status, transaction) = api.get(&format!("/ratings/transactions/visit/{visit}"), Some(&token)).await;
    assert_eq!((status, transaction["rating_id"].clone()), (StatusCode::OK, rated["id"].clone()));
    let (_, transaction) = api.get("/ratings/transactions/payment/P20261130073000RECENT", Some(&token)).await;
    assert_eq!(transaction["rating_id"], Value::Null);
    // Older than the list reaches, it can still be rated from its receipt.
    let (status, _) = rate(&api, &token, rating("payment", "P20260801093000OLDONE", "satisfied")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, mine) = api.get("/ratings", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<Value> = mine.as_array().expect("list").iter().map(|r| r["transaction"]["id"].clone()).collect();
    assert_eq!(kinds, [json!("P20260801093000OLDONE"), json!(visit)], "newest rating first");
}

#[tokio::test]
async fn the_follow_up_goes_from_open_to_replied_to_resolved() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let visit = served_visit(&api, &token, ZHANG_HOME, "14:00", "2号窗口").await;
    let mut poor = rating("visit", &visit, "dissatisfied");
    poor["reasons"] = json!(["long_wait"]);
    let (_, rated) = rate(&api, &token, poor).await;
    let id = rated["id"].as_i64().expect("id");
    let verdict = |resolved: bool, comment: &str| json!({"resolved": resolved, "comment": comment});
    let url = format!("/ratings/{id}/verdict");
    let (status, body) = api.send(Method::POST, &url, Some(verdict(true, "")), Some(&token)).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("follow_up_closed")), "before any reply");
    api.clock.advance(DAY);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let give = |body: Value| api.send(Method::POST, &url, Some(body), Some(&token));
    let reply = json!({"text": "  您好，已增开窗口。  "});
    let (status, replied) = api.post(&format!("/demo/ratings/{id}/replies"), reply).await;
    assert_eq!(status, StatusCode::OK, "{replied}");
    assert_eq!(
        replied["follow_up"],
        json!({"status": "replied", "due_on": "2026-12-21",
               "replies": [{"author": "utility", "text": "您好，已增开窗口。", "at": "2026-12-01T10:00:00+08:00"}]})
    );
    let (status, resolved) = give(verdict(true, "")).await;
    assert_eq!((status, resolved["follow_up"]["status"].clone()), (StatusCode::OK, json!("resolved")), "{resolved}");
    assert_eq!(resolved["follow_up"]["replies"].as_array().map(Vec::len), Some(1), "no empty comment is added");
    let (status, again) = give(verdict(true, "")).await;
    assert_eq!((status, again), (StatusCode::OK, resolved.clone()), "a repeated verdict changes nothing");
    let (status, body) = give(verdict(false, "")).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("follow_up_closed")));
    let (status, body) = api.post(&format!("/demo/ratings/{id}/replies"), json!({"text": "再次回复"})).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("follow_up_closed")));
    assert_eq!(api.get(&format!("/ratings/{id}"), Some(&token)).await.1, resolved);
}

#[tokio::test]
async fn an_unresolved_follow_up_keeps_the_customers_words_and_can_be_closed() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000DDDDDD", ZHANG_HOME, ZHANG_PHONE, "paid", 600);
    let mut poor = rating("payment", "P20261130093000DDDDDD", "very_dissatisfied");
    poor["reasons"] = json!(["slow_credit"]);
    let (_, rated) = rate(&api, &token, poor).await;
    let id = rated["id"].as_i64().expect("id");
    let url = format!("/demo/ratings/{id}/replies");
    let reply = |text: &str, close: bool| api.post(&url, json!({"text": text, "close": close}));
    assert_eq!(reply("已到账", false).await.0, StatusCode::OK);
    let verdict = json!({"resolved": false, "comment": " 余额还是没变 "});
    let (status, unresolved) =
        api.send(Method::POST, &format!("/ratings/{id}/verdict"), Some(verdict), Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{unresolved}");
    assert_eq!(unresolved["follow_up"]["status"], "unresolved");
    let thread: Vec<(Value, Value)> = unresolved["follow_up"]["replies"]
        .as_array()
        .expect("replies")
        .iter()
        .map(|r| (r["author"].clone(), r["text"].clone()))
        .collect();
    assert_eq!(thread, [(json!("utility"), json!("已到账")), (json!("customer"), json!("余额还是没变"))]);
    let (status, closed) = reply("已退款并补充到账，此单关闭。", true).await;
    assert_eq!((status, closed["follow_up"]["status"].clone()), (StatusCode::OK, json!("closed")));
    assert_eq!(
        reply("", false).await.1["fields"][0],
        json!({"field": "text", "code": "required", "message": "text is required"})
    );
    // A rating without a follow-up has nothing to reply to.
    insert_order(&api, "P20261130093000EEEEEE", ZHANG_HOME, ZHANG_PHONE, "paid", 600);
    let (_, good) = rate(&api, &token, rating("payment", "P20261130093000EEEEEE", "satisfied")).await;
    let good = good["id"].as_i64().expect("id");
    assert_eq!(
        api.post(&format!("/demo/ratings/{good}/replies"), json!({"text": "谢谢"})).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = api
        .send(Method::POST, &format!("/ratings/{good}/verdict"), Some(json!({"resolved": true})), Some(&token))
        .await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("follow_up_closed")));
}

#[tokio::test]
async fn comments_are_plain_text_returned_byte_identical() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000MARKUP", ZHANG_HOME, ZHANG_PHONE, "paid", 600);
    let markup = "<script>alert(\"x\")</script> & <b>很好</b>\n'引号' &amp; \\u003c";
    let mut body = rating("payment", "P20261130093000MARKUP", "satisfied");
    body["comment"] = json!(format!("  {markup}\n "));
    let (status, rated) = rate(&api, &token, body).await;
    assert_eq!((status, rated["comment"].clone()), (StatusCode::CREATED, json!(markup)), "only trimmed");
    let id = rated["id"].as_i64().expect("id");
    let (status, _, bytes) = api.get_bytes(&format!("/ratings/{id}"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let stored: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(stored["comment"].as_str(), Some(markup), "not escaped, not rewritten");
}

#[tokio::test]
async fn a_comment_of_501_characters_is_too_long() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    insert_order(&api, "P20261130093000LENGTH", ZHANG_HOME, ZHANG_PHONE, "paid", 600);
    let mut body = rating("payment", "P20261130093000LENGTH", "satisfied");
    body["comment"] = json!("好".repeat(501));
    let (status, answer) = rate(&api, &token, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(
        (answer["fields"][0]["field"].clone(), answer["fields"][0]["code"].clone()),
        (json!("comment"), json!("too_long"))
    );
    body["comment"] = json!("好".repeat(500));
    assert_eq!(rate(&api, &token, body).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn the_reasons_are_listed_per_kind() {
    let api = TestApi::new();
    let codes = |body: &Value| -> Vec<String> {
        body.as_array().expect("list").iter().map(|r| r["code"].as_str().expect("code").to_owned()).collect()
    };
    let (status, visit) = api.get("/ratings/reasons?kind=visit", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        codes(&visit),
        ["long_wait", "rude_staff", "unskilled", "unclear_requirements", "poor_environment", "other"]
    );
    assert_eq!(visit[0]["label"], json!({"zh": "等候时间长", "en": "Long wait"}));
    let (_, payment) = api.get("/ratings/reasons?kind=payment", None).await;
    assert_eq!(codes(&payment), ["payment_failed", "slow_credit", "wrong_amount", "hard_to_use", "other"]);
    for (url, code) in [("/ratings/reasons", "required"), ("/ratings/reasons?kind=parcel", "invalid_format")] {
        let (status, body) = api.get(url, None).await;
        assert_eq!((status, body["fields"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!(code)));
    }
}

/// A done appointment of 王建国's at `hall`, served `ago` seconds before now and rated `level` then.
fn rated_past_visit(api: &TestApi, n: i64, hall: i64, ago: i64, level: &str) {
    let served = api.clock.now().unix_seconds() - ago;
    api.state
        .db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO appointments (code, account_no, hall_id, service_code, starts_at, ends_at, contact_name,
                     contact_phone, status, created_at, served_at)
                 VALUES (?1, ?2, ?3, 'meter_check', ?4, ?5, '王建国', ?6, 'done', ?4, ?4)",
                params![format!("TST{n:03}"), WANG_ACCOUNT, hall, served, served + 1800, WANG_PHONE],
            )?;
            let id = c.last_insert_rowid();
            c.execute(
                "INSERT INTO ratings (kind, transaction_id, account_no, customer_id, hall_id, level, created_at)
                 VALUES ('visit', ?1, ?2, (SELECT id FROM customers WHERE phone = ?3), ?4, ?5, ?6)",
                params![id.to_string(), WANG_ACCOUNT, WANG_PHONE, hall, level, served + 600],
            )
        })
        .expect("lock")
        .expect("insert");
}

async fn satisfaction(api: &TestApi, hall: usize) -> Value {
    let (status, halls) = api.get("/halls", None).await;
    assert_eq!(status, StatusCode::OK, "{halls}");
    halls[hall - 1]["satisfaction"].clone()
}

#[tokio::test]
async fn a_halls_satisfaction_is_the_share_of_satisfied_ratings_of_the_last_90_days() {
    let api = TestApi::new();
    // Hall 4's seeded ratings are all older than 90 days.
    assert_eq!(satisfaction(&api, 4).await, Value::Null);
    let levels = [
        "very_satisfied",
        "satisfied",
        "very_satisfied",
        "basically_satisfied",
        "satisfied",
        "dissatisfied",
        "satisfied",
    ];
    for (n, level) in levels.iter().enumerate() {
        rated_past_visit(&api, n as i64, 4, (n as i64 + 1) * 10 * DAY, level);
    }
    // Rated 91 days ago: it does not count.
    rated_past_visit(&api, 7, 4, 91 * DAY, "dissatisfied");
    // 5 of 7 = 714.28… ‰.
    assert_eq!(satisfaction(&api, 4).await, json!({"satisfied_permille": 714, "ratings": 7}));
    // 25 days on, the rating of 70 days ago (satisfied) is 95 days old: 4 of 6 = 666.66… ‰.
    api.clock.advance(25 * DAY);
    assert_eq!(satisfaction(&api, 4).await, json!({"satisfied_permille": 667, "ratings": 6}));
}

#[tokio::test]
async fn a_rating_of_a_visit_counts_at_once_towards_its_halls_satisfaction() {
    let api = TestApi::new();
    // The seeded visits of hall 1's last 90 days: 21 of 24 satisfied.
    assert_eq!(satisfaction(&api, 1).await, json!({"satisfied_permille": 875, "ratings": 24}));
    let other = satisfaction(&api, 2).await;
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let visit = served_visit(&api, &token, ZHANG_HOME, "14:00", "3号窗口").await;
    let (status, body) = rate(&api, &token, rating("visit", &visit, "very_satisfied")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // 22 of 25 = 880 ‰.
    assert_eq!(satisfaction(&api, 1).await, json!({"satisfied_permille": 880, "ratings": 25}));
    assert_eq!(satisfaction(&api, 2).await, other, "other halls keep theirs");
}

#[tokio::test]
async fn the_seeded_halls_show_satisfaction_from_their_past_visits() {
    let api = TestApi::new();
    let now = api.clock.now().unix_seconds();
    for hall in 1..=3 {
        let (total, satisfied): (i64, i64) = api
            .state
            .db
            .with_conn(|c| {
                c.query_row(
                    "SELECT COUNT(*), SUM(level IN ('very_satisfied', 'satisfied')) FROM ratings
                     WHERE hall_id = ?1 AND created_at > ?2",
                    params![hall, now - 90 * DAY],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
            })
            .expect("lock")
            .expect("query");
        assert!(total >= 10, "hall {hall} has {total} recent ratings");
        let expected = (satisfied * 2000 + total) / (2 * total);
        assert_eq!(
            satisfaction(&api, hall as usize).await,
            json!({"satisfied_permille": expected, "ratings": total}),
            "hall {hall}"
        );
    }
    // Every seeded rating is of a served visit, and no demo customer has any.
    assert_eq!(
        count(
            &api,
            "SELECT COUNT(*) FROM ratings r JOIN appointments a ON CAST(a.id AS TEXT) = r.transaction_id
             WHERE a.status = 'done' AND a.hall_id = r.hall_id"
        ),
        count(&api, "SELECT COUNT(*) FROM ratings")
    );
    assert_eq!(count(&api, "SELECT COUNT(*) FROM appointments WHERE account_no LIKE '321000000_'"), 0);
    // A seeded visitor sees their history, follow-ups included.
    let token = api.sign_in("3210000101", "13800000101").await;
    let (status, mine) = api.get("/ratings", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert!(mine.as_array().is_some_and(|list| !list.is_empty()));
}

#[tokio::test]
async fn the_operator_reply_exists_only_in_demo_mode() {
    let api = TestApi::with_settings(refserver::Settings::default());
    let (status, _) = api.post("/demo/ratings/1/replies", json!({"text": "您好"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
