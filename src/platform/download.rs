//! Saving a file the portal made (CSV) or fetched (PDF) through the browser's download.

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
    // The download has started from the URL; it is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Offers `text` as a download (CSV).
pub fn save_text(text: &str, mime: &str, filename: &str) -> Result<(), DownloadFailed> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| DownloadFailed)?;
    save_blob(&blob, filename)
}
