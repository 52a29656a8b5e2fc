//! Typed functions per resource of the utility API.

use contract::{
    AccountNo, AccountSummary, Appointment, AppointmentId, BillDetail, BillId, BillSummary, BindCodeRequest,
    BindRequest, BookingRequest, CreateOrderRequest, DailyUsage, Date, DaySlots, DownloadLink, DownloadRequest,
    Guidance, Hall, HallId, Health, Me, MonthlyUsage, OpenDates, Order, OrderNo, OutageNotice, OutcomeRequest,
    Overview, Payee, PaymentOptions, Rating, RatingId, RatingRequest, Reason, RescheduleRequest, Service, ServiceCode,
    Session, SessionInfo, SessionRequest, SmsCodeRequest, SmsCodeSent, TariffInfo, Timestamp, Transaction,
    TransactionKind, VerdictRequest, WechatLink, WechatSignIn, WechatSignInRequest,
};

use super::{Api, ApiError, Method};

impl Api {
    pub async fn health(&self) -> Result<Health, ApiError> {
        self.get("/health").await
    }

    pub async fn send_sms_code(&self, request: &SmsCodeRequest) -> Result<SmsCodeSent, ApiError> {
        self.post("/auth/sms-code", request, None).await
    }

    pub async fn sign_in(&self, request: &SessionRequest) -> Result<Session, ApiError> {
        self.post("/auth/session", request, None).await
    }

    pub async fn wechat_sign_in(&self, code: &str) -> Result<WechatSignIn, ApiError> {
        self.post("/auth/wechat", &WechatSignInRequest { code: code.to_owned() }, None).await
    }

    /// Whether the customer's WeChat signs them in by itself.
    pub async fn wechat_link(&self) -> Result<WechatLink, ApiError> {
        self.get("/auth/wechat").await
    }

    pub async fn unlink_wechat(&self) -> Result<(), ApiError> {
        self.delete("/auth/wechat").await
    }

