//! The contract (api/openapi.yaml) and the reference server agree:
//! every example is a valid value of the contract types, every operation is
//! served, and live answers validate against the documented schemas.

mod common;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use common::*;
use jsonschema::{Draft, Registry, Validator};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

fn openapi() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("api/openapi.yaml is readable");
    serde_norway::from_str(&text).expect("openapi.yaml is valid YAML")
}

/// A validator for the schema at `pointer` (e.g. `#/components/schemas/Me`) inside the document.
fn validator(doc: &Value, pointer: &str) -> Validator {
    let registry = Registry::new()
        .add("urn:openapi", Draft::Draft202012.create_resource(doc.clone()))
        .expect("resource")
        .prepare()
        .expect("registry");
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&registry)
        // `{` and `}` of path templates are not allowed in a URI fragment.
        .build(&json!({ "$ref": format!("urn:openapi{}", pointer.replace('{', "%7B").replace('}', "%7D")) }))
        .unwrap_or_else(|e| panic!("schema {pointer} compiles: {e}"))
}

fn assert_valid(doc: &Value, pointer: &str, instance: &Value, what: &str) {
    let v = validator(doc, pointer);
    let errors: Vec<String> = v.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not match {pointer}: {errors:?}\n{instance:#}");
}

/// Deserializes `example` as `T` and serializes it back: equal JSON means the
/// example and the Rust type agree on every field, none ignored.
fn roundtrip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    if &back == example {
        Ok(())
    } else {
        Err(format!("round trip changed it to {back}"))
    }
}

/// A text as typed, which the request's type keeps as a `String`: it must be a string the
/// server's parser takes.
fn typed<T, E: std::fmt::Debug>(example: &Value, parse: fn(&str) -> Result<T, E>) -> Result<(), String> {
    let text = example.as_str().ok_or("not a string")?;
    parse(text).map(|_| ()).map_err(|e| format!("{text:?} does not parse: {e:?}"))
}

/// The contract type each schema describes.
fn check_as_type(schema: &str, example: &Value) -> Result<(), String> {
    use contract::*;
    match schema {
        "AccountNo" => roundtrip::<AccountNo>(example),
        "Phone" => roundtrip::<Phone>(example),
        "TypedAccountNo" => typed(example, AccountNo::parse),
        "TypedPhone" => typed(example, Phone::parse),
        "TypedSmsCode" => typed(example, SmsCode::parse),
        "TypedName" => typed(example, HolderName::parse),
        "Fen" => roundtrip::<Fen>(example),
        "Date" => roundtrip::<Date>(example),
        "YearMonth" => roundtrip::<YearMonth>(example),
        "Timestamp" => roundtrip::<Timestamp>(example),
        "FieldError" => roundtrip::<FieldError>(example),
        "ErrorBody" => roundtrip::<ApiErrorBody>(example),
        "Health" => roundtrip::<Health>(example),
        "SmsCodeRequest" => roundtrip::<SmsCodeRequest>(example),
        "SmsCodeSent" => roundtrip::<SmsCodeSent>(example),
        "SessionRequest" => roundtrip::<SessionRequest>(example),
        "Session" => roundtrip::<Session>(example),
        "SessionInfo" => roundtrip::<SessionInfo>(example),
        "WechatSignInRequest" => roundtrip::<WechatSignInRequest>(example),
        "WechatLink" => roundtrip::<WechatLink>(example),
        // The two variants are named schemas for the discriminator; each is a WechatSignIn.
        "WechatSignIn" | "WechatSignedIn" | "WechatBindRequired" => roundtrip::<WechatSignIn>(example),
        "BindRequest" => roundtrip::<BindRequest>(example),
        "BindCodeRequest" => roundtrip::<BindCodeRequest>(example),
        "OutageNotice" => roundtrip::<OutageNotice>(example),
        "AccountSummary" => roundtrip::<AccountSummary>(example),
        "Me" => roundtrip::<Me>(example),
        "LastBill" => roundtrip::<LastBill>(example),
        "NextVisit" => roundtrip::<contract::NextVisit>(example),
        "Payee" => roundtrip::<contract::Payee>(example),
        "NeedCode" => roundtrip::<NeedCode>(example),
        "PortalPath" => roundtrip::<PortalPath>(example),
        "OnlineAnswer" => roundtrip::<OnlineAnswer>(example),
        "OtherWayAnswer" => roundtrip::<OtherWayAnswer>(example),
        "VisitAnswer" => roundtrip::<VisitAnswer>(example),
        "GuidanceAnswer" => roundtrip::<contract::Answer>(example),
        "Guidance" => roundtrip::<Guidance>(example),
        "OutcomeRequest" => roundtrip::<OutcomeRequest>(example),
        "NeedCounts" => roundtrip::<NeedCounts>(example),
        "GuidanceCounts" => roundtrip::<GuidanceCounts>(example),
        "OpenOrder" => roundtrip::<contract::OpenOrder>(example),
        "Overview" => roundtrip::<Overview>(example),
        "Wh" => roundtrip::<Wh>(example),
        "UnitPrice" => roundtrip::<tariff::UnitPrice>(example),
        "Tariff" => roundtrip::<tariff::Tariff>(example),
        "BillLine" => roundtrip::<tariff::BillLine>(example),
        "MonthUsage" => roundtrip::<MonthUsage>(example),
        "MonthlyUsage" => roundtrip::<MonthlyUsage>(example),
        "DayUsage" => roundtrip::<DayUsage>(example),
        "DailyUsage" => roundtrip::<DailyUsage>(example),
        "TariffInfo" => roundtrip::<TariffInfo>(example),
        "BillId" => roundtrip::<BillId>(example),
        "BillSummary" => roundtrip::<BillSummary>(example),
        "BillDetail" => roundtrip::<BillDetail>(example),
        "DemoSms" => roundtrip::<DemoSms>(example),
        "FaultRule" => roundtrip::<refserver::faults::FaultRule>(example),
        "HallId" => roundtrip::<HallId>(example),
        "AppointmentId" => roundtrip::<AppointmentId>(example),
        "ServiceCode" => roundtrip::<ServiceCode>(example),
        "Localized" => roundtrip::<Localized>(example),
        "Service" => roundtrip::<Service>(example),
        "DayHours" => roundtrip::<DayHours>(example),
        "Closure" => roundtrip::<Closure>(example),
        "Satisfaction" => roundtrip::<Satisfaction>(example),
        "Hall" => roundtrip::<Hall>(example),
        "Slot" => roundtrip::<Slot>(example),
        "DaySlots" => roundtrip::<DaySlots>(example),
        "OpenDates" => roundtrip::<OpenDates>(example),
        "BookingRequest" => roundtrip::<BookingRequest>(example),
        "RescheduleRequest" => roundtrip::<RescheduleRequest>(example),
        "QueueTicket" => roundtrip::<QueueTicket>(example),
        "Appointment" => roundtrip::<Appointment>(example),
        "CheckInRequest" => roundtrip::<CheckInRequest>(example),
        "RatingId" => roundtrip::<RatingId>(example),
        "DimensionRating" => roundtrip::<DimensionRating>(example),
        "ReasonCode" => roundtrip::<ReasonCode>(example),
        "Reason" => roundtrip::<Reason>(example),
        "Transaction" => roundtrip::<Transaction>(example),
        "RatingRequest" => roundtrip::<RatingRequest>(example),
        "Reply" => roundtrip::<Reply>(example),
        "FollowUp" => roundtrip::<FollowUp>(example),
        "Rating" => roundtrip::<Rating>(example),
        "VerdictRequest" => roundtrip::<VerdictRequest>(example),
        "OperatorReply" => roundtrip::<OperatorReply>(example),
        "OrderNo" => roundtrip::<OrderNo>(example),
        "JsapiParams" => roundtrip::<JsapiParams>(example),
        // The three variants are named schemas for the discriminator; each is a PayAction.
        "PayAction" | "RedirectAction" | "QrCodeAction" | "WechatJsapiAction" => roundtrip::<PayAction>(example),
        "Order" => roundtrip::<Order>(example),
        "PaymentOptions" => roundtrip::<PaymentOptions>(example),
        "CreateOrderRequest" => roundtrip::<CreateOrderRequest>(example),
        "PaymentNotification" => roundtrip::<PaymentNotification>(example),
        "NotificationAck" => roundtrip::<NotificationAck>(example),
        "DeliveryControl" => roundtrip::<refserver::payments::sim::DeliveryControl>(example),
        "Delivery" => roundtrip::<refserver::payments::sim::Delivery>(example),
        "Deliveries" => roundtrip::<refserver::payments::sim::Deliveries>(example),
        "Discrepancy" => roundtrip::<refserver::payments::discrepancy::Discrepancy>(example),
        // The three variants are named schemas for the discriminator; each is a DownloadRequest.
        "DownloadRequest" | "InvoiceDownload" | "UsageCsvDownload" | "CalendarDownload" => {
            roundtrip::<DownloadRequest>(example)
        }
        "DownloadLink" => roundtrip::<DownloadLink>(example),
        other => Err(format!("no contract type is mapped to schema {other}; add it to check_as_type")),
    }
}

