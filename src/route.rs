//! The portal's routes (hash routing: WeChat's JSSDK signs the URL before `#`, and
//! static hosts need no rewrite rules), and which piece of code each route's page
//! lives in.

use crate::i18n::Text;

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Route {
    /// `/`
    Home,
    /// `/sign-in`
    SignIn,
    /// `/usage`
    Usage,
    /// `/bills`
    Bills,
    /// `/bills/:id`
    Bill { id: i64 },
    /// `/notices`
    Notices,
    /// `/pay`
    Pay,
    /// Paying for someone else's account (代缴).
    /// `/pay/other`
    PayOther,
    /// Where payment providers send the customer back.
    /// `/pay/return`
    PayReturn,
    /// `/pay/orders/:no`
    PayOrder { no: String },
    /// `/receipts/:no`
    Receipt { no: String },
    /// `/payments`
    Payments,
    /// `/halls`
    Halls,
    /// "Can I do this online?": the needs, before any booking.
    /// `/guidance`
    Guidance,
    /// One need's answer.
    /// `/guidance/:need`
    GuidanceNeed { need: String },
    /// `/book/:step`
    Book { step: String },
    /// `/appointments`
    Appointments,
    /// `/appointments/:id`
    Appointment { id: i64 },
    /// `/appointments/:id/reschedule`
    Reschedule { id: i64 },
    /// `/ratings`
    Ratings,
    /// `/ratings/:id`
    Rating { id: i64 },
    /// Rate a transaction: `payment` with its order number, `visit` with its appointment id.
    /// `/rate/:kind/:id`
    Rate { kind: String, id: String },
    /// `/accounts`
    Accounts,
    /// `/settings`
    Settings,
    /// `/status`
    Status,
    /// The privacy notice.
    /// `/privacy`
    Privacy,
    /// `/404`
    NotFound,
}

/// Written out rather than derived: a general recogniser (a router, a hash map
/// and a parser per route) would ship in the first download, where splitting the
/// path on `/` does the same for these routes.
impl Route {
    pub fn to_path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::SignIn => "/sign-in".into(),
            Route::Usage => "/usage".into(),
            Route::Bills => "/bills".into(),
            Route::Bill { id } => format!("/bills/{id}"),
            Route::Notices => "/notices".into(),
            Route::Pay => "/pay".into(),
            Route::PayOther => "/pay/other".into(),
            Route::PayReturn => "/pay/return".into(),
            Route::PayOrder { no } => format!("/pay/orders/{no}"),
            Route::Receipt { no } => format!("/receipts/{no}"),
            Route::Payments => "/payments".into(),
            Route::Halls => "/halls".into(),
            Route::Guidance => "/guidance".into(),
            Route::GuidanceNeed { need } => format!("/guidance/{need}"),
            Route::Book { step } => format!("/book/{step}"),
            Route::Appointments => "/appointments".into(),
            Route::Appointment { id } => format!("/appointments/{id}"),
            Route::Reschedule { id } => format!("/appointments/{id}/reschedule"),
            Route::Ratings => "/ratings".into(),
            Route::Rating { id } => format!("/ratings/{id}"),
            Route::Rate { kind, id } => format!("/rate/{kind}/{id}"),
            Route::Accounts => "/accounts".into(),
            Route::Settings => "/settings".into(),
            Route::Status => "/status".into(),
            Route::Privacy => "/privacy".into(),
            Route::NotFound => "/404".into(),
        }
    }

    /// The route of a path below the `#` (a query after `?` is not part of it); a
    /// path that names no route is [`Route::NotFound`], so the switch always renders.
    pub fn recognize(pathname: &str) -> Self {
        let pathname = pathname.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = pathname.strip_prefix('/').unwrap_or(pathname).split('/').collect();
        let id = |s: &str| s.parse::<i64>().ok();
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let route = match segments.as_slice() {
            [""] => Some(Route::Home),
            ["sign-in"] => Some(Route::SignIn),
            ["usage"] => Some(Route::Usage),
            ["bills"] => Some(Route::Bills),
            ["bills", bill] => id(bill).map(|id| Route::Bill { id }),
            ["notices"] => Some(Route::Notices),
            ["pay"] => Some(Route::Pay),
            ["pay", "other"] => Some(Route::PayOther),
            ["pay", "return"] => Some(Route::PayReturn),
            ["pay", "orders", no] => text(no).map(|no| Route::PayOrder { no }),
            ["receipts", no] => text(no).map(|no| Route::Receipt { no }),
            ["payments"] => Some(Route::Payments),
            ["halls"] => Some(Route::Halls),
            ["guidance"] => Some(Route::Guidance),
            ["guidance", need] => text(need).map(|need| Route::GuidanceNeed { need }),
            ["book", step] => text(step).map(|step| Route::Book { step }),
            ["appointments"] => Some(Route::Appointments),
            ["appointments", appointment] => id(appointment).map(|id| Route::Appointment { id }),
            ["appointments", appointment, "reschedule"] => id(appointment).map(|id| Route::Reschedule { id }),
            ["ratings"] => Some(Route::Ratings),
            ["ratings", rating] => id(rating).map(|id| Route::Rating { id }),
            ["rate", kind, of] => text(kind).zip(text(of)).map(|(kind, id)| Route::Rate { kind, id }),
            ["accounts"] => Some(Route::Accounts),
            ["settings"] => Some(Route::Settings),
            ["status"] => Some(Route::Status),
            ["privacy"] => Some(Route::Privacy),
            _ => None,
        };
        route.unwrap_or(Route::NotFound)
    }
}

