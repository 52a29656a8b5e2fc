//! Serving the built portal (`dist/`): precompressed variants, content types,
//! and cache rules that let hashed assets live forever while the entry points
//! (index.html, config.json) are revalidated on every load.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;

/// The Content-Security-Policy for the portal: no inline script or style, no eval
/// (WebAssembly compilation only), no plugins, no framing, no `<base>`. The build
/// moves trunk's inline loader to an external file, so no hash is needed.
/// Static hosts send the same header (README); a cross-origin API base adds its
/// origin to `connect-src`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Trunk names built assets `name-<hash>.ext` (a 64-bit hash in hex, leading zeros
/// dropped); such a name never changes content.
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

pub fn cache_control_for(path: &str) -> &'static str {
    if is_hashed_asset(path) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_control_for(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Adds the portal at `/` (when a dist folder is given) and a JSON 404 for anything else.
pub fn with_portal(router: Router, dist: Option<&Path>, policy: &str) -> Router {
    let router = match dist {
        Some(dir) => {
            let files = ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(true)
                .fallback(tower::service_fn(|_req: Request| async {
                    Ok::<_, std::convert::Infallible>(axum::response::IntoResponse::into_response(ApiError::NotFound))
                }));
            let policy = HeaderValue::from_str(policy).unwrap_or_else(|_| {
                tracing::warn!("the configured Content-Security-Policy is not a header value; sending the default");
                HeaderValue::from_static(CONTENT_SECURITY_POLICY)
            });
            let portal = Router::new()
                .fallback_service(files)
                .layer(middleware::from_fn(cache_headers))
                .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, policy));
            router.merge(portal)
        }
        None => router.fallback(|| async { ApiError::NotFound }),
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    /// The policy on what `path` answers from a portal build holding index.html and one asset.
    async fn policy_on(path: &str) -> (u16, Option<String>) {
        let dist = tempfile::tempdir().expect("temp dir");
        std::fs::write(dist.path().join("index.html"), "<!doctype html><title>portal</title>").expect("index");
        std::fs::write(dist.path().join("boot-0123456789abcdef.js"), "export {};").expect("asset");
        let app = with_portal(Router::new(), Some(dist.path()), CONTENT_SECURITY_POLICY);
        let request = Request::builder().uri(path).body(Body::empty()).expect("request");
        let response = app.oneshot(request).await.expect("answer");
        let policy =
            response.headers().get(header::CONTENT_SECURITY_POLICY).map(|v| v.to_str().expect("ascii").to_owned());
        (response.status().as_u16(), policy)
    }

    #[tokio::test]
    async fn every_portal_answer_carries_the_content_security_policy() {
        for path in ["/", "/index.html", "/boot-0123456789abcdef.js", "/no-such-file.js"] {
            let (status, policy) = policy_on(path).await;
            assert_eq!(policy.as_deref(), Some(CONTENT_SECURITY_POLICY), "{path} ({status})");
        }
        assert_eq!(policy_on("/no-such-file.js").await.0, 404);
    }

    #[test]
    fn trunk_hashed_names_are_immutable_and_entry_points_revalidate() {
        assert_eq!(cache_control_for("/portal-5f1c2a9b0d3e4f67_bg.wasm"), IMMUTABLE);
        assert_eq!(cache_control_for("/portal-5f1c2a9b0d3e4f67.js"), IMMUTABLE);
        assert_eq!(cache_control_for("/portal-76808ad46d3cf4d.js"), IMMUTABLE);
        assert_eq!(cache_control_for("/styles-0123456789abcdef.css"), IMMUTABLE);
        assert_eq!(cache_control_for("/"), REVALIDATE);
        assert_eq!(cache_control_for("/index.html"), REVALIDATE);
        assert_eq!(cache_control_for("/config.json"), REVALIDATE);
        assert_eq!(cache_control_for("/boot-loader.js"), REVALIDATE);
    }
}
