//! A QR code drawn as SVG by the portal (no image, no JS library).

use qrcodegen::{QrCode, QrCodeEcc};
use yew::prelude::*;

/// The code as one SVG path of its dark modules, with a quiet zone of 4.
pub fn qr_svg(text: &str, label: &str) -> Html {
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return Html::default();
    };
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let view = size + 8;
    html! {
        <svg viewBox={format!("0 0 {view} {view}")} class="qr" role="img" aria-label={label.to_owned()} data-testid="qr">
            <rect width={view.to_string()} height={view.to_string()} class="qr-light" />
            <path d={path} class="qr-dark" />
        </svg>
    }
}
