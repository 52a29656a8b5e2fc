//! All user-facing text. Every key is translated in each language by an
//! exhaustive `match`, so a missing translation does not compile; tests check
//! that none is empty or left untranslated.

/// Declares one area's texts: keys with their Chinese and English side by side. An
/// area's texts are their own type, so they travel in that area's piece of the app
/// (src/pieces.rs) instead of the first download.
macro_rules! area_texts {
    ($name:ident { $($key:ident => ($zh:expr, $en:expr)),* $(,)? }) => {
        /// A text of one area's pages, by meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($key),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key),*];
        }

        impl super::Texts for $name {
            fn text(self, lang: super::Lang) -> &'static str {
                match lang {
                    super::Lang::Zh => match self { $($name::$key => $zh),* },
                    super::Lang::En => match self { $($name::$key => $en),* },
                }
            }
        }
    };
}

mod account;
mod download;
mod en;
mod halls;
mod home;
mod pay;
mod ratings;
mod shared;
mod usage;
mod zh;

pub use account::AccountText;
pub use download::DownloadText;
pub use halls::HallsText;
pub use home::HomeText;
pub use pay::PayText;
pub use ratings::RatingsText;
pub use shared::SharedText;
pub use usage::UsageText;

use contract::{Fen, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language a file the server writes (CSV, calendar) is asked in.
    pub fn language(self) -> contract::Language {
        match self {
            Lang::Zh => contract::Language::Zh,
            Lang::En => contract::Language::En,
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Chinese unless the browser prefers English.
    pub fn from_browser(language: Option<&str>) -> Lang {
        match language {
            Some(l) if l.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        /// A user-facing text, by meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text { $($key),* }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$key),*];
        }
    };
}

keys! {
    Loading,
    HotlineLabel,
    SkipToContent,
    SwitchToOtherLang,
    SwitchToOtherLangLabel,
    CareModeOn,
    CareModeOff,
    CareModeLabel,
    TitleHome,
    TitleSignIn,
    TitleUsage,
    TitleBills,
    TitlePay,
    TitleHalls,
    TitleGuidance,
    TitleRatings,
    TitleSettings,
    TitleAccounts,
    TitleHealth,
    TitlePrivacy,
    ConsentSignIn,
    Retry,
    PieceMissing,
    ConfigProblemTitle,
    ConfigProblemBody,
    ErrorNetwork,
    ErrorTimeout,
    ErrorUnauthorized,
    ErrorNotFound,
    ErrorConflict,
    ErrorValidation,
    ErrorRateLimited,
    WaitOneSecond,
    WaitSeconds,
    WaitOneMinute,
    WaitMinutes,
    WaitHours,
    ErrorRefused,
    ErrorServer,
    NotFoundTitle,
    ErrorSummaryTitle,
    SignInIntro,
    AccountNoLabel,
    AccountNoHint,
    PhoneLabel,
    PhoneHint,
    SendCode,
    CodeLabel,
    CodeHint,
    SignInButton,
    ResendIn,
    Resend,
    ChangeDetails,
    FieldAccountNoRequired,
    FieldAccountNoFormat,
    FieldPhoneRequired,
    FieldPhoneFormat,
    FieldCodeRequired,
    FieldCodeFormat,
    FieldHolderRequired,
    FieldHolderTooLong,
    FieldInvalid,
    ErrAccountPhoneMismatch,
    ErrCodeInvalid,
    ErrCodeExpired,
    ErrWechatCode,
    SessionExpiredNotice,
    SignedOutNotice,
    WechatBindNotice,
    WechatSigningIn,
    SignInWithWechat,
    IdleWarningTitle,
    IdleWarningBody,
    StaySignedIn,
    Cancel,
    ErrHolderMismatch,
    TitleBill,
    TitleNotices,
    MyAppointments,
    TitleAppointment,
    Reschedule,
    TitlePayOrder,
    TitlePayOther,
    TitleReceipt,
    TitlePayments,
    ErrNothingToPay,
    ErrAmountNotAccepted,
    ErrChannelUnavailable,
    ErrOrderClosed,
    ErrOrderOpen,
    TitleRate,
    ErrAlreadyRated,
    ErrNotRateable,
    ErrFollowUpClosed,
}

/// A text in both languages, by meaning: a shared [`Text`] or one area's own.
pub trait Texts: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

impl Texts for Text {
    fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => zh::text(self),
            Lang::En => en::text(self),
        }
    }
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: impl Texts) -> &'static str {
    key.text(lang)
}

/// The text for `key` with `{0}`, `{1}`… replaced by `args`.
pub fn tf(lang: Lang, key: impl Texts, args: &[&str]) -> String {
    let mut text = t(lang, key).to_owned();
    for (i, arg) in args.iter().enumerate() {
        text = text.replace(&format!("{{{i}}}"), arg);
    }
    text
}

/// A date for people: `2026年11月30日` or `30 Nov 2026`.
pub fn date(lang: Lang, day: contract::Date) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Lang::En => format!("{} {} {}", day.day(), MONTHS[usize::from(day.month() - 1)], day.year()),
    }
}

