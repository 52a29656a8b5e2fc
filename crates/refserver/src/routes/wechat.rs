//! The simulated WeChat OAuth authorize page (`snsapi_base`), routed only in demo mode.
//! It stands in for `open.weixin.qq.com/connect/oauth2/authorize`: it knows the WeChat
//! user by a cookie and redirects back with a one-time code for `POST /auth/wechat`.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use contract::error::FieldErrors;
use contract::{FieldCode, FieldError};
use rusqlite::params;
use url::Url;

use super::auth::random_hex;
use crate::error::{ApiError, ApiResult};
use crate::extract::secret_hash;
use crate::AppState;

/// The cookie that plays the WeChat user signed in to the app.
pub const OPENID_COOKIE: &str = "sim_wechat_openid";
/// WeChat's codes expire after five minutes.
pub const WECHAT_CODE_TTL_S: i64 = 5 * 60;
/// A simulated WeChat user stays the same person across browser restarts.
const OPENID_COOKIE_MAX_AGE_S: i64 = 365 * 86_400;

pub fn router() -> Router<AppState> {
    Router::new().route("/demo/wechat/authorize", get(authorize))
}

async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let request_host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let (redirect, oauth_state) = parse_authorize(&query, request_host).map_err(ApiError::Validation)?;
    let known = openid_from_cookie(&headers);
    // Shaped like WeChat's openids, which start with `o`.
    let openid = known.clone().unwrap_or_else(|| format!("o{}", random_hex(14)));
    let code = random_hex(16);
    let now = state.clock.now().unix_seconds();
    let (code_hash, stored_openid) = (secret_hash(&code), openid.clone());
    state
        .db
        .call(move |conn| {
            conn.execute(
                "INSERT INTO wechat_codes (code_hash, openid, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![code_hash, stored_openid, now, now + WECHAT_CODE_TTL_S],
            )?;
            Ok(())
        })
        .await?;
    let location = with_code(redirect, &code, &oauth_state);
    let mut response = StatusCode::FOUND.into_response();
    let location =
        HeaderValue::from_str(location.as_str()).map_err(|e| ApiError::internal(format!("location: {e}")))?;
    response.headers_mut().insert(header::LOCATION, location);
    if known.is_none() {
        let cookie =
            format!("{OPENID_COOKIE}={openid}; Path=/; HttpOnly; SameSite=Lax; Max-Age={OPENID_COOKIE_MAX_AGE_S}");
        let cookie = HeaderValue::from_str(&cookie).map_err(|e| ApiError::internal(format!("cookie: {e}")))?;
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The redirect address and the caller's `state`, with every bad parameter reported at once.
fn parse_authorize(
    query: &HashMap<String, String>,
    request_host: Option<&str>,
) -> Result<(Url, String), Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    errors.take(param(query, "appid"), |e| e);
    errors.take(exactly(query, "response_type", "code"), |e| e);
    // snsapi_userinfo would need a consent page and profile data the portal has no use for.
    errors.take(exactly(query, "scope", "snsapi_base"), |e| e);
    let redirect =
        errors.take(param(query, "redirect_uri").and_then(|raw| same_host_redirect(raw, request_host)), |e| e);
    let oauth_state = query.get("state").cloned().unwrap_or_default();
    // WeChat takes at most 128 bytes of state.
    let oauth_state = errors.take(
        if oauth_state.len() <= 128 {
            Ok(oauth_state)
        } else {
            Err(FieldError::new("state", FieldCode::TooLong, "state is at most 128 bytes"))
        },
        |e| e,
    );
    errors.finish(redirect.zip(oauth_state))
}

fn param<'q>(query: &'q HashMap<String, String>, name: &str) -> Result<&'q str, FieldError> {
    query
        .get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| FieldError::new(name, FieldCode::Required, format!("{name} is required")))
}

