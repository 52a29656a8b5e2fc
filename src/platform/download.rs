//! Saving a file the portal made (CSV, calendar) or fetched (PDF) through the browser's
//! download, or opening a link to it where that cannot work (WeChat's webviews ignore
//! blob URLs and `<a download>`).

use wasm_bindgen::JsCast;

/// The browser would not start the download (no document, blocked object URLs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadFailed;

/// Offers `blob` as a download named `filename`.
pub fn save_blob(blob: &web_sys::Blob, filename: &str) -> Result<(), DownloadFailed> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(DownloadFailed)?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| DownloadFailed)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| DownloadFailed)?.dyn_into().map_err(|_| DownloadFailed)?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // The download has started from the URL; it is no longer needed, and a URL that
    // cannot be revoked only stays until the page is closed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Offers `text` as a download (CSV, calendar).
pub fn save_text(text: &str, mime: &str, filename: &str) -> Result<(), DownloadFailed> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| DownloadFailed)?;
    save_blob(&blob, filename)
}

/// Opens `url` (a signed link answered with `Content-Disposition: attachment`): the
/// browser saves it, or a webview shows it with its own save and share.
pub fn open_link(url: &str) -> Result<(), DownloadFailed> {
    let location = web_sys::window().map(|w| w.location()).ok_or(DownloadFailed)?;
    location.assign(url).map_err(|_| DownloadFailed)
}
