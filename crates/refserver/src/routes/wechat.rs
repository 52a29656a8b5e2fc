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
use crate::{AppState, Settings};

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
    let (redirect, oauth_state) = parse_authorize(&query, &state.settings).map_err(ApiError::Validation)?;
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
fn parse_authorize(query: &HashMap<String, String>, settings: &Settings) -> Result<(Url, String), Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    errors.take(param(query, "appid"), |e| e);
    errors.take(exactly(query, "response_type", "code"), |e| e);
    // snsapi_userinfo would need a consent page and profile data the portal has no use for.
    errors.take(exactly(query, "scope", "snsapi_base"), |e| e);
    let redirect = errors.take(param(query, "redirect_uri").and_then(|raw| portal_redirect(raw, settings)), |e| e);
    let oauth_state = query.get("state").cloned().unwrap_or_default();
    // WeChat takes at most 128 letters and digits of state.
    let oauth_state = errors.take(
        if oauth_state.len() > 128 {
            Err(FieldError::new("state", FieldCode::TooLong, "state is at most 128 bytes"))
        } else if !oauth_state.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Err(FieldError::new("state", FieldCode::InvalidFormat, "state is letters and digits"))
        } else {
            Ok(oauth_state)
        },
        |e| e,
    );
    errors.finish(redirect.zip(oauth_state))
}

/// A parameter exactly as sent; missing or empty is `required`.
fn param<'q>(query: &'q HashMap<String, String>, name: &str) -> Result<&'q str, FieldError> {
    query
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| FieldError::new(name, FieldCode::Required, format!("{name} is required")))
}

fn exactly(query: &HashMap<String, String>, name: &str, expected: &str) -> Result<(), FieldError> {
    match param(query, name)? {
        value if value == expected => Ok(()),
        _ => Err(FieldError::new(name, FieldCode::InvalidFormat, format!("{name} must be {expected}"))),
    }
}

/// `raw` if it is an address of the portal ([`Settings::is_portal_origin`], the rule payment
/// return URLs follow): an allowlist from the server's settings, never from the request's
/// `Host`, which the client controls, so a crafted link cannot send the code, or the visitor,
/// elsewhere.
/// A URL that is not one of these addresses is `out_of_range` (the allowlist is the server's
/// settings), a text that is not a URL `invalid_format`.
fn portal_redirect(raw: &str, settings: &Settings) -> Result<Url, FieldError> {
    let refused = |code| {
        FieldError::new(
            "redirect_uri",
            code,
            "redirect_uri must be an http(s) address of the portal (this site or a configured portal origin)",
        )
    };
    let url = Url::parse(raw).map_err(|_| refused(FieldCode::InvalidFormat))?;
    if settings.is_portal_origin(&url) {
        Ok(url)
    } else {
        Err(refused(FieldCode::OutOfRange))
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

    fn site() -> Settings {
        Settings {
            public_origin: Some("http://127.0.0.1:8080".into()),
            portal_origins: vec!["https://portal.example.cn".into()],
            ..Settings::default()
        }
    }

    fn redirect(raw: &str) -> Result<String, FieldError> {
        portal_redirect(raw, &site()).map(String::from)
    }

    #[test]
    fn only_addresses_of_the_portal_are_allowed() {
        assert!(redirect("http://127.0.0.1:8080/?from=menu#/home").is_ok());
        assert!(redirect("https://Portal.Example.cn:443/x").is_ok(), "case and default port");
        for foreign in [
            "http://evil.example/",
            "http://127.0.0.1:8081/",
            "https://127.0.0.1:8080/",
            "http://portal.example.cn/",
            "http://127.0.0.1:8080@evil.example/",
            "http://user@127.0.0.1:8080/",
            "//evil.example/",
            "javascript:alert(1)",
            "/relative",
            "ftp://127.0.0.1:8080/",
        ] {
            assert!(redirect(foreign).is_err(), "{foreign} must be refused");
        }
        let nowhere = Settings { public_origin: None, ..Settings::default() };
        assert!(portal_redirect("http://127.0.0.1:8080/", &nowhere).is_err(), "no origin configured, no redirect");
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
        let errors = parse_authorize(&query, &site()).expect_err("bad");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["appid", "response_type", "scope", "redirect_uri"]);
    }
}
