//! A tab that stays open across a deploy: the pieces it knows by name may be gone
//! from the host. Each build names itself in index.html
//! (`<meta name="portal-build">`, written by scripts/postbuild.mjs); when a piece
//! cannot be fetched and the host now serves another build, the tab reloads
//! itself once into that build rather than run a mix of two. Drafts live in
//! sessionStorage, so the reload loses nothing typed.

use crate::api::fetch_text;
use crate::platform::{dom, storage};

const BUILD_META: &str = "portal-build";
/// The build this tab last reloaded itself into: never twice for one build, so a
/// broken deploy shows the retry message instead of a reload loop.
const RELOADED_FOR: &str = "reloaded-for";

/// The build named in an index.html.
pub fn build_in(html: &str) -> Option<&str> {
    let at = html.find(&format!("name={BUILD_META}")).or_else(|| html.find(&format!("name=\"{BUILD_META}\"")))?;
    let tag_end = html[at..].find('>')? + at;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_end];
    let content = tag.split("content=").nth(1)?;
    let content = content.trim_start_matches('"');
    let end = content.find(['"', ' ', '/', '>']).unwrap_or(content.len());
    Some(&content[..end]).filter(|b| !b.is_empty())
}

fn running_build() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector(&format!("meta[name={BUILD_META}]")).ok()??.get_attribute("content")
}

/// Reloads the tab when the host serves a newer build than this tab runs, once
/// per build. Answers whether it did.
pub async fn reload_if_replaced() -> bool {
    // Offline, the host cannot be asked: say so at once rather than after the retries.
    if web_sys::window().is_some_and(|w| !w.navigator().on_line()) {
        return false;
    }
    let (Some(running), Some(location)) = (running_build(), dom::location()) else { return false };
    let Ok(path) = location.pathname() else { return false };
    let Ok(html) = fetch_text(&path).await else { return false };
    let Some(deployed) = build_in(&html) else { return false };
    if deployed == running || storage::get(storage::Area::Session, RELOADED_FOR).as_deref() == Some(deployed) {
        return false;
    }
    storage::set(storage::Area::Session, RELOADED_FOR, deployed);
    location.reload().is_ok()
}

#[cfg(test)]
mod tests {
    use super::build_in;

    #[test]
    fn the_build_is_read_from_plain_and_minified_html() {
        assert_eq!(build_in(r#"<head><meta name="portal-build" content="1a2b3c"></head>"#), Some("1a2b3c"));
        assert_eq!(build_in("<head><meta content=9f8e name=portal-build></head>"), Some("9f8e"));
        assert_eq!(build_in("<meta name=portal-build content=9f8e>"), Some("9f8e"));
        assert_eq!(build_in("<html><head></head></html>"), None);
    }
}