/// A piece of the portal's code: the landing pages ship with the app, every other
/// area is fetched on its first visit (see [`crate::pieces`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Area {
    /// Sign-in: part of the first download.
    Landing,
    /// Home, for a signed-in customer: the boot code fetches it beside the app
    /// when a session is stored, so it costs no extra round trip.
    Home,
    /// Usage, bills, notices.
    Usage,
    /// Pay, orders, receipts, payment history.
    Pay,
    /// Halls, booking, appointments.
    Halls,
    /// Ratings and their follow-ups.
    Ratings,
    /// Accounts, settings, service status, the privacy notice, not found.
    Account,
}

impl Route {
    pub fn area(&self) -> Area {
        match self {
            Route::SignIn => Area::Landing,
            Route::Home => Area::Home,
            Route::Usage | Route::Bills | Route::Bill { .. } | Route::Notices => Area::Usage,
            Route::Pay
            | Route::PayOther
            | Route::PayReturn
            | Route::PayOrder { .. }
            | Route::Receipt { .. }
            | Route::Payments => Area::Pay,
            Route::Halls
            | Route::Guidance
            | Route::GuidanceNeed { .. }
            | Route::Book { .. }
            | Route::Appointments
            | Route::Appointment { .. }
            | Route::Reschedule { .. } => Area::Halls,
            Route::Ratings | Route::Rating { .. } | Route::Rate { .. } => Area::Ratings,
            Route::Accounts | Route::Settings | Route::Status | Route::Privacy | Route::NotFound => Area::Account,
        }
    }

    /// Whether the page is for signed-in customers only (others are sent to sign in
    /// first, before its piece is fetched).
    pub fn needs_sign_in(&self) -> bool {
        !matches!(
            self,
            Route::SignIn
                | Route::Halls
                | Route::Guidance
                | Route::GuidanceNeed { .. }
                | Route::Settings
                | Route::Status
                | Route::Privacy
                | Route::NotFound
        )
    }