/// Enum schemas: every value must deserialize into the Rust enum (and not as its catch-all).
fn check_enum(schema: &str, value: &Value) -> Result<(), String> {
    use contract::*;
    match schema {
        "ErrorCode" => roundtrip::<ErrorCode>(value),
        "FieldCode" => roundtrip::<FieldCode>(value),
        "HealthStatus" => roundtrip::<HealthStatus>(value),
        "AccountKind" => roundtrip::<AccountKind>(value),
        "BillStatus" => roundtrip::<BillStatus>(value),
        "OutageKind" => roundtrip::<OutageKind>(value),
        "Tier" => roundtrip::<tariff::Tier>(value),
        "Period" => roundtrip::<tariff::Period>(value),
        "AppointmentStatus" => roundtrip::<AppointmentStatus>(value),
        "TransactionKind" => roundtrip::<TransactionKind>(value),
        "RatingLevel" => roundtrip::<RatingLevel>(value),
        "Dimension" => roundtrip::<Dimension>(value),
        "FollowUpStatus" => roundtrip::<FollowUpStatus>(value),
        "ReplyAuthor" => roundtrip::<ReplyAuthor>(value),
        "PayChannel" => roundtrip::<PayChannel>(value),
        "Provider" => roundtrip::<Provider>(value),
        "OrderPurpose" => roundtrip::<OrderPurpose>(value),
        "OrderStatus" => roundtrip::<OrderStatus>(value),
        "ProviderOutcome" => roundtrip::<ProviderOutcome>(value),
        "Language" => roundtrip::<Language>(value),
        "UsageChart" => roundtrip::<UsageChart>(value),
        "Unit" => roundtrip::<table::Unit>(value),
        "Channel" => roundtrip::<Channel>(value),
        "Outcome" => roundtrip::<Outcome>(value),
        other => Err(format!("no contract enum is mapped to schema {other}; add it to check_enum")),
    }
}

