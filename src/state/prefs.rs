//! Language and care mode (长辈版): chosen once, remembered on this device, and
//! applied to `<html>` so CSS tokens and screen readers follow.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::platform::storage::{self, Area};
use crate::platform::{dom, env};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    /// Large text and large targets.
    pub care: bool,
}

pub enum PrefsAction {
    SetLang(Lang),
    SetCare(bool),
}

impl Prefs {
    /// Stored choices, else the browser's language and the normal mode.
    pub fn load() -> Prefs {
        let lang = match storage::get(Area::Local, "lang").as_deref() {
            Some("en") => Lang::En,
            Some("zh-CN") => Lang::Zh,
            _ => Lang::from_browser(env::browser_language().as_deref()),
        };
        let care = storage::get(Area::Local, "care").as_deref() == Some("on");
        Prefs { lang, care }
    }

    fn apply(self) {
        dom::set_root_attribute("lang", Some(self.lang.tag()));
        dom::set_root_attribute("data-care", self.care.then_some("on"));
    }
}

impl Reducible for Prefs {
    type Action = PrefsAction;

    fn reduce(self: Rc<Self>, action: PrefsAction) -> Rc<Self> {
        let next = match action {
            PrefsAction::SetLang(lang) => {
                storage::set(Area::Local, "lang", lang.tag());
                Prefs { lang, ..*self }
            }
            PrefsAction::SetCare(care) => {
                storage::set(Area::Local, "care", if care { "on" } else { "off" });
                Prefs { care, ..*self }
            }
        };
        next.apply();
        Rc::new(next)
    }
}

pub type PrefsContext = UseReducerHandle<Prefs>;

#[derive(Properties, PartialEq)]
pub struct PrefsProviderProps {
    pub children: Html,
}

#[function_component(PrefsProvider)]
pub fn prefs_provider(props: &PrefsProviderProps) -> Html {
    let prefs = use_reducer(|| {
        let prefs = Prefs::load();
        prefs.apply();
        prefs
    });
    html! { <ContextProvider<PrefsContext> context={prefs}>{ props.children.clone() }</ContextProvider<PrefsContext>> }
}

/// The preferences; outside a provider, the defaults.
#[hook]
pub fn use_prefs() -> PrefsContext {
    use_context::<PrefsContext>().unwrap_or_else(|| unreachable!("PrefsProvider wraps the app"))
}

/// The language in use.
#[hook]
pub fn use_lang() -> Lang {
    use_prefs().lang
}
