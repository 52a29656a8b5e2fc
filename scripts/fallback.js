// Runs before the page paints (a classic script in <head>, so even browsers without
// modules run it):
// 1. Picks the shell web/index.html paints for this visit: the sign-in form where the
//    app will show sign-in, else the page frame; in the language and mode the app will
//    use (the same rules as src/state/prefs.rs), so the app draws over it in place.
// 2. Keeps what is typed into the shell's sign-in form as the form's draft, which the
//    app's sign-in page starts from: nothing typed before the app starts is lost.
// 3. Shows the hotline and halls page when WebAssembly or ES modules are missing, and
//    offers `portalShowFallback` to the boot code for when the app cannot start. The
//    hotline and halls are this deployment's, from config.json and the API.
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
  var open = ['/halls', '/guidance', '/settings', '/status', '/privacy'];
  var first = '/' + route.split('/')[1];
  var signIn = route === '/sign-in' || (!stored('sessionStorage', 'session') && open.indexOf(first) < 0);
  // After a reload on the code step, the app shows that step (src/pages/sign_in/flow.rs):
  // then the shell is the frame, not a form the app would replace.
  try {
    var sent = JSON.parse(stored('sessionStorage', 'draft.sign-in.sent') || 'null');
    if (signIn && sent && Date.now() < sent.at_ms + sent.sent.expires_in_s * 1000) signIn = false;
  } catch (e) {}
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

  function getJson(url, then) {
    try {
      var request = new XMLHttpRequest();
      request.open('GET', url);
      request.onload = function () {
        if (request.status !== 200) return;
        try { then(JSON.parse(request.responseText)); } catch (e) {}
      };
      request.send();
    } catch (e) {}
  }
  // This deployment's hotline and halls, from config.json and the API: the page names
  // only what it can check, so without them it shows the hotline it was built with.
  function fillIn(fallback) {
    getJson('config.json', function (config) {
      var links = fallback.querySelectorAll('[data-config="hotline"]');
      for (var i = 0; i < links.length && config.hotline; i++) {
        links[i].textContent = config.hotline;
        links[i].setAttribute('href', 'tel:' + config.hotline);
      }
      if (typeof config.api_base !== 'string') return;
      getJson(config.api_base.replace(/\/$/, '') + '/halls', function (halls) {
        var list = document.getElementById('fallback-halls');
        if (!list || !halls || !halls.length) return;
        for (var h = 0; h < halls.length; h++) {
          var hall = halls[h];
          var item = document.createElement('li');
          item.appendChild(document.createTextNode(hall.name + '：' + hall.address + '，电话 '));
          var phone = document.createElement('a');
          phone.setAttribute('href', 'tel:' + hall.phone);
          phone.textContent = hall.phone;
          item.appendChild(phone);
          list.appendChild(item);
        }
        list.hidden = false;
        var notes = fallback.querySelectorAll('[data-fallback-halls]');
        for (var n = 0; n < notes.length; n++) notes[n].hidden = false;
      });
    });
  }
  function show() {
    var fallback = document.getElementById('fallback');
    var main = document.getElementById('main');
    if (fallback && fallback.hidden) {
      fallback.hidden = false;
      fillIn(fallback);
    }
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
