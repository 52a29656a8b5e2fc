use super::Text::{self, *};

pub fn text(key: Text) -> &'static str {
    match key {
        Loading => "Loading…",
        HotlineLabel => "Customer hotline",
        HealthTitle => "Service status",
        HealthChecking => "Connecting to the service…",
        HealthOk => "The service is working",
        HealthDegraded => "Part of the service is unavailable; please try again later",
        HealthServerTime => "Server time",
        HealthVersion => "API version",
        Retry => "Try again",
        ConfigProblemTitle => "The online service hall cannot open right now",
        ConfigProblemBody => "The page settings could not be read. Please reload the page later, or call the hotline.",
        ErrorNetwork => "No connection. Check your network and press “Try again”; nothing you typed is lost.",
        ErrorTimeout => {
            "The service took too long to answer. Press “Try again” in a moment; nothing you typed is lost."
        }
        ErrorUnauthorized => "You have been signed out. Sign in again to come back here with what you typed.",
        ErrorNotFound => "Nothing was found. Check the account number, or go back to the home page.",
        ErrorConflict => "This clashes with a change made meanwhile. Reload the page and try again.",
        ErrorValidation => "Some details need correcting. Follow the notes and submit again.",
        ErrorRateLimited => "Too many attempts. Please wait and try again.",
        ErrorRefused => "This request cannot be completed. Check the details, or call the hotline.",
        ErrorServer => "Something went wrong on our side. Press “Try again”; if it keeps failing, call the hotline.",
        NotFoundTitle => "Page not found",
        NotFoundBody => "The page you asked for does not exist or has moved.",
        BackHome => "Back to home",
    }
}
