// Runs before the page paints (a classic script in <head>, so even browsers without
// modules run it):
// 1. Picks the shell web/index.html paints for this visit: the sign-in form where the
//    app will show sign-in, else the page frame; in the language and mode the app will
//    use (the same rules as src/state/prefs.rs), so the app draws over it in place.
// 2. Keeps what is typed into the shell's sign-in form as the form's draft, which the
//    app's sign-in page starts from: nothing typed before the app starts is lost.
// 3. Shows the hotline and halls page when WebAssembly or ES modules are missing, and
//    offers `portalShowFallback` to the boot code for when the app cannot start.
(function () {
  var root = document.documentElement;
  function stored(area, key) {
    try { return window[area].getItem('portal.' + key); } catch (e) { return null; }
  }
  var lang = stored('localStorage', 'lang');
  if (lang !== 'en' && lang !== 'zh-CN') {
    lang = /^en/i.test(navigator.language || '') ? 'en' : 'zh-CN';
  }
  root.setAttribute('lang', lang);
  if (stored('localStorage', 'care') === 'on') root.setAttribute('data-care', 'on');
  // The routes anyone may open (Route::needs_sign_in; a test in src/route.rs keeps
  // them equal); the others send a visitor without a session to sign in.
  var route = (location.hash.replace(/^#/, '').split('?')[0]) || '/';
  var open = ['/halls', '/settings', '/status', '/privacy'];
  var signIn = route === '/sign-in' || (!stored('sessionStorage', 'session') && open.indexOf(route) < 0);
  root.setAttribute('data-shell', signIn ? 'sign-in' : 'frame');

  document.addEventListener('input', function (event) {
    var form = event.target && event.target.form;
    if (!form || !form.hasAttribute('data-shell-draft')) return;
    var draft = { account_no: form.elements.account_no.value, phone: form.elements.phone.value };
    try { sessionStorage.setItem('portal.draft.' + form.getAttribute('data-shell-draft'), JSON.stringify(draft)); } catch (e) {}
  });
  document.addEventListener('submit', function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute('data-shell-draft')) event.preventDefault();
  });

  function show() {
    var fallback = document.getElementById('fallback');
    var main = document.getElementById('main');
    if (fallback) fallback.hidden = false;
    if (main) main.hidden = true;
  }
  window.portalShowFallback = show;
  var hasWasm = typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
  var hasModules = 'noModule' in document.createElement('script');
  if (!hasWasm || !hasModules) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }
})();
