//! A modal dialog. Opening it adds a history entry, so Android's back button
//! (and the browser's) closes the dialog instead of leaving the page.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::i18n::{t, Text};
use crate::platform::dom;
use crate::state::prefs::use_lang;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub title: String,
    /// Called when the customer dismisses the dialog (back button, Escape, Cancel).
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let lang = use_lang();
    {
        let on_close = props.on_close.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let history = window.as_ref().and_then(|w| w.history().ok());
            if let Some(h) = &history {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::from_str("dialog"), "", None);
            }
            // Whether our history entry is still there to be taken back on close.
            let entry_open = Rc::new(Cell::new(history.is_some()));
            let popstate = window.as_ref().map(|w| {
                let entry_open = entry_open.clone();
                EventListener::new(w, "popstate", move |_| {
                    entry_open.set(false);
                    on_close.emit(());
                })
            });
            dom::focus("dialog-title");
            move || {
                drop(popstate);
                if entry_open.get() {
                    if let Some(h) = history {
                        let _ = h.back();
                    }
                }
            }
        });
    }
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" {onkeydown}
                 data-testid="dialog">
                <h2 id="dialog-title" tabindex="-1">{ props.title.clone() }</h2>
                { props.children.clone() }
                <button type="button" class="button button-secondary" onclick={close}>{ t(lang, Text::Cancel) }</button>
            </div>
        </div>
    }
}
