//! Services, halls filtered by service, the open days of the booking window, and a
//! day's slots in China time.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use contract::{Date, Timestamp};
use rusqlite::params;
use serde_json::{json, Value};

fn today() -> Date {
    Date::of(start_of_test())
}

fn hall_ids(halls: &Value) -> Vec<i64> {
    halls.as_array().expect("list").iter().map(|h| h["id"].as_i64().expect("id")).collect()
}

#[tokio::test]
async fn services_come_with_their_checklists_in_both_languages() {
    let api = TestApi::new();
    let (status, services) = api.get("/services", None).await;
    assert_eq!(status, StatusCode::OK, "{services}");
    let codes: Vec<_> = services.as_array().expect("list").iter().map(|s| s["code"].clone()).collect();
    assert_eq!(
        codes,
        ["new_connection", "name_transfer", "meter_check", "capacity_change", "billing_help", "ev_charger"]
    );
    assert_eq!(
        services[2],
        json!({"code": "meter_check", "name": {"zh": "电能表校验", "en": "Meter accuracy check"}, "minutes": 30,
               "checklist": [{"zh": "户主身份证原件", "en": "Holder's ID card (original)"},
                             {"zh": "近期电费账单", "en": "A recent bill"}]})
    );
}

#[tokio::test]
async fn halls_are_filtered_by_the_service_they_offer() {
    let api = TestApi::new();
    let (status, all) = api.get("/halls", None).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(hall_ids(&all), [1, 2, 3, 4]);
    assert_eq!(hall_ids(&api.get("/halls?service=ev_charger", None).await.1), [1, 3]);
    assert_eq!(hall_ids(&api.get("/halls?service=name_transfer", None).await.1), [1, 2, 3]);
    // Taken as sent: a blank service is not a left-out one, and spaces are not trimmed.
    for (query, code) in [
        ("service=tea_ceremony", "out_of_range"),
        ("service=Meter!", "invalid_format"),
        ("service=", "invalid_format"),
        ("service=%20ev_charger", "invalid_format"),
    ] {
        let (status, body) = api.get(&format!("/halls?{query}"), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["fields"][0]["field"], "service");
        assert_eq!(body["fields"][0]["code"], code);
    }
}

#[tokio::test]
async fn a_hall_shows_hours_upcoming_closures_queue_and_satisfaction() {
    let api = TestApi::new();
    let (_, halls) = api.get("/halls", None).await;
    let hall = &halls[0];
    assert_eq!(hall["name"], "宿城区供电营业厅");
    assert_eq!((hall["latitude_e6"].clone(), hall["longitude_e6"].clone()), (json!(33_963_100), json!(118_275_200)));
    let hours = hall["weekly_hours"].as_array().expect("hours");
    assert_eq!(hours.len(), 7);
    assert_eq!(hours[0], json!({"open": "08:30", "close": "17:30"}));
    assert_eq!(hours[5], json!({"open": "09:00", "close": "12:00"}));
    assert_eq!(hours[6], Value::Null, "closed on Sundays");
    assert_eq!(
        hall["closures"],
        json!([{"day": today().add_days(9).to_string(), "reason": "设备检修"}, {"day": "2027-01-01", "reason": "元旦"}])
    );
    assert_eq!((hall["queue_length"].clone(), hall["expected_wait_minutes"].clone()), (json!(6), json!(36)));
    // The seeded visits of the last 90 days: 21 of 24 rated 满意 or 非常满意.
    assert_eq!(hall["satisfaction"], json!({"satisfied_permille": 875, "ratings": 24}));
    assert_eq!(halls[3]["satisfaction"], Value::Null, "hall 4 has no ratings of the last 90 days");
    assert_eq!(hall["services"].as_array().expect("services").len(), 6);
}