#[test]
fn every_schema_example_is_a_value_of_its_contract_type() {
    let doc = openapi();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let mut problems = Vec::new();
    for (name, schema) in schemas {
        if let Some(values) = schema["enum"].as_array() {
            for value in values {
                if let Err(e) = check_enum(name, value) {
                    problems.push(format!("{name} value {value}: {e}"));
                }
            }
            continue;
        }
        let examples = schema["examples"].as_array().cloned().unwrap_or_default();
        if examples.is_empty() {
            problems.push(format!("{name} has no example"));
        }
        for example in &examples {
            if let Err(e) = check_as_type(name, example) {
                problems.push(format!("{name} example {example}: {e}"));
            }
            let v = validator(&doc, &format!("#/components/schemas/{name}"));
            if !v.is_valid(example) {
                problems.push(format!("{name} example {example} does not match its own schema"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every media-type example in paths and shared responses matches its schema.
#[test]
fn every_operation_example_matches_its_schema() {
    let doc = openapi();
    let mut checked = 0;
    let mut media: Vec<(String, Value)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            let base = format!("#/paths/{}/{method}", path.replace('~', "~0").replace('/', "~1"));
            if op["requestBody"]["content"]["application/json"].is_object() {
                media.push((format!("{base}/requestBody/content/application~1json"), op.clone()));
            }
            for (status, response) in op["responses"].as_object().expect("responses") {
                if response["content"]["application/json"].is_object() {
                    media.push((format!("{base}/responses/{status}/content/application~1json"), op.clone()));
                }
            }
        }
    }
    for (name, _) in doc["components"]["responses"].as_object().expect("responses") {
        media.push((format!("#/components/responses/{name}/content/application~1json"), Value::Null));
    }
    for (pointer, _) in media {
        let node = doc.pointer(&pointer[1..]).expect("pointer resolves");
        let example = node.get("example").unwrap_or_else(|| panic!("{pointer} has no example"));
        assert_valid(&doc, &format!("{pointer}/schema"), example, &pointer);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples found");
}

/// One call of the live scenario.
struct Call {
    method: Method,
    path: &'static str,
    /// The URL actually requested (path parameters and query filled in).
    url: String,
    body: Option<Value>,
    token: bool,
}

/// The id the next row of `table` gets in the fresh database (seeded rows come first).
fn next_id(api: &TestApi, table: &str) -> i64 {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    api.state.db.with_conn(|c| c.query_row(&sql, [], |r| r.get(0))).expect("lock").expect("next id")
}

fn request_example(doc: &Value, path: &str, method: &str) -> Option<Value> {
    doc["paths"][path][method]["requestBody"]["content"]["application/json"]["example"].clone().into()
}

#[tokio::test]
async fn every_operation_is_served_and_answers_match_the_schemas() {
    let doc = openapi();
    let api = TestApi::new();
    // Sign in first, the way a client does; its calls are part of the scenario too.
    let code = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    let ex = |path: &str, method: &str| request_example(&doc, path, method).filter(|v| !v.is_null());
    let mut served = BTreeSet::new();
    // The simulated WeChat page answers with a redirect and no body, so it is checked on its own.
    let (status, headers, _) = api.wechat_authorize(PORTAL_PAGE, None).await;
    let documented = &doc["paths"]["/demo/wechat/authorize"]["get"]["responses"][status.as_str()];
    assert!(status.is_redirection() && documented.is_object(), "GET /demo/wechat/authorize answered {status}");
    for name in documented["headers"].as_object().expect("documented headers").keys() {
        assert!(headers.contains_key(name.as_str()), "the redirect lacks {name}");
    }
    let location = headers.get("location").and_then(|v| v.to_str().ok()).expect("Location");
    let wechat_code = url::Url::parse(location)
        .expect("absolute Location")
        .query_pairs()
        .find(|(name, _)| name == "code")
        .map(|(_, value)| value.into_owned())
        .expect("code in the redirect");
    served.insert("GET /demo/wechat/authorize".to_owned());
    let paid_bill = seeded_bill(&api, ZHANG_HOME, true);
    // Seeded past visits come first: the scenario's bookings and rating get the next ids.
    let (booked, rating) = (next_id(&api, "appointments"), next_id(&api, "ratings"));
    let served_visit = booked + 1;
    // A paid order of 张伟明's: ratings need one, not the payment flow.
    pay::insert_order(&api, "P20261130093000K7Q2M8", ZHANG_HOME, ZHANG_PHONE, "paid", 1800);
    let poor_visit = json!({"kind": "visit", "transaction_id": served_visit.to_string(), "level": "dissatisfied",
                            "reasons": ["long_wait"], "comment": "预约了还是排了四十多分钟。"});
    let scenario = vec![
        Call { method: Method::GET, path: "/health", url: "/health".into(), body: None, token: false },
        Call {
            method: Method::GET,
            path: "/demo/sms",
            url: format!("/demo/sms?phone={ZHANG_PHONE}"),
            body: None,
            token: false,
        },
        Call {
            method: Method::POST,
            path: "/auth/session",
            url: "/auth/session".into(),
            body: Some(json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code})),
            token: false,
        },
        Call {
            method: Method::POST,
            path: "/auth/wechat",
            url: "/auth/wechat".into(),
            body: Some(json!({ "code": wechat_code })),
            token: false,
        },
        Call { method: Method::GET, path: "/auth/session", url: "/auth/session".into(), body: None, token: true },
        Call { method: Method::GET, path: "/auth/wechat", url: "/auth/wechat".into(), body: None, token: true },
        Call { method: Method::DELETE, path: "/auth/wechat", url: "/auth/wechat".into(), body: None, token: true },
        Call {
            method: Method::POST,
            path: "/accounts/bindings/sms-code",
            url: "/accounts/bindings/sms-code".into(),
            body: ex("/accounts/bindings/sms-code", "post"),
            token: true,
        },
        // The example's code is replaced below by the one the demo inbox got.
        Call {
            method: Method::POST,
            path: "/accounts/bindings",
            url: "/accounts/bindings".into(),
            body: ex("/accounts/bindings", "post"),
            token: true,
        },
        Call { method: Method::GET, path: "/me", url: "/me".into(), body: None, token: true },
        Call {
            method: Method::DELETE,
            path: "/accounts/{account_no}/binding",
            url: format!("/accounts/{ZHAO_UNBOUND}/binding"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/accounts/{account_no}/notices",
            url: format!("/accounts/{ZHANG_HOME}/notices"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/payees/{account_no}",
            url: format!("/payees/{WANG_ACCOUNT}"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/payments/for-others",
            url: "/payments/for-others".into(),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/accounts/{account_no}/overview",
            url: format!("/accounts/{ZHANG_HOME}/overview"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/accounts/{account_no}/usage/monthly",
            url: format!("/accounts/{ZHANG_HOME}/usage/monthly?from=2025-01&to=2026-10"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/accounts/{account_no}/usage/daily",
            url: format!("/accounts/{ZHANG_HOME}/usage/daily"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/accounts/{account_no}/tariff",
            url: format!("/accounts/{ZHANG_HOME}/tariff"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/accounts/{account_no}/bills",
            url: format!("/accounts/{ZHANG_HOME}/bills"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/bills/{bill_id}",
            url: format!("/bills/{paid_bill}"),
            body: None,
            token: true,
        },
        Call {
            method: Method::GET,
            path: "/bills/{bill_id}/invoice.pdf",
            url: format!("/bills/{paid_bill}/invoice.pdf"),
            body: None,
            token: true,
        },
        Call {
            method: Method::POST,
            path: "/downloads",
            url: "/downloads".into(),
            body: Some(json!({"kind": "invoice", "bill_id": paid_bill})),
            token: true,
        },
        // The link the answer before gave; it needs no session.
        Call { method: Method::GET, path: "/downloads/{token}", url: String::new(), body: None, token: false },
        Call {
            method: Method::POST,
            path: "/auth/sms-code",
            url: "/auth/sms-code".into(),
            body: Some(json!({"account_no": LI_PREPAID, "phone": LI_PHONE})),
            token: false,
        },
        Call { method: Method::GET, path: "/services", url: "/services".into(), body: None, token: false },
        Call {
            method: Method::GET,
            path: "/halls",
            url: "/halls?service=meter_check".into(),
            body: None,
            token: false,
        },
        Call {
            method: Method::GET,
            path: "/halls/{hall_id}/dates",
            url: "/halls/1/dates?service=meter_check".into(),
            body: None,
            token: false,
        },
        Call {
            method: Method::GET,
            path: "/halls/{hall_id}/slots",
            url: "/halls/1/slots?service=meter_check&date=2026-12-01".into(),
            body: None,
            token: false,
        },
        // The example books tomorrow 09:00: appointment `booked`.
        Call {
            method: Method::POST,
            path: "/appointments",
            url: "/appointments".into(),
            body: ex("/appointments", "post"),
            token: true,
        },
        Call { method: Method::GET, path: "/appointments", url: "/appointments".into(), body: None, token: true },
        Call { method: Method::GET, path: "/guidance", url: "/guidance".into(), body: None, token: false },
        Call {
            method: Method::POST,
            path: "/guidance/outcomes",
            url: "/guidance/outcomes".into(),
            body: ex("/guidance/outcomes", "post"),
            token: false,
        },
        Call {
            method: Method::GET,
            path: "/demo/guidance/outcomes",
            url: "/demo/guidance/outcomes".into(),
            body: None,
            token: false,
        },
        Call {
            method: Method::GET,
            path: "/appointments/{appointment_id}",
            url: format!("/appointments/{booked}"),
            body: None,
            token: true,
        },
        Call {
            method: Method::POST,
            path: "/appointments/{appointment_id}/reschedule",
            url: format!("/appointments/{booked}/reschedule"),
            body: ex("/appointments/{appointment_id}/reschedule", "post"),
            token: true,
        },
        Call {
            method: Method::POST,
            path: "/appointments/{appointment_id}/cancel",
            url: format!("/appointments/{booked}/cancel"),
            body: None,
            token: true,
        },
        // A booking for today, which the staff then check in (its code is filled in below) and serve.
        Call {
            method: Method::POST,
            path: "/appointments",
            url: "/appointments".into(),
            body: Some(json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "billing_help",
                              "starts_at": "2026-11-30T14:00:00+08:00", "contact_name": "张伟明",
                              "contact_phone": ZHANG_PHONE})),
            token: true,
        },
        Call {
            method: Method::POST,
            path: "/demo/staff/check-in",
            url: "/demo/staff/check-in".into(),
            body: None,
            token: false,
        },
        Call {
            method: Method::POST,
            path: "/demo/staff/call-next",
            url: "/demo/staff/call-next?hall_id=1&window=3%E5%8F%B7%E7%AA%97%E5%8F%A3".into(),
            body: None,
            token: false,
        },
        // The visit just served and a paid order are rated; the poor rating's follow-up runs its course.
        Call {
            method: Method::GET,
            path: "/ratings/reasons",
            url: "/ratings/reasons?kind=visit".into(),
            body: None,
            token: false,
        },
        Call { method: Method::GET, path: "/ratings/pending", url: "/ratings/pending".into(), body: None, token: true },
        Call {
            method: Method::GET,
            path: "/ratings/transactions/{kind}/{transaction_id}",
            url: "/ratings/transactions/payment/P20261130093000K7Q2M8".into(),
            body: None,
            token: true,
        },
        Call {
            method: Method::POST,
            path: "/ratings",
            url: "/ratings".into(),
            body: Some(poor_visit.clone()),
            token: true,
        },
        // The same rating again (a retry) answers the stored one.
        Call { method: Method::POST, path: "/ratings", url: "/ratings".into(), body: Some(poor_visit), token: true },
        Call { method: Method::GET, path: "/ratings", url: "/ratings".into(), body: None, token: true },
        Call {
            method: Method::GET,
            path: "/ratings/{rating_id}",
            url: format!("/ratings/{rating}"),
            body: None,
            token: true,
        },
        Call {
            method: Method::POST,
            path: "/demo/ratings/{rating_id}/replies",
            url: format!("/demo/ratings/{rating}/replies"),
            body: ex("/demo/ratings/{rating_id}/replies", "post"),
            token: false,
        },
        Call {
            method: Method::POST,
            path: "/ratings/{rating_id}/verdict",
            url: format!("/ratings/{rating}/verdict"),
            body: ex("/ratings/{rating_id}/verdict", "post"),
            token: true,
        },
        Call {
            method: Method::PUT,
            path: "/demo/faults",
            url: "/demo/faults".into(),
            body: ex("/demo/faults", "put"),
            token: false,
        },
        Call { method: Method::GET, path: "/demo/faults", url: "/demo/faults".into(), body: None, token: false },
        Call { method: Method::DELETE, path: "/demo/faults", url: "/demo/faults".into(), body: None, token: false },
        Call { method: Method::DELETE, path: "/auth/session", url: "/auth/session".into(), body: None, token: true },
    ];
    let mut token: Option<String> = None;
    let mut appointment_code: Option<Value> = None;
    let mut download_url: Option<String> = None;
    for mut call in scenario {
        if call.path == "/downloads/{token}" {
            let url = download_url.clone().expect("a link before it is opened");
            call.url =
                url.strip_prefix("http://127.0.0.1:8080/api/v1").expect("a link on the public origin").to_owned();
        }
        if call.path == "/demo/staff/check-in" {
            call.body = Some(json!({ "code": appointment_code.clone().expect("a booking before the check-in") }));
        }
        if call.path == "/accounts/bindings" {
            let (status, sms) = api.get("/demo/sms?phone=13800000005", None).await;
            assert_eq!(status, StatusCode::OK, "the binding code was sent: {sms}");
            if let Some(body) = call.body.as_mut() {
                body["code"] = sms["code"].clone();
            }
        }
        let method_key = call.method.as_str().to_ascii_lowercase();
        let operation = &doc["paths"][call.path][&method_key];
        assert!(operation.is_object(), "{} {} is not in openapi.yaml", call.method, call.path);
        let token_for_call = call.token.then_some(token.as_deref()).flatten();
        // A PDF answer has no JSON schema to check: its documented status, type and header do.
        if operation["responses"]["200"]["content"]["application/pdf"].is_object() {
            let (status, headers, bytes) = api.get_bytes(&call.url, token_for_call).await;
            assert_eq!(status, StatusCode::OK, "{} {}: {}", call.method, call.url, String::from_utf8_lossy(&bytes));
            assert_eq!(headers["content-type"], "application/pdf", "{} {}", call.method, call.url);
            for name in operation["responses"]["200"]["headers"].as_object().expect("documented headers").keys() {
                assert!(headers.contains_key(name.as_str()), "{} {} lacks {name}", call.method, call.url);
            }
            assert!(bytes.starts_with(b"%PDF-"), "{} {} is not a PDF", call.method, call.url);
            served.insert(format!("{} {}", call.method, call.path));
            continue;
        }
        let (status, body) = api.send(call.method.clone(), &call.url, call.body, token_for_call).await;
        assert!(status.is_success(), "{} {} answered {status}: {body}", call.method, call.url);
        let documented = &operation["responses"][status.as_str()];
        assert!(
            documented.is_object(),
            "{} {} answered {status}, which openapi.yaml does not document",
            call.method,
            call.path
        );
        let pointer = format!(
            "#/paths/{}/{method_key}/responses/{}/content/application~1json/schema",
            call.path.replace('/', "~1"),
            status.as_str()
        );
        if documented["content"].is_object() {
            assert_valid(&doc, &pointer, &body, &format!("{} {}", call.method, call.url));
        } else {
            assert_eq!(body, Value::Null, "{} {} documents no body", call.method, call.path);
        }
        if call.path == "/auth/session" && call.method == Method::POST {
            token = body["token"].as_str().map(str::to_owned);
        }
        if call.path == "/appointments" && call.method == Method::POST {
            appointment_code = Some(body["code"].clone());
        }
        if call.path == "/downloads" {
            download_url = body["url"].as_str().map(str::to_owned);
        }
        served.insert(format!("{} {}", call.method, call.path));
    }
    served.extend(payment_scenario(&doc, &api).await);
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().expect("operations").keys().map(move |m| format!("{} {path}", m.to_ascii_uppercase()))
        })
        .collect();
    assert_eq!(served, documented, "the scenario must exercise every documented operation");
}

/// Error answers validate against the documented error responses too.
#[tokio::test]
async fn error_answers_match_their_documented_schemas() {
    let doc = openapi();
    let api = TestApi::new();
    let cases: Vec<(Method, &str, &str, Option<Value>, StatusCode)> = vec![
        (Method::POST, "/auth/sms-code", "/auth/sms-code", Some(json!({"account_no": 1})), StatusCode::BAD_REQUEST),
        (
            Method::POST,
            "/auth/sms-code",
            "/auth/sms-code",
            Some(json!({"account_no": "", "phone": "x"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Method::GET, "/me", "/me", None, StatusCode::UNAUTHORIZED),
        (Method::GET, "/demo/sms", "/demo/sms?phone=13900000000", None, StatusCode::NOT_FOUND),
        (Method::POST, "/auth/wechat", "/auth/wechat", Some(json!({"code": "spent"})), StatusCode::UNPROCESSABLE_ENTITY),
        (
            Method::GET,
            "/demo/wechat/authorize",
            "/demo/wechat/authorize?appid=wx1&redirect_uri=http%3A%2F%2Fevil.example%2F&response_type=code&scope=snsapi_base",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Method::GET, "/halls", "/halls?service=tea", None, StatusCode::UNPROCESSABLE_ENTITY),
        (Method::GET, "/halls/{hall_id}/dates", "/halls/9/dates?service=meter_check", None, StatusCode::NOT_FOUND),
        (
            Method::GET,
            "/halls/{hall_id}/dates",
            "/halls/2/dates?service=ev_charger",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::GET,
            "/halls/{hall_id}/slots",
            "/halls/9/slots?service=meter_check&date=2026-12-01",
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/halls/{hall_id}/slots",
            "/halls/1/slots?service=meter_check&date=2026-11-29",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Method::GET, "/appointments", "/appointments", None, StatusCode::UNAUTHORIZED),
        (Method::GET, "/ratings/pending", "/ratings/pending", None, StatusCode::UNAUTHORIZED),
        (Method::GET, "/ratings/reasons", "/ratings/reasons", None, StatusCode::UNPROCESSABLE_ENTITY),
        (
            Method::POST,
            "/demo/staff/check-in",
            "/demo/staff/check-in",
            Some(json!({"code": "ZZZZZZ"})),
            StatusCode::NOT_FOUND,
        ),
        (Method::POST, "/demo/staff/check-in", "/demo/staff/check-in", Some(json!({})), StatusCode::BAD_REQUEST),
        (Method::POST, "/demo/staff/call-next", "/demo/staff/call-next?hall_id=1", None, StatusCode::NOT_FOUND),
        (
            Method::POST,
            "/demo/staff/call-next",
            "/demo/staff/call-next?hall_id=x",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (method, path, url, body, expected) in cases {
        let (status, answer) = api.send(method.clone(), url, body, None).await;
        assert_eq!(status, expected, "{method} {url}: {answer}");
        let documented = &doc["paths"][path][method.as_str().to_ascii_lowercase()]["responses"][status.as_str()];
        assert!(documented.is_object(), "{method} {path} does not document {status}");
        assert_valid(&doc, "#/components/schemas/ErrorBody", &answer, &format!("{method} {url}"));
    }
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (li_bill, unpaid_bill) = (seeded_bill(&api, LI_PREPAID, true), seeded_bill(&api, ZHANG_HOME, false));
    let wrong_name = json!({"account_no": ZHAO_UNBOUND, "holder_name": "赵", "code": "123456"});
    let already_bound = json!({"account_no": ZHANG_HOME, "holder_name": "张伟明"});
    let signed_in_cases: Vec<(Method, &str, String, Option<Value>, StatusCode)> = vec![
        (
            Method::GET,
            "/accounts/{account_no}/overview",
            format!("/accounts/{LI_PREPAID}/overview"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/accounts/bindings",
            "/accounts/bindings".into(),
            Some(wrong_name),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/accounts/bindings/sms-code",
            "/accounts/bindings/sms-code".into(),
            Some(already_bound),
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/accounts/bindings",
            "/accounts/bindings".into(),
            Some(json!({"account_no": ZHAO_UNBOUND, "holder_name": ZHAO_HOLDER})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::DELETE,
            "/accounts/{account_no}/binding",
            format!("/accounts/{LI_PREPAID}/binding"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/notices",
            format!("/accounts/{LI_PREPAID}/notices"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/usage/monthly",
            format!("/accounts/{ZHANG_HOME}/usage/monthly?from=2026-13"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/usage/monthly",
            format!("/accounts/{LI_PREPAID}/usage/monthly"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/usage/daily",
            format!("/accounts/{ZHANG_HOME}/usage/daily?from=2026-01-01&to=2026-11-29"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/usage/daily",
            format!("/accounts/{LI_PREPAID}/usage/daily"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/tariff",
            format!("/accounts/{LI_PREPAID}/tariff"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/accounts/{account_no}/bills",
            format!("/accounts/{LI_PREPAID}/bills"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (Method::GET, "/bills/{bill_id}", format!("/bills/{li_bill}"), None, StatusCode::NOT_FOUND),
        (Method::GET, "/bills/{bill_id}", "/bills/abc".into(), None, StatusCode::UNPROCESSABLE_ENTITY),
        (
            Method::GET,
            "/bills/{bill_id}/invoice.pdf",
            format!("/bills/{unpaid_bill}/invoice.pdf"),
            None,
            StatusCode::CONFLICT,
        ),
        (
            Method::GET,
            "/bills/{bill_id}/invoice.pdf",
            format!("/bills/{li_bill}/invoice.pdf"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/bills/{bill_id}/invoice.pdf",
            "/bills/x/invoice.pdf".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    // Appointment refusals: a booking, a full slot and a locked one to refuse against.
    let booking = |account: &str, starts_at: &str| {
        json!({"account_no": account, "hall_id": 4, "service": "meter_check", "starts_at": starts_at,
               "contact_name": "张伟明", "contact_phone": ZHANG_PHONE})
    };
    let full = "2026-12-01T09:00:00+08:00";
    let first = next_id(&api, "appointments");
    for account in [ZHANG_HOME, ZHANG_PARENTS] {
        let (status, body) = api.send(Method::POST, "/appointments", Some(booking(account, full)), Some(&token)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, soon) = api
        .send(Method::POST, "/appointments", Some(booking(ZHANG_HOME, "2026-11-30T10:30:00+08:00")), Some(&token))
        .await;
    let soon = soon["id"].as_i64().expect("id");
    let appointment_cases: Vec<(Method, &str, String, Option<Value>, StatusCode)> = vec![
        (
            Method::POST,
            "/appointments",
            "/appointments".into(),
            Some(booking(ZHANG_HOME, "2026-12-02T09:00:00+08:00")),
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/appointments",
            "/appointments".into(),
            Some(booking(ZHANG_PARENTS, full)),
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/appointments",
            "/appointments".into(),
            Some(booking(LI_PREPAID, "2026-12-02T09:00:00+08:00")),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/appointments",
            "/appointments".into(),
            Some(booking(ZHANG_HOME, "2026-12-06T09:00:00+08:00")),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Method::POST, "/appointments", "/appointments".into(), Some(json!({"hall_id": 4})), StatusCode::BAD_REQUEST),
        (Method::GET, "/appointments/{appointment_id}", "/appointments/999".into(), None, StatusCode::NOT_FOUND),
        (
            Method::GET,
            "/appointments/{appointment_id}",
            "/appointments/x".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/appointments/{appointment_id}/cancel",
            format!("/appointments/{soon}/cancel"),
            None,
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/appointments/{appointment_id}/cancel",
            "/appointments/999/cancel".into(),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/appointments/{appointment_id}/reschedule",
            format!("/appointments/{soon}/reschedule"),
            Some(json!({"starts_at": full})),
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/appointments/{appointment_id}/reschedule",
            format!("/appointments/{first}/reschedule"),
            Some(json!({"starts_at": "2026-12-01T09:15:00+08:00"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/appointments/{appointment_id}/reschedule",
            "/appointments/999/reschedule".into(),
            Some(json!({"starts_at": full})),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/appointments/{appointment_id}/reschedule",
            format!("/appointments/{first}/reschedule"),
            Some(json!({})),
            StatusCode::BAD_REQUEST,
        ),
    ];
    // Rating refusals: a rated paid order (no follow-up) to refuse against.
    // A paid order of 张伟明's: ratings need one, not the payment flow.
    pay::insert_order(&api, "P20261130093000K7Q2M8", ZHANG_HOME, ZHANG_PHONE, "paid", 1800);
    let rated = json!({"kind": "payment", "transaction_id": "P20261130093000K7Q2M8", "level": "satisfied"});
    let (status, body) = api.send(Method::POST, "/ratings", Some(rated.clone()), Some(&token)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let rated_id = body["id"].as_i64().expect("id");
    let rating_cases: Vec<(Method, &str, String, Option<Value>, StatusCode)> = vec![
        (
            Method::GET,
            "/ratings/reasons",
            "/ratings/reasons?kind=parcel".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::GET,
            "/ratings/transactions/{kind}/{transaction_id}",
            format!("/ratings/transactions/visit/{soon}"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::GET,
            "/ratings/transactions/{kind}/{transaction_id}",
            "/ratings/transactions/payment/P20260000000000NOSUCH".into(),
            None,
            StatusCode::NOT_FOUND,
        ),
        (Method::POST, "/ratings", "/ratings".into(), Some(json!({"kind": "visit"})), StatusCode::BAD_REQUEST),
        (
            Method::POST,
            "/ratings",
            "/ratings".into(),
            Some(json!({"kind": "visit", "transaction_id": soon.to_string(), "level": "dissatisfied"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/ratings",
            "/ratings".into(),
            Some(json!({"kind": "visit", "transaction_id": soon.to_string(), "level": "satisfied"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/ratings",
            "/ratings".into(),
            Some(json!({"kind": "payment", "transaction_id": "P20260000000000NOSUCH", "level": "satisfied"})),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/ratings",
            "/ratings".into(),
            Some(json!({"kind": "payment", "transaction_id": "P20261130093000K7Q2M8", "level": "very_satisfied"})),
            StatusCode::CONFLICT,
        ),
        (Method::GET, "/ratings/{rating_id}", "/ratings/999999".into(), None, StatusCode::NOT_FOUND),
        (Method::GET, "/ratings/{rating_id}", "/ratings/x".into(), None, StatusCode::UNPROCESSABLE_ENTITY),
        (
            Method::POST,
            "/ratings/{rating_id}/verdict",
            format!("/ratings/{rated_id}/verdict"),
            Some(json!({"resolved": true})),
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/ratings/{rating_id}/verdict",
            "/ratings/999999/verdict".into(),
            Some(json!({"resolved": true})),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/ratings/{rating_id}/verdict",
            format!("/ratings/{rated_id}/verdict"),
            Some(json!({"resolved": false, "comment": "好".repeat(1001)})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/ratings/{rating_id}/verdict",
            format!("/ratings/{rated_id}/verdict"),
            Some(json!({})),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::POST,
            "/demo/ratings/{rating_id}/replies",
            format!("/demo/ratings/{rated_id}/replies"),
            Some(json!({"text": "您好"})),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            "/demo/ratings/{rating_id}/replies",
            format!("/demo/ratings/{rated_id}/replies"),
            Some(json!({"text": " "})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::POST,
            "/demo/ratings/{rating_id}/replies",
            format!("/demo/ratings/{rated_id}/replies"),
            Some(json!({})),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (method, path, url, body, expected) in signed_in_cases.into_iter().chain(appointment_cases).chain(rating_cases)
    {
        let (status, answer) = api.send(method.clone(), &url, body, Some(&token)).await;
        assert_eq!(status, expected, "{method} {url}: {answer}");
        let documented = &doc["paths"][path][method.as_str().to_ascii_lowercase()]["responses"][status.as_str()];
        assert!(documented.is_object(), "{method} {path} does not document {status}");
        assert_valid(&doc, "#/components/schemas/ErrorBody", &answer, &format!("{method} {url}"));
    }
}

/// Without a font, the invoice answers its documented 503.
#[tokio::test]
async fn an_invoice_without_a_font_answers_its_documented_error() {
    let doc = openapi();
    let api = TestApi::with_settings(refserver::Settings { demo: true, invoice_font: None, ..Default::default() });
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let url = format!("/bills/{}/invoice.pdf", seeded_bill(&api, ZHANG_HOME, true));
    let (status, answer) = api.get(&url, Some(&token)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    let documented = &doc["paths"]["/bills/{bill_id}/invoice.pdf"]["get"]["responses"][status.as_str()];
    assert!(documented.is_object(), "GET /bills/{{bill_id}}/invoice.pdf does not document {status}");
    assert_valid(&doc, "#/components/schemas/ErrorBody", &answer, &url);
}

/// The checks above can fail: the validator does resolve references and refuse bad values.
#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let doc = openapi();
    let health = validator(&doc, "#/components/schemas/Health");
    assert!(!health.is_valid(&json!({"status": "ok"})), "missing fields");
    assert!(
        !health.is_valid(&json!({"status": "fine", "version": "1", "now": "2026-11-30T10:00:00+08:00", "demo": false}))
    );
    let overview = validator(&doc, "#/components/schemas/Overview");
    let mut example = doc["components"]["schemas"]["Overview"]["examples"][0].clone();
    assert!(overview.is_valid(&example));
    example["arrears"] = json!(137.64);
    assert!(!overview.is_valid(&example), "money is integer fen, never a float");
    assert!(check_as_type("Overview", &json!({"account_no": "3210000001"})).is_err());
}

/// A live answer to a JSON operation: documented, and valid against its schema (or bodiless
/// when documented so). Answers the operation's tally name.
fn check_answer(doc: &Value, method: &Method, path: &str, status: StatusCode, body: &Value) -> String {
    assert!(status.is_success(), "{method} {path} answered {status}: {body}");
    let method_key = method.as_str().to_ascii_lowercase();
    let documented = &doc["paths"][path][&method_key]["responses"][status.as_str()];
    assert!(documented.is_object(), "{method} {path} answered {status}, which openapi.yaml does not document");
    if documented["content"].is_object() {
        let pointer = format!(
            "#/paths/{}/{method_key}/responses/{}/content/application~1json/schema",
            path.replace('/', "~1"),
            status.as_str()
        );
        assert_valid(doc, &pointer, body, &format!("{method} {path}"));
    } else {
        assert_eq!(body, &Value::Null, "{method} {path} documents no body");
    }
    format!("{method} {path}")
}

/// An error answer: documented for the operation, and an ErrorBody (JSON) or a page (HTML).
fn check_refusal(doc: &Value, method: &Method, path: &str, status: StatusCode, content_type: &str, body: &str) {
    let documented = &doc["paths"][path][method.as_str().to_ascii_lowercase()]["responses"][status.as_str()];
    assert!(documented.is_object(), "{method} {path} does not document {status}: {body}");
    if content_type.starts_with("text/html") {
        assert!(documented["content"]["text/html"].is_object(), "{method} {path} {status} is not documented as HTML");
        assert!(body.contains("lang=\"zh-CN\""), "{method} {path}: {body}");
    } else {
        let value: Value = serde_json::from_str(body).expect("JSON error body");
        assert_valid(doc, "#/components/schemas/ErrorBody", &value, &format!("{method} {path} {status}"));
    }
}

/// Sends `request` as built; the answer's status, content type and body text.
async fn send_raw(
    api: &TestApi,
    request: axum::http::Request<axum::body::Body>,
) -> (StatusCode, String, String, axum::http::HeaderMap) {
    let (status, headers, body) = pay::raw(api, request).await;
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, content_type, body, headers)
}

/// `POST /payments/orders` as the portal sends it, to the host of the yaml's examples.
fn order_request(token: Option<&str>, key: Option<&str>, body: &str) -> axum::http::Request<axum::body::Body> {
    let mut builder = axum::http::Request::post("/api/v1/payments/orders")
        .header("host", "127.0.0.1:8080")
        .header("content-type", "application/json");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    if let Some(key) = key {
        builder = builder.header("idempotency-key", key);
    }
    builder.body(axum::body::Body::from(body.to_owned())).expect("request")
}

fn paysim_request(method: Method, prepay_id: &str, form: Option<&str>) -> axum::http::Request<axum::body::Body> {
    let builder = axum::http::Request::builder().method(method).uri(format!("/api/v1/demo/paysim/{prepay_id}"));
    match form {
        Some(form) => builder
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(form.to_owned())),
        None => builder.body(axum::body::Body::empty()),
    }
    .expect("request")
}

fn notify_request(provider: &str, body: &str, signature: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(format!("/api/v1/payments/notify/{provider}"))
        .header("content-type", "application/json")
        .header("x-signature", signature)
        .body(axum::body::Body::from(body.to_owned()))
        .expect("request")
}

fn signed(api: &TestApi, provider: contract::Provider, body: &str) -> String {
    refserver::payments::sign::notify_signature(&api.state.settings.merchant, provider, body.as_bytes())
}

/// The payment flow, live, as 王建国 (postpaid, in arrears): the options, an order cancelled, the
/// yaml's example order paid at the simulated provider with notifications held back (so the status
/// query settles it), the provider's notification taken in, and the history. Answers the
/// operations it exercised.
async fn payment_scenario(doc: &Value, api: &TestApi) -> BTreeSet<String> {
    let mut served = BTreeSet::new();
    let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let (status, options) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payment-options"), Some(&token)).await;
    served.insert(check_answer(doc, &Method::GET, "/accounts/{account_no}/payment-options", status, &options));

    let mut example = request_example(doc, "/payments/orders", "post").expect("an example order");
    example["amount"] = options["default_amount"].clone();
    let mut qr = example.clone();
    qr["channel"] = json!("wechat_native");
    qr.as_object_mut().expect("object").remove("return_url");
    let (status, _, body, _) = send_raw(api, order_request(Some(&token), Some("contract-1"), &qr.to_string())).await;
    let first: Value = serde_json::from_str(&body).expect("JSON");
    served.insert(check_answer(doc, &Method::POST, "/payments/orders", status, &first));
    let cancel = format!("/payments/orders/{}/cancel", first["order_no"].as_str().expect("order_no"));
    let (status, cancelled) = api.send(Method::POST, &cancel, None, Some(&token)).await;
    served.insert(check_answer(doc, &Method::POST, "/payments/orders/{order_no}/cancel", status, &cancelled));

    let (status, _, body, _) =
        send_raw(api, order_request(Some(&token), Some("contract-2"), &example.to_string())).await;
    let order: Value = serde_json::from_str(&body).expect("JSON");
    served.insert(check_answer(doc, &Method::POST, "/payments/orders", status, &order));
    let order_no = order["order_no"].as_str().expect("order_no").to_owned();
    let prepay_id = pay::prepay_id(&order);
    let (status, pending) = api.get(&format!("/payments/orders/{order_no}"), Some(&token)).await;
    served.insert(check_answer(doc, &Method::GET, "/payments/orders/{order_no}", status, &pending));

    // The cashier page and the payer's choice answer HTML and a redirect: checked by type and headers.
    let (status, content_type, page, headers) = send_raw(api, paysim_request(Method::GET, &prepay_id, None)).await;
    let documented = &doc["paths"]["/demo/paysim/{prepay_id}"]["get"]["responses"][status.as_str()];
    assert!(status == StatusCode::OK && documented["content"]["text/html"].is_object(), "{status}: {page}");
    assert!(content_type.starts_with("text/html") && page.contains("支付宝"), "{content_type}: {page}");
    for name in documented["headers"].as_object().expect("documented headers").keys() {
        assert!(headers.contains_key(name.as_str()), "the cashier page lacks {name}");
    }
    served.insert("GET /demo/paysim/{prepay_id}".to_owned());
    let control = request_example(doc, "/demo/paysim/notifications", "put").filter(|v| !v.is_null());
    let (status, held) = api.send(Method::PUT, "/demo/paysim/notifications", control, None).await;
    served.insert(check_answer(doc, &Method::PUT, "/demo/paysim/notifications", status, &held));
    let (status, _, _, headers) = send_raw(api, paysim_request(Method::POST, &prepay_id, Some("outcome=paid"))).await;
    let documented = &doc["paths"]["/demo/paysim/{prepay_id}"]["post"]["responses"][status.as_str()];
    assert!(
        status == StatusCode::SEE_OTHER && documented.is_object(),
        "POST /demo/paysim/{{prepay_id}} answered {status}"
    );
    for name in documented["headers"].as_object().expect("documented headers").keys() {
        assert!(headers.contains_key(name.as_str()), "the redirect lacks {name}");
    }
    assert_eq!(headers["location"], example["return_url"].as_str().expect("return_url"));
    served.insert("POST /demo/paysim/{prepay_id}".to_owned());
    let (status, outbox) = api.get("/demo/paysim/notifications", None).await;
    served.insert(check_answer(doc, &Method::GET, "/demo/paysim/notifications", status, &outbox));

    let (status, paid) = api.get(&format!("/payments/orders/{order_no}"), Some(&token)).await;
    check_answer(doc, &Method::GET, "/payments/orders/{order_no}", status, &paid);
    assert_eq!(paid["status"], "paid", "settled by the status query alone");
    let notification = pay::queued_notification(api, &order_no);
    let signature = signed(api, contract::Provider::Alipay, &notification);
    let (status, _, body, _) = send_raw(api, notify_request("alipay", &notification, &signature)).await;
    let ack: Value = serde_json::from_str(&body).expect("JSON");
    served.insert(check_answer(doc, &Method::POST, "/payments/notify/{provider}", status, &ack));
    // A notification of another amount is acknowledged and recorded as a discrepancy.
    let mut short: Value = serde_json::from_str(&notification).expect("JSON");
    short["notify_id"] = json!("contract-short-1");
    short["amount"] = json!(1);
    let short = short.to_string();
    let signature = signed(api, contract::Provider::Alipay, &short);
    let (status, _, body, _) = send_raw(api, notify_request("alipay", &short, &signature)).await;
    check_answer(
        doc,
        &Method::POST,
        "/payments/notify/{provider}",
        status,
        &serde_json::from_str(&body).expect("JSON"),
    );
    let (status, recorded) = api.get("/demo/paysim/discrepancies", None).await;
    assert_eq!(recorded.as_array().map(Vec::len), Some(1), "{recorded}");
    served.insert(check_answer(doc, &Method::GET, "/demo/paysim/discrepancies", status, &recorded));
    let (status, history) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payments"), Some(&token)).await;
    served.insert(check_answer(doc, &Method::GET, "/accounts/{account_no}/payments", status, &history));
    served
}

/// Payment refusals answer their documented errors: ErrorBody for the API, pages for the cashier.
#[tokio::test]
async fn payment_errors_match_their_documented_schemas() {
    let doc = openapi();
    let api = TestApi::new();
    let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let (_, options) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payment-options"), Some(&token)).await;
    let owed = options["default_amount"].as_i64().expect("owed");
    let order = |amount: i64, channel: &str| {
        json!({"account_no": WANG_ACCOUNT, "amount": amount, "channel": channel,
               "return_url": "http://127.0.0.1:8080/?from=pay#/pay/result"})
        .to_string()
    };
    let orders = "/payments/orders";
    api.state.paysim.fail_next_unified_orders(1);
    let creates: Vec<(Option<&str>, Option<&str>, String, StatusCode)> = vec![
        (Some(&token), Some("k0"), order(owed, "alipay"), StatusCode::SERVICE_UNAVAILABLE),
        (Some(&token), None, order(owed, "alipay"), StatusCode::UNPROCESSABLE_ENTITY),
        (Some(&token), Some("k1"), "{\"amount\": 1".to_owned(), StatusCode::BAD_REQUEST),
        (None, Some("k1"), order(owed, "alipay"), StatusCode::UNAUTHORIZED),
        (Some(&token), Some("k2"), order(owed - 1, "alipay"), StatusCode::UNPROCESSABLE_ENTITY),
        (Some(&token), Some("k2"), order(owed, "alipay"), StatusCode::UNPROCESSABLE_ENTITY),
        (
            Some(&token),
            Some("k3"),
            order(owed, "alipay").replace("127.0.0.1:8080", "evil.example"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Some(&token), Some("k4"), order(owed, "alipay").replace(WANG_ACCOUNT, "3219999999"), StatusCode::NOT_FOUND),
        (Some(&token), Some("k5"), order(owed, "unionpay"), StatusCode::CREATED),
        (Some(&token), Some("k6"), order(owed, "alipay"), StatusCode::CONFLICT),
    ];
    let mut created = Value::Null;
    for (who, key, body, expected) in creates {
        let (status, content_type, answer, _) = send_raw(&api, order_request(who, key, &body)).await;
        assert_eq!(status, expected, "{key:?} {body}: {answer}");
        if status == StatusCode::CREATED {
            created = serde_json::from_str(&answer).expect("JSON");
            continue;
        }
        check_refusal(&doc, &Method::POST, orders, status, &content_type, &answer);
    }
    let order_no = created["order_no"].as_str().expect("order_no").to_owned();
    let prepay_id = pay::prepay_id(&created);
    let (status, _) = api.send(Method::POST, &format!("/payments/orders/{order_no}/cancel"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);

    let get_order = "/payments/orders/{order_no}";
    let cancel = "/payments/orders/{order_no}/cancel";
    let options_path = "/accounts/{account_no}/payment-options";
    let history = "/accounts/{account_no}/payments";
    let calls: Vec<(Method, &str, String, Option<&str>, StatusCode)> = vec![
        (Method::GET, get_order, "/payments/orders/x".into(), Some(&token), StatusCode::UNPROCESSABLE_ENTITY),
        (Method::GET, get_order, "/payments/orders/P20261130100000ZZZZZZ".into(), Some(&token), StatusCode::NOT_FOUND),
        (Method::GET, get_order, format!("/payments/orders/{order_no}"), None, StatusCode::UNAUTHORIZED),
        (Method::POST, cancel, format!("/payments/orders/{order_no}/cancel"), Some(&token), StatusCode::CONFLICT),
        (
            Method::POST,
            cancel,
            "/payments/orders/P20261130100000ZZZZZZ/cancel".into(),
            Some(&token),
            StatusCode::NOT_FOUND,
        ),
        (Method::POST, cancel, "/payments/orders/x/cancel".into(), Some(&token), StatusCode::UNPROCESSABLE_ENTITY),
        (Method::POST, cancel, format!("/payments/orders/{order_no}/cancel"), None, StatusCode::UNAUTHORIZED),
        (
            Method::GET,
            options_path,
            format!("/accounts/{ZHANG_HOME}/payment-options"),
            Some(&token),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            options_path,
            "/accounts/1/payment-options".into(),
            Some(&token),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Method::GET,
            options_path,
            format!("/accounts/{WANG_ACCOUNT}/payment-options"),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        (Method::GET, history, format!("/accounts/{ZHANG_HOME}/payments"), Some(&token), StatusCode::NOT_FOUND),
        (Method::GET, history, "/accounts/1/payments".into(), Some(&token), StatusCode::UNPROCESSABLE_ENTITY),
        (Method::GET, history, format!("/accounts/{WANG_ACCOUNT}/payments"), None, StatusCode::UNAUTHORIZED),
    ];
    for (method, path, url, who, expected) in calls {
        let (status, answer) = api.send(method.clone(), &url, None, who).await;
        assert_eq!(status, expected, "{method} {url}: {answer}");
        check_refusal(&doc, &method, path, status, "application/json", &answer.to_string());
    }

    // Notifications: an unknown provider, a bad signature, a signed non-notification.
    let notify = "/payments/notify/{provider}";
    let good = json!({"notify_id": "n1", "order_no": order_no, "provider_txn": "UP1", "outcome": "paid",
                      "amount": owed, "at": "2026-11-30T10:01:00+08:00"})
    .to_string();
    let notifications = vec![
        ("paypal", good.clone(), "00".repeat(32), StatusCode::NOT_FOUND),
        ("unionpay", good.clone(), signed(&api, contract::Provider::Alipay, &good), StatusCode::UNAUTHORIZED),
        ("unionpay", "{}".to_owned(), signed(&api, contract::Provider::Unionpay, "{}"), StatusCode::BAD_REQUEST),
    ];
    for (provider, body, signature, expected) in notifications {
        let (status, content_type, answer, _) = send_raw(&api, notify_request(provider, &body, &signature)).await;
        assert_eq!(status, expected, "{provider} {body}: {answer}");
        check_refusal(&doc, &Method::POST, notify, status, &content_type, &answer);
    }
    let (status, answer) = api.send(Method::PUT, "/demo/paysim/notifications", Some(json!({})), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    check_refusal(&doc, &Method::PUT, "/demo/paysim/notifications", status, "application/json", &answer.to_string());

    // The cashier: an unknown order, a cancelled one, and a choice that is not one.
    let cashier = "/demo/paysim/{prepay_id}";
    let pages = vec![
        (Method::GET, "ali0000".to_owned(), None, StatusCode::NOT_FOUND),
        (Method::POST, "ali0000".to_owned(), Some("outcome=paid"), StatusCode::NOT_FOUND),
        (Method::POST, prepay_id.clone(), Some("outcome=paid"), StatusCode::CONFLICT),
        (Method::POST, prepay_id, Some("outcome=refund"), StatusCode::UNPROCESSABLE_ENTITY),
    ];
    for (method, id, form, expected) in pages {
        let (status, content_type, page, _) = send_raw(&api, paysim_request(method.clone(), &id, form)).await;
        assert_eq!(status, expected, "{method} {id} {form:?}: {page}");
        check_refusal(&doc, &method, cashier, status, &content_type, &page);
    }
}

/// The patterns of `api/openapi.yaml` say exactly what the server's parsers take: on the edge
/// cases, and on many strings made near a valid one (characters inserted, removed or swapped)
/// and at random, from the characters the rules are about (every kind of white space, control
/// characters, `-`, `+`, digits in and out of ASCII, letters, CJK).
#[test]
fn patterns_accept_exactly_what_the_parsers_take() {
    use contract::rating::{check_staff_no, check_text};
    use contract::*;
    let doc = openapi();
    type Parser = fn(&str) -> bool;
    let rating_id_ok: Parser = |s| {
        let request = RatingRequest {
            kind: TransactionKind::Payment,
            transaction_id: s.to_owned(),
            level: RatingLevel::Satisfied,
            dimensions: Vec::new(),
            reasons: Vec::new(),
            reason_text: String::new(),
            comment: String::new(),
            staff_no: None,
        };
        request.parse().map_or_else(|errors| errors.iter().all(|e| e.field != "transaction_id"), |_| true)
    };
    let rules: Vec<(&str, &str, Parser)> = vec![
        ("#/components/schemas/TypedAccountNo", "3210000001", |s| AccountNo::parse(s).is_ok()),
        ("#/components/schemas/TypedPhone", "+86 138-0000-0001", |s| Phone::parse(s).is_ok()),
        ("#/components/schemas/TypedPhone", "008613800000001", |s| Phone::parse(s).is_ok()),
        ("#/components/schemas/TypedSmsCode", "123456", |s| SmsCode::parse(s).is_ok()),
        ("#/components/schemas/TypedName", " 赵丽华 ", |s| HolderName::parse(s).is_ok()),
        (
            "#/components/schemas/TypedName",
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
            |s| HolderName::parse(s).is_ok(),
        ),
        ("#/components/schemas/AccountNo", "3210000001", |s| refserver::extract::account_no(s).is_ok()),
        ("#/components/schemas/YearMonth", "2026-10", |s| YearMonth::parse(s).is_ok()),
        ("#/components/schemas/ServiceCode", "meter_check", |s| ServiceCode::parse(s).is_ok()),
        ("#/components/schemas/ReasonCode", "long_wait", |s| ReasonCode::parse(s).is_ok()),
        ("#/components/schemas/OrderNo", "P20261130100000A7K2QX", |s| OrderNo::parse(s).is_ok()),
        ("#/components/schemas/RatingRequest/properties/transaction_id", " P2026113010 ", rating_id_ok),
        ("#/components/schemas/RatingRequest/properties/staff_no", "3号窗口-Ａ７", |s| check_staff_no(s).is_ok()),
        ("#/components/schemas/RatingRequest/properties/reason_text", "等了\t很久\n", |s| {
            check_text("reason_text", s, 200).is_ok()
        }),
        ("#/components/schemas/RatingRequest/properties/comment", " 好 ", |s| check_text("comment", s, 500).is_ok()),
        ("#/components/schemas/VerdictRequest/properties/comment", "还是\r\n不行", |s| {
            check_text("comment", s, 1000).is_ok()
        }),
        ("#/components/schemas/OperatorReply/properties/text", "您好", |s| {
            check_text("text", s, 1000).is_ok_and(|t| !t.is_empty())
        }),
        ("#/components/schemas/WechatSignInRequest/properties/code", "0a1b2c", |s| !s.trim().is_empty()),
        ("#/paths/~1demo~1staff~1call-next/post/parameters/1/schema", "3号窗口", |s| {
            check_text("window", s, 16).is_ok()
        }),
    ];
    // Every kind of white space Rust's `trim` knows, some it does not (U+001C, U+FEFF), controls
    // (NUL, VT, NEL, DEL), the separators and signs numbers are typed with, and letters and digits
    // of other scripts.
    let alphabet: Vec<char> = "0123456789 -+aZ_号窗张\t\n\r\u{b}\u{c}\u{0}\u{7f}\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1c}\u{feff}\u{200b}３Ａé٣"
        .chars()
        .collect();
    let mut seed: u64 = 0x2026_1130;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    let mut problems = Vec::new();
    for (pointer, valid, parses) in &rules {
        let pattern = validator(&doc, pointer);
        let mut tried: Vec<String> = vec![String::new(), valid.to_string()];
        // Lengths at the limits: the valid text repeated, and with white space around.
        for n in [2, 3, 16, 17, 30, 31] {
            tried.push(valid.repeat(n));
            tried.push(format!("\u{3000}{}\n", valid.repeat(n)));
        }
        for max in [16, 200, 500, 1000] {
            for n in [max - 1, max, max + 1] {
                tried.push("好".repeat(n));
                tried.push(format!(" {} ", "a".repeat(n)));
                tried.push(format!("a{}b", "\n".repeat(n.saturating_sub(2))));
            }
        }
        for _ in 0..3000 {
            let mut text: Vec<char> = if next(4) == 0 {
                (0..next(14)).map(|_| alphabet[next(alphabet.len())]).collect()
            } else {
                valid.chars().collect()
            };
            for _ in 0..=next(3) {
                match next(3) {
                    0 => text.insert(next(text.len() + 1), alphabet[next(alphabet.len())]),
                    1 if !text.is_empty() => drop(text.remove(next(text.len()))),
                    _ if !text.is_empty() => {
                        let at = next(text.len());
                        text[at] = alphabet[next(alphabet.len())];
                    }
                    _ => {}
                }
            }
            tried.push(text.into_iter().collect());
        }
        for text in &tried {
            let by_schema = pattern.is_valid(&json!(text));
            if by_schema != parses(text) {
                problems.push(format!(
                    "{pointer}: {text:?} is {} by the schema",
                    if by_schema { "valid" } else { "invalid" }
                ));
            }
        }
    }
    problems.truncate(40);
    assert!(problems.is_empty(), "the schema and the parser disagree:\n{}", problems.join("\n"));
}

/// Where the server used to be looser than the contract, it now refuses what the contract
/// forbids (the contract gate, scripts/schemathesis.sh, found these), and takes every spelling
/// of what it allows.
#[tokio::test]
async fn the_server_refuses_what_the_contract_forbids_and_takes_what_it_allows() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let bill = seeded_bill(&api, ZHANG_HOME, true);
    let authorize = "/demo/wechat/authorize?appid=wx1&response_type=code&scope=snsapi_base";
    let portal = "redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F";
    let cases: Vec<(Method, String, Option<Value>, StatusCode, &str)> = vec![
        // Query parameters are taken as sent: blank is not left out, and nothing is trimmed.
        (Method::GET, "/halls?service=".into(), None, StatusCode::UNPROCESSABLE_ENTITY, "invalid_format"),
        (
            Method::GET,
            format!("/accounts/{ZHANG_HOME}/usage/monthly?from="),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (
            Method::GET,
            format!("/accounts/{ZHANG_HOME}/usage/daily?to=%202026-11-01"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (
            Method::GET,
            "/ratings/reasons?kind=%20visit".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (
            Method::GET,
            "/halls/1/slots?service=meter_check&date=".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (
            Method::POST,
            "/demo/staff/call-next?hall_id=%201".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (
            Method::GET,
            format!("{authorize}&{portal}&state=a-b"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (
            Method::GET,
            format!("{authorize}&{portal}&scope=%20snsapi_base"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        // A well-formed address that is not the portal's is outside what the settings allow.
        (
            Method::GET,
            format!("{authorize}&redirect_uri=http%3A%2F%2Fevil.example%2F"),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
        ),
        // Path identifiers have one spelling: the account's 10 digits, ids without leading zeros.
        (
            Method::GET,
            "/accounts/3210-000001/overview".into(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_format",
        ),
        (Method::GET, format!("/bills/0{bill}"), None, StatusCode::UNPROCESSABLE_ENTITY, "invalid_format"),
        (Method::GET, "/appointments/0".into(), None, StatusCode::UNPROCESSABLE_ENTITY, "invalid_format"),
        // Fault rules are HTTP statuses and counts of at least one; whole numbers in any spelling.
        (
            Method::PUT,
            "/demo/faults".into(),
            Some(json!([{"path_prefix": "/x", "status": 700}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
        ),
        (
            Method::PUT,
            "/demo/faults".into(),
            Some(json!([{"path_prefix": "/x", "times": 0}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
        ),
        (
            Method::PUT,
            "/demo/faults".into(),
            Some(json!([{"path_prefix": "/x", "status": 503.0, "times": 2.0, "latency_ms": 0.0}])),
            StatusCode::NO_CONTENT,
            "",
        ),
        (
            Method::PUT,
            "/demo/faults".into(),
            Some(json!([{"path_prefix": "/x", "times": 2.5}])),
            StatusCode::BAD_REQUEST,
            "",
        ),
        // Unknown properties are ignored, here as in every request body.
        (
            Method::PUT,
            "/demo/paysim/notifications".into(),
            Some(json!({"paused": false, "note": "x"})),
            StatusCode::NO_CONTENT,
            "",
        ),
    ];
    for (method, url, body, expected, field_code) in cases {
        let (status, answer) = api.send(method.clone(), &url, body, Some(&token)).await;
        assert_eq!(status, expected, "{method} {url}: {answer}");
        if !field_code.is_empty() {
            assert_eq!(answer["fields"][0]["code"], field_code, "{method} {url}: {answer}");
        }
    }
    api.send(Method::DELETE, "/demo/faults", None, None).await;
    // A booking's hall and a payment's amount are JSON Schema integers: `1.0` is `1`.
    let (status, answer) = api
        .send(
            Method::POST,
            "/appointments",
            Some(json!({"account_no": ZHANG_HOME, "hall_id": 1.0, "service": "meter_check",
                        "starts_at": "2026-12-01T09:00:00+08:00", "contact_name": "张伟明", "contact_phone": ZHANG_PHONE})),
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["hall_id"], 1);
    // Instants are written with `T` and `Z` (or an offset), as the contract's pattern says.
    let (status, answer) = api
        .send(
            Method::POST,
            &format!("/appointments/{}/reschedule", answer["id"]),
            Some(json!({"starts_at": "2026-12-01t10:00:00z"})),
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}
