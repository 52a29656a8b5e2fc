//! The contract of the utility API: the serde types of every resource, the one
//! error body, and the newtypes (account number, phone, money in fen) that both
//! the portal and the reference server parse into. No yew, no axum: this crate
//! builds for wasm32 and native alike.

pub mod account;
pub mod auth;
pub mod download;
pub mod error;
pub mod forecast;
pub mod guidance;
pub mod halls;
pub mod health;
pub mod ics;
pub mod ids;
pub mod money;
pub mod names;
pub mod number;
pub mod payment;
pub mod rating;
pub mod table;
pub mod tariff;
pub mod time;
pub mod usage;

pub use account::{
    AccountKind, AccountSummary, BillStatus, BindCodeRequest, BindRequest, HolderName, LastBill, Me, NextVisit,
    OpenOrder, OutageKind, OutageNotice, Overview, Payee,
};
pub use auth::{
    DemoSms, Session, SessionInfo, SessionRequest, SmsCodeRequest, SmsCodeSent, WechatLink, WechatSignIn,
    WechatSignInRequest,
};
pub use download::{DownloadLink, DownloadOf, DownloadRequest, Language, UsageChart};
pub use error::{ApiErrorBody, ErrorCode, FieldCode, FieldError};
pub use guidance::{
    Answer, Channel, Guidance, GuidanceCounts, NeedCode, NeedCounts, OnlineAnswer, OtherWayAnswer, Outcome,
    OutcomeRequest, PortalPath, VisitAnswer,
};
pub use halls::{
    Appointment, AppointmentId, AppointmentStatus, Booking, BookingRequest, CheckInRequest, Closure, DayHours,
    DaySlots, Hall, HallId, Localized, OpenDates, QueueTicket, RescheduleRequest, Satisfaction, Service, ServiceCode,
    Slot,
};
pub use health::{Health, HealthStatus};
pub use ids::{AccountNo, Phone, SessionToken, SmsCode};
pub use money::{Fen, Wh};
pub use payment::{
    CreateOrderRequest, JsapiParams, NotificationAck, Order, OrderNo, OrderPurpose, OrderStatus, PayAction, PayChannel,
    PaymentNotification, PaymentOptions, Provider, ProviderOutcome,
};
pub use rating::{
    Dimension, DimensionRating, FollowUp, FollowUpStatus, OperatorReply, Rating, RatingId, RatingLevel, RatingRequest,
    Reason, ReasonCode, Reply, ReplyAuthor, Transaction, TransactionKind, VerdictRequest,
};
pub use time::{Date, Timestamp, YearMonth};
pub use usage::{BillDetail, BillId, BillSummary, DailyUsage, DayUsage, MonthUsage, MonthlyUsage, TariffInfo};

/// The path prefix every endpoint of the contract lives under.
pub const API_PREFIX: &str = "/api/v1";
