//! A download button that never silently does nothing. Outside WeChat the file is saved
//! from the page (made here, or fetched with the session); inside WeChat, whose webviews
//! ignore blob URLs and `<a download>`, and wherever saving from the page fails, the
//! server signs a short-lived link that the page opens (`Content-Disposition: attachment`:
//! saved, or shown with the webview's own save and share). After opening it the page says
//! what to do if nothing happened (open in the browser, or long-press the link shown), and
//! every failure is a message beside the button in the customer's language.

use contract::{BillId, DownloadRequest};
use yew::prelude::*;

use crate::api::Api;
use crate::components::error_view::error_message;
use crate::i18n::{t, DownloadText, Lang};
use crate::platform::{download, env};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

/// The file as the page itself can offer it, outside WeChat.
#[derive(Clone, PartialEq)]
pub enum FromPage {
    /// Text the page made (CSV, calendar).
    Text { text: String, mime: &'static str, filename: String },
    /// The PDF e-invoice of a paid bill, fetched with the session.
    Invoice { bill: BillId, filename: String },
}

#[derive(Properties, PartialEq)]
pub struct DownloadButtonProps {
    pub label: AttrValue,
    pub busy_label: AttrValue,
    pub testid: &'static str,
    pub from_page: FromPage,
    /// What the server is asked a link for when the page cannot save the file.
    pub link: DownloadRequest,
    #[prop_or_default]
    pub primary: bool,
}

/// What is shown beside the button after a press.
#[derive(Clone, PartialEq)]
enum Outcome {
    /// Saved from the page: the browser shows its download.
    Saved,
    /// The signed link was opened (outside WeChat: after saving from the page failed);
    /// it stays on the page for a long-press.
    Opened { url: String },
    /// What went wrong; inside WeChat, with the way out through the browser.
    Failed { message: String, in_wechat: bool },
}

async fn deliver(api: &Api, lang: Lang, from_page: &FromPage, link: &DownloadRequest) -> Outcome {
    let in_wechat = env::in_wechat();
    if !in_wechat {
        let saved = match from_page {
            FromPage::Text { text, mime, filename } => download::save_text(text, mime, filename),
            FromPage::Invoice { bill, filename } => match api.invoice(*bill).await {
                Ok(blob) => download::save_blob(&blob, filename),
                Err(e) => return Outcome::Failed { message: error_message(lang, &e), in_wechat },
            },
        };
        if saved.is_ok() {
            return Outcome::Saved;
        }
        // This browser would not save from the page: a link it can open instead.
    }
    match api.download_link(link).await {
        // A webview that refuses even to open it has the link on the page to long-press.
        Ok(answer) => match download::open_link(&answer.url) {
            Ok(()) | Err(download::DownloadFailed) => Outcome::Opened { url: answer.url },
        },
        Err(e) => Outcome::Failed { message: error_message(lang, &e), in_wechat },
    }
}

#[function_component(DownloadButton)]
pub fn download_button(props: &DownloadButtonProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let busy = use_state(|| false);
    let outcome = use_state(|| Outcome::Saved);
    let press = {
        let (busy, outcome) = (busy.clone(), outcome.clone());
        let (from_page, link) = (props.from_page.clone(), props.link.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (api, busy, outcome, from_page, link) =
                (api.clone(), busy.clone(), outcome.clone(), from_page.clone(), link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                outcome.set(deliver(&api, lang, &from_page, &link).await);
                busy.set(false);
            });
        })
    };
    let class = if props.primary { classes!("button") } else { classes!("button", "button-secondary") };
    let shown = match &*outcome {
        Outcome::Saved => html! {},
        Outcome::Opened { url } => html! {
            <div class="notice" role="status" data-testid="download-guide">
                <p>{ t(lang, DownloadText::Opening) }</p>
                <p><a href={url.clone()} data-testid="download-link">{ t(lang, DownloadText::Link) }</a></p>
            </div>
        },
        Outcome::Failed { message, in_wechat } => html! {
            <div class="notice notice-error" role="alert" data-testid="download-error">
                <p>{ message.clone() }</p>
                if *in_wechat {
                    <p>{ t(lang, DownloadText::OpenInBrowser) }</p>
                }
            </div>
        },
    };
    html! {
        <>
            <button type="button" {class} onclick={press} disabled={*busy} data-testid={props.testid}>
                { if *busy { props.busy_label.clone() } else { props.label.clone() } }
            </button>
            { shown }
        </>
    }
}
