//! Booking a hall visit, one thing per step: service → hall → date → slot →
//! contact → what to bring → confirm. Each step is its own route, so the back
//! button goes one step back; choices live in a draft, so nothing is lost.

mod choices;
mod finish;

use crate::router::use_navigator;
use contract::{Date, HallId, NeedCode, ServiceCode, Timestamp};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::error_message;
use crate::components::page::Page;
use crate::i18n::HallsText;
use crate::i18n::{t, tf, Lang, SharedText};
use crate::kit::use_draft;
use crate::state::prefs::use_lang;
pub use choices::{option_button, WEEKDAYS};
use choices::{DateStep, HallStep, ServiceStep, SlotStep};
use contract::ErrorCode;
use finish::{BringStep, ConfirmStep, ContactStep};

pub const DRAFT: &str = "booking";

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingDraft {
    /// The customer has seen "can I do this online?" (and chose a need, or none of them).
    #[serde(default)]
    pub guided: bool,
    /// The need whose answer led here, named in the booking so it is counted.
    #[serde(default)]
    pub need: Option<NeedCode>,
    pub service: Option<ServiceCode>,
    pub hall: Option<HallId>,
    pub date: Option<Date>,
    pub starts_at: Option<Timestamp>,
    pub contact_name: String,
    pub contact_phone: String,
}

pub const STEPS: [&str; 7] = ["service", "hall", "date", "slot", "contact", "bring", "confirm"];

/// The first step whose earlier choices are missing, if the customer skipped ahead.
fn first_missing(draft: &BookingDraft) -> &'static str {
    match draft {
        BookingDraft { service: None, .. } => "service",
        BookingDraft { hall: None, .. } => "hall",
        BookingDraft { date: None, .. } => "date",
        BookingDraft { starts_at: None, .. } => "slot",
        _ => "contact",
    }
}

fn step_index(step: &str) -> usize {
    STEPS.iter().position(|s| *s == step).unwrap_or(0)
}

/// `09:00–09:30`
/// What a refusal of a booking, a change or a cancellation means for the customer, in
/// their words: the appointment rules have their own messages; anything else is the
/// portal's general one.
pub fn appointment_error(lang: Lang, error: &ApiError) -> String {
    let key = match error {
        ApiError::Refused(ErrorCode::SlotFull) => HallsText::SlotTaken,
        ApiError::Refused(ErrorCode::TooManyAppointments) => HallsText::ErrTooManyAppointments,
        ApiError::Refused(ErrorCode::AppointmentLocked) => HallsText::ErrAppointmentLocked,
        other => return error_message(lang, other),
    };
    t(lang, key).to_owned()
}

pub fn slot_label(starts: Timestamp, ends: Timestamp) -> String {
    let ((h1, m1), (h2, m2)) = (starts.china_hour_minute(), ends.china_hour_minute());
    format!("{h1:02}:{m1:02}–{h2:02}:{m2:02}")
}

#[derive(Properties, PartialEq)]
pub struct BookPageProps {
    pub step: AttrValue,
}

#[function_component(BookPage)]
pub fn book_page(props: &BookPageProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let draft = use_draft::<BookingDraft>(DRAFT);
    let step = props.step.to_string();
    // A step is shown once every earlier choice is made; otherwise go to the first one missing.
    let missing = first_missing(&draft);
    // Booking opens with the need: "can I do this online?" comes first.
    let to_guidance = !draft.guided && (step == "service" || missing == "service");
    let allowed = !to_guidance
        && STEPS.contains(&step.as_str())
        && (missing == "contact" || step_index(&step) <= step_index(missing));
    {
        let (navigator, step) = (navigator.clone(), step.clone());
        use_effect_with((allowed, to_guidance, step), move |(allowed, to_guidance, _)| {
            if let Some(nav) = navigator {
                if *to_guidance {
                    nav.replace(&Route::Guidance);
                } else if !allowed {
                    nav.replace(&Route::Book { step: missing.into() });
                }
            }
        });
    }
    // Saves a choice and goes to the next step.
    let choose = {
        let (draft, navigator) = (draft.clone(), navigator.clone());
        Callback::from(move |(next, edit): (&'static str, Edit)| {
            draft.update(|d| edit(d));
            if let Some(nav) = &navigator {
                nav.push(&Route::Book { step: next.into() });
            }
        })
    };
    let progress = tf(lang, HallsText::StepOf, &[&(step_index(&step) + 1).to_string(), &STEPS.len().to_string()]);
    let body = if !allowed {
        Html::default()
    } else {
        match step.as_str() {
            "service" => html! { <ServiceStep draft={(*draft).clone()} choose={choose} /> },
            "hall" => html! { <HallStep draft={(*draft).clone()} choose={choose} /> },
            "date" => html! { <DateStep draft={(*draft).clone()} choose={choose} /> },
            "slot" => html! { <SlotStep draft={(*draft).clone()} choose={choose} /> },
            "contact" => html! { <ContactStep draft={draft.clone()} /> },
            "bring" => html! { <BringStep draft={(*draft).clone()} /> },
            _ => html! { <ConfirmStep draft={draft.clone()} /> },
        }
    };
    let title = match step.as_str() {
        "service" => SharedText::StepService,
        "hall" => SharedText::StepHall,
        "date" => SharedText::StepDate,
        "slot" => SharedText::StepSlot,
        "contact" => SharedText::StepContact,
        "bring" => SharedText::StepBring,
        _ => SharedText::StepConfirm,
    };
    html! {
        <Page title={t(lang, title)}>
            <p class="hint" data-testid="step">{ progress }</p>
            { body }
        </Page>
    }
}

/// A change to the draft.
type Edit = Box<dyn Fn(&mut BookingDraft)>;
/// Saves an edit and goes to the named step.
type Choose = Callback<(&'static str, Edit)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appointment_rules_have_their_own_words() {
        for (code, key) in [
            (ErrorCode::TooManyAppointments, HallsText::ErrTooManyAppointments),
            (ErrorCode::AppointmentLocked, HallsText::ErrAppointmentLocked),
            (ErrorCode::SlotFull, HallsText::SlotTaken),
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let message = appointment_error(lang, &ApiError::Refused(code));
                assert_eq!(message, t(lang, key), "{code:?}");
                assert_ne!(message, error_message(lang, &ApiError::Refused(ErrorCode::Unknown)), "{code:?}");
            }
        }
        assert_eq!(appointment_error(Lang::Zh, &ApiError::Network), error_message(Lang::Zh, &ApiError::Network));
    }
}