fn exactly(query: &HashMap<String, String>, name: &str, expected: &str) -> Result<(), FieldError> {
    match param(query, name)? {
        value if value == expected => Ok(()),
        _ => Err(FieldError::new(name, FieldCode::InvalidFormat, format!("{name} must be {expected}"))),
    }
}

/// `raw` if it is an http(s) address on the host and port the request was sent to: an
/// allowlist of one, so a crafted link can never send the code, or the visitor, elsewhere.
fn same_host_redirect(raw: &str, request_host: Option<&str>) -> Result<Url, FieldError> {
    let refused = || {
        FieldError::new(
            "redirect_uri",
            FieldCode::InvalidFormat,
            "redirect_uri must be an http(s) address on this server's host and port",
        )
    };
    let url = Url::parse(raw).map_err(|_| refused())?;
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
        return Err(refused());
    }
    let host = request_host
        .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        // Parsed under the redirect's scheme, so case, IPv6 brackets and default ports compare alike.
        .and_then(|h| Url::parse(&format!("{}://{h}", url.scheme())).ok())
        .ok_or_else(refused)?;
    if host.host() == url.host() && host.port_or_known_default() == url.port_or_known_default() {
        Ok(url)
    } else {
        Err(refused())
    }
}

/// The redirect with `code` and `state` added to its query, before any fragment. Other
/// parameters stay; a stale `code` or `state` (an address built from a page that had
/// been signed in before) is replaced rather than repeated.
fn with_code(mut redirect: Url, code: &str, oauth_state: &str) -> Url {
    let kept: Vec<(String, String)> = redirect
        .query_pairs()
        .filter(|(name, _)| name != "code" && name != "state")
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    redirect.query_pairs_mut().clear().extend_pairs(kept).append_pair("code", code).append_pair("state", oauth_state);
    redirect
}

/// The simulated WeChat user, if the cookie holds a well-formed openid.
fn openid_from_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == OPENID_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| {
            (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(raw: &str, host: &str) -> Result<String, FieldError> {
        same_host_redirect(raw, Some(host)).map(String::from)
    }

    #[test]
    fn only_addresses_on_the_requests_own_host_and_port_are_allowed() {
        assert!(redirect("http://127.0.0.1:8080/?from=menu#/home", "127.0.0.1:8080").is_ok());
        assert!(redirect("http://Portal.Example:80/x", "portal.example").is_ok(), "case and default port");
        assert!(redirect("https://portal.example/x", "portal.example:443").is_ok());
        for foreign in [
            "http://evil.example/",
            "http://127.0.0.1:8081/",
            "http://127.0.0.1:8080@evil.example/",
            "//evil.example/",
            "javascript:alert(1)",
            "/relative",
            "ftp://127.0.0.1:8080/",
        ] {
            assert!(redirect(foreign, "127.0.0.1:8080").is_err(), "{foreign} must be refused");
        }
        assert!(same_host_redirect("http://127.0.0.1:8080/", None).is_err(), "no Host, no redirect");
        assert!(redirect("http://evil.example/", "evil.example/x@127.0.0.1:8080").is_err());
    }

    #[test]
    fn code_and_state_go_before_the_fragment_and_replace_stale_ones() {
        let url = Url::parse("http://h:1/app?from=menu&code=old#/pay?x=1").expect("url");
        assert_eq!(with_code(url, "c0de", "s1").as_str(), "http://h:1/app?from=menu&code=c0de&state=s1#/pay?x=1");
        let url = Url::parse("http://h:1/").expect("url");
        assert_eq!(with_code(url, "c", "").as_str(), "http://h:1/?code=c&state=");
    }

    #[test]
    fn every_bad_parameter_is_reported() {
        let query: HashMap<String, String> = [("scope", "snsapi_userinfo"), ("redirect_uri", "http://evil.example/")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let errors = parse_authorize(&query, Some("h:1")).expect_err("bad");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["appid", "response_type", "scope", "redirect_uri"]);
    }
}