/// A month for people: `2026年10月` or `Oct 2026`.
pub fn month(lang: Lang, month: contract::YearMonth) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月", month.year(), month.month()),
        Lang::En => format!("{} {}", MONTHS[usize::from(month.month() - 1)], month.year()),
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A short month label for chart axes: `10月` or `Oct`.
pub fn short_month(lang: Lang, month: u8) -> String {
    match lang {
        Lang::Zh => format!("{month}月"),
        Lang::En => MONTHS[usize::from(month.clamp(1, 12) - 1)].to_owned(),
    }
}

/// Money for people: `¥1,234.50` in both languages (money is shown in 元 with fen).
pub fn money(amount: Fen) -> String {
    let plain = amount.to_yuan_string();
    let (sign, digits) = plain.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", plain.as_str()));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{fraction}")
}

/// A date and time in China time: `2026年11月30日 16:59` or `30 Nov 2026, 16:59`.
pub fn date_time(lang: Lang, at: Timestamp) -> String {
    let date = contract::Date::of(at);
    let (hour, minute) = at.china_hour_minute();
    match lang {
        Lang::Zh => format!("{}年{}月{}日 {hour:02}:{minute:02}", date.year(), date.month(), date.day()),
        Lang::En => {
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let month = MONTHS[usize::from(date.month() - 1)];
            format!("{} {month} {}, {hour:02}:{minute:02}", date.day(), date.year())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of every kind: its name, Chinese and English.
    fn every_text() -> Vec<(String, &'static str, &'static str)> {
        fn of<K: Texts + std::fmt::Debug>(keys: &[K]) -> Vec<(String, &'static str, &'static str)> {
            keys.iter().map(|k| (format!("{k:?}"), t(Lang::Zh, *k), t(Lang::En, *k))).collect()
        }
        let mut all = of(Text::ALL);
        all.extend(of(UsageText::ALL));
        all.extend(of(PayText::ALL));
        all.extend(of(HallsText::ALL));
        all.extend(of(RatingsText::ALL));
        all.extend(of(AccountText::ALL));
        all.extend(of(HomeText::ALL));
        all.extend(of(SharedText::ALL));
        all.extend(of(DownloadText::ALL));
        all
    }

    #[test]
    fn every_key_has_a_non_empty_text_in_both_languages() {
        let all = every_text();
        assert!(all.len() >= 377, "every kind of text is listed ({})", all.len());
        for (key, zh, en) in all {
            assert!(!zh.trim().is_empty(), "{key} is empty in zh");
            assert!(!en.trim().is_empty(), "{key} is empty in en");
        }
    }

    #[test]
    fn chinese_texts_are_translated_not_copied_from_english() {
        // Language names are written in their own language.
        let own_language = ["SwitchToOtherLang", "SwitchToOtherLangLabel", "LangNameEn"];
        for (key, zh, _) in every_text().into_iter().filter(|(k, _, _)| !own_language.contains(&k.as_str())) {
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{key} has no Chinese: {zh}");
        }
    }

    #[test]
    fn placeholders_are_the_same_in_both_languages() {
        for (key, zh, en) in every_text() {
            for i in 0..4 {
                let mark = format!("{{{i}}}");
                assert_eq!(zh.contains(&mark), en.contains(&mark), "{key} {mark}");
            }
        }
        assert_eq!(tf(Lang::En, Text::ResendIn, &["42"]), "You can ask again in 42 s");
    }

    /// web/index.html paints the sign-in page and the frame before the app starts; its
    /// texts must be the app's, word for word, or the page changes as the app takes over.
    #[test]
    fn the_html_shell_says_what_the_app_says() {
        let html = include_str!("../../web/index.html");
        let mut checked = 0;
        for piece in html.split("data-i18n=\"").skip(1) {
            let (key, rest) = piece.split_once('"').expect("a closed data-i18n attribute");
            let (lang, rest) = rest.split_once("lang=\"").and_then(|(_, r)| r.split_once('"')).expect("a lang");
            let text = rest.split_once('>').and_then(|(_, r)| r.split_once('<')).map(|(t, _)| t).expect("text");
            let key = Text::ALL.iter().find(|k| format!("{k:?}") == key).unwrap_or_else(|| panic!("no text {key}"));
            let lang = if lang == "en" { Lang::En } else { Lang::Zh };
            assert_eq!(text, t(lang, *key), "web/index.html's {key:?} in {lang:?}");
            checked += 1;
        }
        assert!(checked >= 20, "the shell's texts were found ({checked})");
    }

    #[test]
    fn browser_language_picks_english_only_when_asked() {
        assert_eq!(Lang::from_browser(Some("en-GB")), Lang::En);
        assert_eq!(Lang::from_browser(Some("zh-CN")), Lang::Zh);
        assert_eq!(Lang::from_browser(Some("fr")), Lang::Zh);
        assert_eq!(Lang::from_browser(None), Lang::Zh);
    }

    #[test]
    fn money_is_grouped_with_two_decimals() {
        assert_eq!(money(Fen(0)), "¥0.00");
        assert_eq!(money(Fen(12_345_678)), "¥123,456.78");
        assert_eq!(money(Fen(100_000)), "¥1,000.00");
        assert_eq!(money(Fen(-5)), "-¥0.05");
    }

    #[test]
    fn date_times_are_in_china_time() {
        let at = Timestamp::parse("2026-11-30T08:59:00Z").expect("valid");
        assert_eq!(date_time(Lang::Zh, at), "2026年11月30日 16:59");
        assert_eq!(date_time(Lang::En, at), "30 Nov 2026, 16:59");
    }
}
