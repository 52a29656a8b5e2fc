// Runs before the app (a classic script, so even browsers without modules run it):
// shows the hotline and halls page when WebAssembly or ES modules are missing,
// and offers `portalShowFallback` to the loader for when the module fails to load.
(function () {
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
