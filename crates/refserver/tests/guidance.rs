//! "Can I do this online?": each need has one answer the utility can edit, a visit's answer names
//! the halls with the queue the hall list shows, and what became of each need is counted.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use contract::Date;
use refserver::Settings;
use serde_json::{json, Value};

fn need<'a>(list: &'a Value, code: &str) -> &'a Value {
    list.as_array().and_then(|l| l.iter().find(|n| n["need"] == code)).unwrap_or_else(|| panic!("need {code}"))
}

/// 09:00 China time tomorrow (the test's today is a Monday, 10:00).
fn tomorrow_nine() -> String {
    Date::of(start_of_test()).add_days(1).start().plus_seconds(9 * 3600).to_string()
}

fn booking(service: &str, need: Option<&str>) -> Value {
    let mut body = json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": service, "starts_at": tomorrow_nine(),
                          "contact_name": "张伟明", "contact_phone": ZHANG_PHONE});
    if let Some(need) = need {
        body["need"] = json!(need);
    }
    body
}

async fn counts(api: &TestApi) -> Value {
    let (status, counts) = api.get("/demo/guidance/outcomes", None).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    counts
}

async fn tell(api: &TestApi, need: &str, outcome: &str, journey: &str) -> (StatusCode, Value) {
    api.send(
        Method::POST,
        "/guidance/outcomes",
        Some(json!({"need": need, "outcome": outcome, "journey": journey})),
        None,
    )
    .await
}

#[tokio::test]
async fn each_need_has_one_answer_and_a_visit_names_the_halls_with_their_queue() {
    let api = TestApi::new();
    let (status, list) = api.get("/guidance", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let codes: Vec<&str> = list.as_array().expect("a list").iter().filter_map(|n| n["need"].as_str()).collect();
    assert_eq!(
        codes,
        [
            "check_bill",
            "pay_bill",
            "invoice",
            "manage_accounts",
            "change_phone",
            "name_transfer",
            "new_connection",
            "capacity_change",
            "meter_doubt",
            "complaint",
            "other"
        ]
    );
    for item in list.as_array().expect("a list") {
        let ways: Vec<&String> = item["answer"].as_object().map(|o| o.keys().collect()).unwrap_or_default();
        assert_eq!(ways.len(), 1, "exactly one answer: {item}");
    }
    let pay = need(&list, "pay_bill");
    assert_eq!(pay["name"], json!({"zh": "交电费", "en": "Pay my bill"}));
    assert_eq!(pay["answer"]["online"]["page"], "/pay");
    assert_eq!(need(&list, "invoice")["answer"]["online"]["page"], "/bills");
    assert_eq!(need(&list, "manage_accounts")["answer"]["online"]["page"], "/accounts");
    let phone = &need(&list, "change_phone")["answer"]["other_way"];
    assert_eq!((phone["channel"].clone(), phone["contact"].clone()), (json!("app"), json!("网上国网")));
    let complaint = &need(&list, "complaint")["answer"]["other_way"];
    assert_eq!((complaint["channel"].clone(), complaint["contact"].clone()), (json!("hotline"), json!("95598")));
    assert!(complaint["how"]["zh"].as_str().is_some_and(|s| s.contains("95598")), "what to say: {complaint}");

    // 过户: the service's own checklist and length, and the halls the hall list shows for it.
    let visit = &need(&list, "name_transfer")["answer"]["visit"];
    let (_, services) = api.get("/services", None).await;
    let service = need_service(&services, "name_transfer");
    assert_eq!(visit["service"], "name_transfer");
    assert_eq!(visit["service_name"], service["name"]);
    assert_eq!(visit["checklist"], service["checklist"]);
    assert_eq!(visit["checklist"][0]["zh"], "新旧户主身份证原件");
    assert_eq!(visit["minutes"], 30);
    let (_, halls) = api.get("/halls?service=name_transfer", None).await;
    assert_eq!(visit["halls"], halls, "what the hall list says of the halls offering it");
    let first = &visit["halls"][0];
    assert_eq!(
        (first["id"].clone(), first["name"].clone(), first["open_now"].clone()),
        (json!(1), json!("宿城区供电营业厅"), json!(true))
    );
    assert_eq!((first["queue_length"].clone(), first["expected_wait_minutes"].clone()), (json!(6), json!(36)));
    assert_eq!(visit["halls"].as_array().map(Vec::len), Some(3), "hall 4 does not do 过户");
    assert_eq!(need(&list, "meter_doubt")["answer"]["visit"]["service"], "meter_check");
}

fn need_service<'a>(services: &'a Value, code: &str) -> &'a Value {
    services.as_array().and_then(|l| l.iter().find(|s| s["code"] == code)).unwrap_or_else(|| panic!("{code}"))
}