/// The list is kept between requests; whatever it shows still follows each change at once.
#[tokio::test]
async fn the_hall_list_follows_a_check_in_a_new_closure_and_the_day_turning() {
    let api = TestApi::new();
    let closures = |halls: &Value| halls[0]["closures"].clone();
    let (_, before) = api.get("/halls", None).await;
    assert_eq!(before[0]["queue_length"], 6);
    assert_eq!(api.get("/halls", None).await.1, before, "asked again, the same answer");
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let booking = json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "billing_help",
                         "starts_at": format!("{}T14:00:00+08:00", today()), "contact_name": "张伟明",
                         "contact_phone": ZHANG_PHONE});
    let (status, booked) = api.send(Method::POST, "/appointments", Some(booking), Some(&token)).await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    let (status, body) = api.post("/demo/staff/check-in", json!({"code": booked["code"]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, after) = api.get("/halls", None).await;
    assert_eq!(after[0]["queue_length"], 7, "the check-in joined the queue");
    assert_eq!(after[0]["expected_wait_minutes"], 42);
    // A closure written straight into the database shows too.
    let soon = today().add_days(2).to_string();
    api.state
        .db
        .with_conn(|c| {
            c.execute("INSERT INTO hall_closures (hall_id, day, reason) VALUES (1, ?1, '停电')", params![soon])
        })
        .expect("lock")
        .expect("insert");
    let (_, halls) = api.get("/halls", None).await;
    assert_eq!(closures(&halls)[0], json!({"day": soon, "reason": "停电"}));
    // Ten days on, the closures of the days gone by are no longer upcoming.
    api.clock.advance(10 * 86_400);
    let (_, later) = api.get("/halls", None).await;
    assert_eq!(closures(&later), json!([{"day": "2027-01-01", "reason": "元旦"}]));
}

#[tokio::test]
async fn open_dates_skip_sundays_and_closures() {
    let api = TestApi::new();
    let (status, body) = api.get("/halls/1/dates?service=meter_check", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let dates: Vec<String> =
        body["dates"].as_array().expect("dates").iter().map(|d| d.as_str().expect("date").to_owned()).collect();
    // Today is Monday 2026-11-30; the window runs to Sunday 12-13.
    let expected: Vec<String> =
        [0, 1, 2, 3, 4, 5, 7, 8, 10, 11, 12].iter().map(|d| today().add_days(*d).to_string()).collect();
    assert_eq!(dates, expected, "Sundays (12-06, 12-13) and the maintenance day (12-09) are left out");
    assert_eq!(body["hall_id"], 1);
    // Hall 3 is open every day.
    let (_, every_day) = api.get("/halls/3/dates?service=meter_check", None).await;
    assert_eq!(every_day["dates"].as_array().expect("dates").len(), 14);
}

#[tokio::test]
async fn dates_and_slots_refuse_unknown_halls_and_services_not_offered() {
    let api = TestApi::new();
    let tomorrow = today().add_days(1);
    let cases = [
        ("/halls/99/dates?service=meter_check".to_owned(), StatusCode::NOT_FOUND, None),
        ("/halls/2/dates?service=ev_charger".to_owned(), StatusCode::UNPROCESSABLE_ENTITY, Some("service")),
        ("/halls/1/dates".to_owned(), StatusCode::UNPROCESSABLE_ENTITY, Some("service")),
        ("/halls/abc/dates?service=meter_check".to_owned(), StatusCode::UNPROCESSABLE_ENTITY, Some("hall_id")),
        (format!("/halls/99/slots?service=meter_check&date={tomorrow}"), StatusCode::NOT_FOUND, None),
        (
            format!("/halls/4/slots?service=ev_charger&date={tomorrow}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("service"),
        ),
        ("/halls/1/slots?service=meter_check".to_owned(), StatusCode::UNPROCESSABLE_ENTITY, Some("date")),
        ("/halls/1/slots?service=meter_check&date=12/01".to_owned(), StatusCode::UNPROCESSABLE_ENTITY, Some("date")),
    ];
    for (url, expected, field) in cases {
        let (status, body) = api.get(&url, None).await;
        assert_eq!(status, expected, "{url}: {body}");
        if let Some(field) = field {
            assert_eq!(body["fields"][0]["field"], field, "{url}");
        }
    }
}

fn hh_mm(slot: &Value) -> String {
    let at = Timestamp::parse(slot["starts_at"].as_str().expect("starts_at")).expect("timestamp");
    // Rendered by the contract's Display: China time whatever the process's time zone.
    at.to_string()[11..16].to_owned()
}

#[tokio::test]
async fn slots_are_half_hours_in_china_time_whatever_the_process_time_zone() {
    // Nothing on the server may read the machine's zone; this one is 13 hours off China's.
    std::env::set_var("TZ", "America/New_York");
    let api = TestApi::new();
    let tomorrow = today().add_days(1);
    let (status, body) = api.get(&format!("/halls/1/slots?service=meter_check&date={tomorrow}"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let slots = body["slots"].as_array().expect("slots");
    let times: Vec<String> = slots.iter().map(hh_mm).collect();
    assert_eq!(times.len(), 18, "08:30 to 17:30");
    assert_eq!((times[0].as_str(), times[17].as_str()), ("08:30", "17:00"));
    assert_eq!(slots[0]["starts_at"], format!("{tomorrow}T08:30:00+08:00"));
    assert_eq!(slots[0]["ends_at"], format!("{tomorrow}T09:00:00+08:00"));
    assert_eq!((slots[0]["capacity"].clone(), slots[0]["remaining"].clone()), (json!(4), json!(4)));
    // Today at 10:00: the 10:00 slot has begun, so the first one left is 10:30.
    let (_, today_slots) = api.get(&format!("/halls/1/slots?service=meter_check&date={}", today()), None).await;
    assert_eq!(hh_mm(&today_slots["slots"][0]), "10:30");
    // Saturday mornings only.
    let saturday = today().add_days(5);
    let (_, sat) = api.get(&format!("/halls/1/slots?service=meter_check&date={saturday}"), None).await;
    let times: Vec<String> = sat["slots"].as_array().expect("slots").iter().map(hh_mm).collect();
    assert_eq!(times, ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
}

#[tokio::test]
async fn closed_days_have_no_slots_and_days_outside_the_window_are_refused() {
    let api = TestApi::new();
    for closed in [today().add_days(6), today().add_days(9)] {
        let (status, body) = api.get(&format!("/halls/1/slots?service=meter_check&date={closed}"), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["slots"], json!([]), "{closed}");
    }
    for outside in [today().add_days(-1), today().add_days(14)] {
        let (status, body) = api.get(&format!("/halls/1/slots?service=meter_check&date={outside}"), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            body["fields"][0],
            json!({"field": "date", "code": "out_of_range",
                                              "message": "date must be today or one of the next 13 days"})
        );
    }
}
