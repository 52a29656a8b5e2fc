//! Hash routing, as small as the portal needs it.
//!
//! The address is `#/path` (WeChat's JSSDK signs the URL before `#`, and static
//! hosts need no rewrite rules). The browser keeps the history: a link is a plain
//! `<a href="#/…">`, a push sets `location.hash`, a replace is
//! `location.replace("#/…")`, and each of them, like Back and Forward, fires
//! `hashchange`, which re-renders the routed part of the app. yew-router did the
//! same with a history abstraction, a state store and a recogniser, which were
//! about 20 KB of the first download.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::platform::dom;
use crate::route::Route;

/// What a route needs to be linked to: its path below the `#`.
pub trait Routable: Clone + PartialEq + 'static {
    fn to_path(&self) -> String;
}

impl Routable for Route {
    fn to_path(&self) -> String {
        Route::to_path(self)
    }
}

/// The route of the current address. A fragment that is not a path (WeChat's
/// OAuth comes back with `#wechat_redirect`) is home, as with no fragment at all.
pub fn current() -> Route {
    of_fragment(&dom::current_route())
}

fn of_fragment(fragment: &str) -> Route {
    Route::recognize(if fragment.starts_with('/') { fragment } else { "/" })
}

/// Moves to a route, adding it to the history (Back returns here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Navigator;

impl Navigator {
    pub fn push(&self, route: &impl Routable) {
        if let Some(location) = dom::location() {
            let _ = location.set_hash(&route.to_path());
        }
    }

    /// Moves to a route in place of the current one (Back skips it).
    pub fn replace(&self, route: &impl Routable) {
        if let Some(location) = dom::location() {
            let _ = location.replace(&format!("#{}", route.to_path()));
        }
    }
}

/// The navigator. It acts on the address, so it needs no context; the `Option`
/// is the shape the pages were written against.
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    Some(Navigator)
}

/// What the router renders for a route.
pub type Render = fn(Route) -> Html;

#[derive(Properties)]
pub struct HashRouterProps {
    pub render: Render,
}

impl PartialEq for HashRouterProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.render, other.render)
    }
}

/// Follows the address: renders the current route, again on every `hashchange`.
#[function_component(HashRouter)]
pub fn hash_router(props: &HashRouterProps) -> Html {
    let route = use_state(current);
    {
        let route = route.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let next = current();
                    if *route != next {
                        route.set(next);
                    }
                })
            });
            move || drop(listener)
        });
    }
    (props.render)((*route).clone())
}

/// A link to a route: a plain anchor, so it works before and without a click handler.
/// A function, not a component: each link costs the page a call, not a component's machinery.
pub fn link(to: &Route, class: &'static str, text: impl Into<AttrValue>) -> Html {
    link_with(to, class, html! { { text.into() } })
}

/// [`link`] around any content.
pub fn link_with(to: &Route, class: &'static str, children: Html) -> Html {
    html! { <a href={format!("#{}", to.to_path())} class={(!class.is_empty()).then_some(class)}>{ children }</a> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_that_is_not_a_path_is_home() {
        assert_eq!(of_fragment(""), Route::Home);
        assert_eq!(of_fragment("wechat_redirect"), Route::Home);
        assert_eq!(of_fragment("/halls"), Route::Halls);
        assert_eq!(of_fragment("/pay/orders/P1?from=wechat"), Route::PayOrder { no: "P1".into() });
        assert_eq!(of_fragment("/nope"), Route::NotFound);
    }
}