#[tokio::test]
async fn the_utility_edits_an_answer_and_the_queue_moves_with_the_hall_list() {
    let api = TestApi::new();
    api.state
        .db
        .with_conn(|c| {
            c.execute_batch(
                "UPDATE guidance_needs SET way = 'online', page = '/accounts', channel = NULL, contact = NULL,
                     how = '在“户号管理”页修改。', how_en = 'Change it on the Accounts page.' WHERE code = 'change_phone';
                 UPDATE halls SET queue_length = 10 WHERE id = 1;",
            )
        })
        .expect("lock")
        .expect("edit");
    let (_, list) = api.get("/guidance", None).await;
    assert_eq!(
        need(&list, "change_phone")["answer"],
        json!({"online": {"page": "/accounts", "how": {"zh": "在“户号管理”页修改。", "en": "Change it on the Accounts page."}}})
    );
    let hall = &need(&list, "name_transfer")["answer"]["visit"]["halls"][0];
    assert_eq!((hall["queue_length"].clone(), hall["expected_wait_minutes"].clone()), (json!(10), json!(60)));
}

#[tokio::test]
async fn outcomes_count_once_per_journey_and_bookings_count_by_their_need() {
    let api = TestApi::new();
    let zero = counts(&api).await;
    assert_eq!(
        (zero["online"].clone(), zero["other_way"].clone(), zero["booked"].clone()),
        (json!(0), json!(0), json!(0))
    );
    assert_eq!(zero["needs"].as_array().map(Vec::len), Some(11));

    assert_eq!(tell(&api, "pay_bill", "online", "k-journey-one").await.0, StatusCode::NO_CONTENT);
    assert_eq!(tell(&api, "pay_bill", "online", "k-journey-one").await.0, StatusCode::NO_CONTENT, "a repeat");
    assert_eq!(tell(&api, "pay_bill", "online", "k-journey-two").await.0, StatusCode::NO_CONTENT);
    assert_eq!(tell(&api, "complaint", "other_way", "k-journey-one").await.0, StatusCode::NO_CONTENT);
    // Refused: an outcome that is not the need's answer, an unknown need, a journey of the wrong shape.
    let (status, wrong) = tell(&api, "name_transfer", "online", "k-journey-one").await;
    assert_eq!((status, wrong["fields"][0]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("outcome")));
    assert_eq!(wrong["fields"][0]["code"], "out_of_range");
    let (status, unknown) = tell(&api, "teleport", "online", "k-journey-one").await;
    assert_eq!((status, unknown["fields"][0]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("need")));
    let (status, short) = tell(&api, "pay_bill", "online", "k1").await;
    assert_eq!(
        (status, short["fields"][0]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_format"))
    );
    assert_eq!(
        tell(&api, "pay_bill", "booked", "k-journey-one").await.0,
        StatusCode::BAD_REQUEST,
        "a booking is not told"
    );

    // A booking from 过户's answer names the need; one press sent twice is one booking.
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let key = fresh_key();
    for _ in 0..2 {
        let (status, _, booked) = api
            .send_keyed(
                Method::POST,
                "/appointments",
                Some(booking("name_transfer", Some("name_transfer"))),
                Some(&token),
                Some(&key),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{booked}");
    }
    // A need answered otherwise, or by a visit for another service, is refused.
    for (service, need) in [("name_transfer", "pay_bill"), ("meter_check", "name_transfer")] {
        let (status, refused) =
            api.send(Method::POST, "/appointments", Some(booking(service, Some(need))), Some(&token)).await;
        assert_eq!((status, refused["fields"][0]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("need")));
    }
    // A booking without a need is not counted.
    let (status, plain) =
        api.send(Method::POST, "/appointments", Some(booking("meter_check", None)), Some(&token)).await;
    assert_eq!(status, StatusCode::CREATED, "{plain}");

    let after = counts(&api).await;
    assert_eq!(
        (after["online"].clone(), after["other_way"].clone(), after["booked"].clone()),
        (json!(2), json!(1), json!(1))
    );
    let of = |code: &str| after["needs"].as_array().and_then(|l| l.iter().find(|n| n["need"] == code)).cloned();
    assert_eq!(of("pay_bill"), Some(json!({"need": "pay_bill", "online": 2, "other_way": 0, "booked": 0})));
    assert_eq!(of("complaint"), Some(json!({"need": "complaint", "online": 0, "other_way": 1, "booked": 0})));
    assert_eq!(of("name_transfer"), Some(json!({"need": "name_transfer", "online": 0, "other_way": 0, "booked": 1})));
}

#[tokio::test]
async fn the_counts_are_a_demo_endpoint() {
    let api = TestApi::with_settings(Settings { demo: false, ..Settings::default() });
    assert_eq!(api.get("/demo/guidance/outcomes", None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/guidance", None).await.0, StatusCode::OK, "guidance itself is the utility's API");
}