    /// Asking about the session keeps it alive ("stay signed in").
    pub async fn session_info(&self) -> Result<SessionInfo, ApiError> {
        self.get("/auth/session").await
    }

    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.delete("/auth/session").await
    }

    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get("/me").await
    }

    pub async fn overview(&self, account: &AccountNo) -> Result<Overview, ApiError> {
        self.get(&format!("/accounts/{account}/overview")).await
    }

    pub async fn notices(&self, account: &AccountNo) -> Result<Vec<OutageNotice>, ApiError> {
        self.get(&format!("/accounts/{account}/notices")).await
    }

    /// Sends a code to the account's registered phone once the holder's name matches.
    pub async fn send_binding_code(&self, request: &BindCodeRequest) -> Result<SmsCodeSent, ApiError> {
        self.post("/accounts/bindings/sms-code", request, None).await
    }

    /// Binds with the code; `key` was made at the press, like every change below.
    pub async fn bind_account(&self, request: &BindRequest, key: &str) -> Result<AccountSummary, ApiError> {
        self.post("/accounts/bindings", request, Some(key)).await
    }

    pub async fn unbind_account(&self, account: &AccountNo) -> Result<(), ApiError> {
        self.delete(&format!("/accounts/{account}/binding")).await
    }

    /// The default range: the last 24 months.
    pub async fn monthly_usage(&self, account: &AccountNo) -> Result<MonthlyUsage, ApiError> {
        self.get(&format!("/accounts/{account}/usage/monthly")).await
    }

    /// The default range: the last 90 days.
    pub async fn daily_usage(&self, account: &AccountNo) -> Result<DailyUsage, ApiError> {
        self.get(&format!("/accounts/{account}/usage/daily")).await
    }

    pub async fn tariff(&self, account: &AccountNo) -> Result<TariffInfo, ApiError> {
        self.get(&format!("/accounts/{account}/tariff")).await
    }

    pub async fn bills(&self, account: &AccountNo) -> Result<Vec<BillSummary>, ApiError> {
        self.get(&format!("/accounts/{account}/bills")).await
    }

    pub async fn bill(&self, id: BillId) -> Result<BillDetail, ApiError> {
        self.get(&format!("/bills/{id}")).await
    }

    pub async fn invoice(&self, id: BillId) -> Result<web_sys::Blob, ApiError> {
        self.get_blob(&format!("/bills/{id}/invoice.pdf")).await
    }

    /// A short-lived signed link to a file the customer may have, for a webview that
    /// cannot save what the page makes (WeChat's).
    pub async fn download_link(&self, request: &DownloadRequest) -> Result<DownloadLink, ApiError> {
        self.post("/downloads", request, None).await
    }

    pub async fn services(&self) -> Result<Vec<Service>, ApiError> {
        self.get("/services").await
    }

    /// Each need with its one answer ("can I do this online?").
    pub async fn guidance(&self) -> Result<Vec<Guidance>, ApiError> {
        self.get("/guidance").await
    }

    /// How a need ended; answered 204, with no body.
    pub async fn tell_outcome(&self, request: &OutcomeRequest) -> Result<(), ApiError> {
        let body = serde_json::to_string(request).map_err(|_| ApiError::Server)?;
        self.call(Method::Post, "/guidance/outcomes", Some(body), None).await.map(drop)
    }

    pub async fn halls(&self, service: Option<&ServiceCode>) -> Result<Vec<Hall>, ApiError> {
        match service {
            Some(code) => self.get(&format!("/halls?service={code}")).await,
            None => self.get("/halls").await,
        }
    }

    pub async fn open_dates(&self, hall: HallId, service: &ServiceCode) -> Result<OpenDates, ApiError> {
        self.get(&format!("/halls/{hall}/dates?service={service}")).await
    }

    pub async fn slots(&self, hall: HallId, service: &ServiceCode, date: Date) -> Result<DaySlots, ApiError> {
        self.get(&format!("/halls/{hall}/slots?service={service}&date={date}")).await
    }

    pub async fn book(&self, request: &BookingRequest, key: &str) -> Result<Appointment, ApiError> {
        self.post("/appointments", request, Some(key)).await
    }

    pub async fn appointments(&self) -> Result<Vec<Appointment>, ApiError> {
        self.get("/appointments").await
    }

    pub async fn appointment(&self, id: AppointmentId) -> Result<Appointment, ApiError> {
        self.get(&format!("/appointments/{id}")).await
    }

    pub async fn cancel_appointment(&self, id: AppointmentId, key: &str) -> Result<Appointment, ApiError> {
        self.post(&format!("/appointments/{id}/cancel"), &(), Some(key)).await
    }

    pub async fn reschedule(
        &self,
        id: AppointmentId,
        starts_at: Timestamp,
        key: &str,
    ) -> Result<Appointment, ApiError> {
        self.post(&format!("/appointments/{id}/reschedule"), &RescheduleRequest { starts_at }, Some(key)).await
    }

    pub async fn payment_options(&self, account: &AccountNo) -> Result<PaymentOptions, ApiError> {
        self.get(&format!("/accounts/{account}/payment-options")).await
    }

    /// Creates a payment order. `key` was made when the customer pressed Pay: a repeat
    /// with the same key and body answers the same order, never a second one.
    pub async fn create_order(&self, request: &CreateOrderRequest, key: &str) -> Result<Order, ApiError> {
        self.post("/payments/orders", request, Some(key)).await
    }

    pub async fn order(&self, order: &OrderNo) -> Result<Order, ApiError> {
        self.get(&format!("/payments/orders/{order}")).await
    }

    pub async fn cancel_order(&self, order: &OrderNo) -> Result<Order, ApiError> {
        self.post(&format!("/payments/orders/{order}/cancel"), &(), None).await
    }

    pub async fn payments(&self, account: &AccountNo) -> Result<Vec<Order>, ApiError> {
        self.get(&format!("/accounts/{account}/payments")).await
    }

    /// What paying for anyone's open account needs (代缴); unknown and closed alike are 404.
    pub async fn payee(&self, account: &AccountNo) -> Result<Payee, ApiError> {
        self.get(&format!("/payees/{account}")).await
    }

    /// The orders this customer made for accounts not bound to them.
    pub async fn payments_for_others(&self) -> Result<Vec<Order>, ApiError> {
        self.get("/payments/for-others").await
    }

    pub async fn rating_reasons(&self, kind: TransactionKind) -> Result<Vec<Reason>, ApiError> {
        self.get(&format!("/ratings/reasons?kind={}", kind.as_str())).await
    }

    /// Past transactions not rated yet (the "to rate" list).
    pub async fn to_rate(&self) -> Result<Vec<Transaction>, ApiError> {
        self.get("/ratings/pending").await
    }

    pub async fn transaction(&self, kind: TransactionKind, id: &str) -> Result<Transaction, ApiError> {
        self.get(&format!("/ratings/transactions/{}/{id}", kind.as_str())).await
    }

    /// One rating per transaction: a repeat of the same rating answers the stored one.
    pub async fn rate(&self, request: &RatingRequest, key: &str) -> Result<Rating, ApiError> {
        self.post("/ratings", request, Some(key)).await
    }

    pub async fn ratings(&self) -> Result<Vec<Rating>, ApiError> {
        self.get("/ratings").await
    }

    pub async fn rating(&self, id: RatingId) -> Result<Rating, ApiError> {
        self.get(&format!("/ratings/{id}")).await
    }

    pub async fn verdict(&self, id: RatingId, request: &VerdictRequest, key: &str) -> Result<Rating, ApiError> {
        self.post(&format!("/ratings/{id}/verdict"), request, Some(key)).await
    }
}