    /// The heading a page's frame shows while its piece is on its way: the same
    /// words the page itself opens with.
    pub fn title(&self) -> Text {
        match self {
            Route::Home => Text::TitleHome,
            Route::SignIn => Text::TitleSignIn,
            Route::Usage => Text::TitleUsage,
            Route::Bills => Text::TitleBills,
            Route::Bill { .. } => Text::TitleBill,
            Route::Notices => Text::TitleNotices,
            Route::Pay | Route::PayReturn => Text::TitlePay,
            Route::PayOther => Text::TitlePayOther,
            Route::PayOrder { .. } => Text::TitlePayOrder,
            Route::Receipt { .. } => Text::TitleReceipt,
            Route::Payments => Text::TitlePayments,
            Route::Halls | Route::Book { .. } => Text::TitleHalls,
            Route::Guidance | Route::GuidanceNeed { .. } => Text::TitleGuidance,
            Route::Appointments => Text::MyAppointments,
            Route::Appointment { .. } => Text::TitleAppointment,
            Route::Reschedule { .. } => Text::Reschedule,
            Route::Ratings | Route::Rating { .. } => Text::TitleRatings,
            Route::Rate { .. } => Text::TitleRate,
            Route::Accounts => Text::TitleAccounts,
            Route::Settings => Text::TitleSettings,
            Route::Status => Text::TitleHealth,
            Route::Privacy => Text::TitlePrivacy,
            Route::NotFound => Text::NotFoundTitle,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_route() -> Vec<Route> {
        vec![
            Route::Home,
            Route::SignIn,
            Route::Usage,
            Route::Bills,
            Route::Bill { id: 12 },
            Route::Notices,
            Route::Pay,
            Route::PayOther,
            Route::PayReturn,
            Route::PayOrder { no: "P202612030001".into() },
            Route::Receipt { no: "P1".into() },
            Route::Payments,
            Route::Halls,
            Route::Guidance,
            Route::GuidanceNeed { need: "name_transfer".into() },
            Route::Book { step: "service".into() },
            Route::Appointments,
            Route::Appointment { id: 69 },
            Route::Reschedule { id: 69 },
            Route::Ratings,
            Route::Rating { id: 3 },
            Route::Rate { kind: "visit".into(), id: "69".into() },
            Route::Accounts,
            Route::Settings,
            Route::Status,
            Route::Privacy,
            Route::NotFound,
        ]
    }

    #[test]
    fn every_route_is_recognised_from_its_own_path() {
        for route in every_route() {
            assert_eq!(Route::recognize(&route.to_path()), route.clone(), "{}", route.to_path());
        }
    }

    /// The boot code fetches the piece of the page opened beside the app, by a table
    /// in scripts/postbuild.mjs: it must say what `Route::area` and `needs_sign_in` say.
    #[test]
    fn the_boot_scripts_table_of_areas_is_this_one() {
        let script = include_str!("../scripts/postbuild.mjs");
        let table = script.split("const AREA_OF_FIRST_SEGMENT = {").nth(1).and_then(|t| t.split("};").next());
        let table = table.expect("the table in scripts/postbuild.mjs");
        let entries: Vec<(String, String)> = table
            .split(',')
            .filter_map(|entry| entry.split_once(':'))
            .map(|(k, v)| (k.trim().trim_matches('\'').to_owned(), v.trim().trim_matches('\'').to_owned()))
            .collect();
        let open = script.split("const OPEN_TO_ALL = [").nth(1).and_then(|t| t.split("];").next()).expect("open");
        let open: Vec<&str> = open.split(',').map(|s| s.trim().trim_matches('\'')).collect();
        // scripts/fallback.js picks the shell by the same rule, with paths.
        let shell = include_str!("../scripts/fallback.js");
        let shell_open = shell.split("var open = [").nth(1).and_then(|t| t.split("];").next()).expect("fallback.js");
        let shell_open: Vec<&str> =
            shell_open.split(',').map(|s| s.trim().trim_matches('\'').trim_start_matches('/')).collect();
        assert_eq!(shell_open, open, "scripts/fallback.js and scripts/postbuild.mjs name the same open routes");
        for route in every_route() {
            let path = route.to_path();
            let segment = path.trim_start_matches('/').split('/').next().unwrap_or_default().to_owned();
            let piece = match route.area() {
                // Sign-in ships with the app; any path the table lacks (`/404`) fetches nothing early.
                Area::Landing => continue,
                Area::Account if route == Route::NotFound => continue,
                Area::Home => "home",
                Area::Usage => "usage",
                Area::Pay => "pay",
                Area::Halls => "halls",
                Area::Ratings => "ratings",
                Area::Account => "account",
            };
            let listed = entries.iter().find(|(k, _)| *k == segment).map(|(_, v)| v.as_str());
            assert_eq!(listed, Some(piece), "{path} in the boot code's table");
            assert_eq!(open.contains(&segment.as_str()), !route.needs_sign_in(), "{path} open to all");
        }
    }

    #[test]
    fn paths_that_name_no_route_are_not_found() {
        for path in ["/nope", "/bills/abc", "/bills/", "/appointments/1/cancel", "/rate/visit", "/main", "/usage/2"] {
            assert_eq!(Route::recognize(path), Route::NotFound, "{path}");
        }
        assert_eq!(Route::recognize("/bills/-3"), Route::Bill { id: -3 }, "ids parse as the derive's did");
    }
}
