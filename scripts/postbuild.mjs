// Trunk post-build hook: wires the WebAssembly pieces that scripts/wasm.sh left in
// the staging folder into index.html.
// 1. Names every piece by its content (`name-<hash>.ext`), so hosts cache them for a
//    year and a deploy never mixes old and new pieces under one name; the two
//    loaders (wasm-bindgen's and the splitter's) import each other, so they share
//    one hash of both. Each wasm piece is fetched with an SRI integrity.
// 2. Appends the boot code to the bindings' module, an external, hashed file with an
//    SRI integrity attribute, so the Content-Security-Policy needs no 'unsafe-inline'
//    and no hashes, on any static host. It shows the fallback page if the app cannot start.
// 3. Flattens the landing's chain of requests: index.html preloads the scripts, the
//    landing module and config.json, so they come in one round trip, and carries the
//    icon itself (a data: URL), a request fewer.
// 4. Names the build in index.html (`<meta name="portal-build">`): an open tab that
//    meets a newer deploy reloads itself once (src/platform/deploy.rs).
// 5. Writes .br and .gz beside every text and wasm asset for servers that send them.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('run by trunk (TRUNK_STAGING_DIR is not set) or with the staging folder');

const digest = (algorithm, data, encoding) => createHash(algorithm).update(data).digest(encoding);
const hash16 = (data) => digest('sha256', data, 'hex').slice(0, 16);
const sri = (data) => `sha384-${digest('sha384', data, 'base64')}`;
const read = (file) => readFileSync(join(dir, file));
const replaceAll = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`expected ${from} in a loader`);
  return text.split(from).join(to);
};

// 1. The wasm pieces, by content.
const pieces = readdirSync(dir).filter((f) => /^(main_bg|split_\w+|chunk_\d+)\.wasm$/.test(f));
if (!pieces.includes('main_bg.wasm')) throw new Error(`no main_bg.wasm in ${dir}: did scripts/wasm.sh run?`);
const named = new Map(); // built name -> hashed name
const integrity = {}; // hashed name -> SRI
for (const file of pieces) {
  const data = read(file);
  const stem = file === 'main_bg.wasm' ? 'portal' : file.replace(/\.wasm$/, '').replace(/^split_/, '');
  const name = `${stem}-${hash16(data)}.wasm`;
  renameSync(join(dir, file), join(dir, name));
  named.set(file, name);
  integrity[name] = sri(data);
}
const landingWasm = named.get('main_bg.wasm');

let bindings = read('main.js').toString();
let splitter = read('__wasm_split.js').toString();
// Every piece is fetched under its hashed name and checked against its hash; a
// failed answer (404 after a deploy, 5xx, offline) rejects, and the app shows a
// retry (src/pieces.rs).
for (const [file, name] of named) {
  if (file === 'main_bg.wasm') continue;
  splitter = replaceAll(
    splitter,
    `fetch(new URL("./${file}", import.meta.url))`,
    `fetchPiece(new URL("./${name}", import.meta.url), "${integrity[name]}")`,
  );
}
if (/import\.meta\.url\)\)/.test(splitter)) throw new Error('a piece the build did not name is fetched');
// Each area's piece with the shared piece it needs, for the boot code to fetch beside
// the app when the page opened is in that area (the loader then finds them in the
// cache): the area's page does not wait for the app to start before its code comes.
// Where each route's page lives, by the path's first segment (Route::area in
// src/route.rs; a test there keeps the two the same).
const AREA_OF_FIRST_SEGMENT = {
  '': 'home', usage: 'usage', bills: 'usage', notices: 'usage',
  pay: 'pay', receipts: 'pay', payments: 'pay',
  halls: 'halls', guidance: 'halls', book: 'halls', appointments: 'halls',
  ratings: 'ratings', rate: 'ratings',
  accounts: 'account', settings: 'account', status: 'account', privacy: 'account',
};
// The routes anyone may open (Route::needs_sign_in); the others wait for a session.
const OPEN_TO_ALL = ['halls', 'guidance', 'settings', 'status', 'privacy'];
const chunkFiles = new Map(
  [...splitter.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetchPiece\(new URL\("\.\/([^"]+)"/g)].map((m) => [m[1], m[2]]),
);
const areaFiles = {};
for (const m of splitter.matchAll(
  /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetchPiece\(new URL\("\.\/([^"]+)"[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)\)/g,
)) {
  const chunks = m[3].split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
    if (!chunkFiles.has(c)) throw new Error(`the ${m[1]} piece needs ${c}, which the loader does not fetch`);
    return chunkFiles.get(c);
  });
  areaFiles[m[1]] = [m[2], ...chunks].map((file) => [file, integrity[file]]);
}
for (const area of [...new Set(Object.values(AREA_OF_FIRST_SEGMENT)), 'wechat']) {
  if (!areaFiles[area]) throw new Error(`no piece for the ${area} area in the splitter's loader`);
}

// A failure names the piece (the splitter logs it), and an error status is one.
splitter = `const fetchPiece = (url, integrity) => fetch(url, { integrity }).then(
  (answer) => { if (!answer.ok) throw new Error(\`\${url.pathname}: HTTP \${answer.status}\`); return answer; },
  (error) => { throw new Error(\`\${url.pathname} could not be fetched: \${error.message}\`); });
${splitter}`;

// 2. The boot code, at the end of the bindings' module (one request fewer than a file
// of its own). It fetches the landing module as index.html preloads it (cors, no
// integrity: browsers ignore and warn about integrity on a preload `as="fetch"`, and a
// fetch with one would not reuse the preload); the module that runs it is checked by
// its script tag's integrity. It stays unminified: scripts/budget.mjs reads its table.
const boot = (bindingsName) => `
// Starts the portal (appended by scripts/postbuild.mjs). The piece of the page opened
// comes beside the app, not after it.
{
try {
  const segment = location.hash.replace(/^#\\/?/, "").split(/[/?]/)[0];
  const area = ${JSON.stringify(AREA_OF_FIRST_SEGMENT)}[segment];
  const open = ${JSON.stringify(OPEN_TO_ALL)}.includes(segment) || sessionStorage.getItem("portal.session");
  const early = ${JSON.stringify(areaFiles)};
  const prefetch = (piece) => {
    for (const [file, integrity] of early[piece]) {
      fetch(new URL("./" + file, import.meta.url), { integrity }).catch(() => {});
    }
  };
  if (area && open) prefetch(area);
  // Signing in from WeChat is a piece only WeChat's browser fetches (src/pieces.rs).
  if (/MicroMessenger/i.test(navigator.userAgent) && !sessionStorage.getItem("portal.session")) prefetch("wechat");
} catch (_) {}
// One frame of the shell first (web/index.html), then the app draws over it. This
// module's own default export is wasm-bindgen's init (importing itself fetches nothing).
requestAnimationFrame(() => setTimeout(() => {
  import("./${bindingsName}")
    .then(({ default: init }) => init({ module_or_path: fetch(new URL("./${landingWasm}", import.meta.url)) }))
    .catch((error) => {
      console.warn('the portal could not start', error);
      if (window.portalShowFallback) window.portalShowFallback();
    });
}, 0));
}
`;

// The two loaders import each other: one hash for both.
// (over their text before the names are written in, the boot code, and this script, which writes them)
const loadersHash = hash16([bindings, splitter, boot(''), readFileSync(new URL(import.meta.url))].join('\0'));
const bindingsName = `main-${loadersHash}.js`;
const splitterName = `pieces-${loadersHash}.js`;
// Only the import specifiers: the wasm module's own import names stay `./__wasm_split.js`.
bindings = replaceAll(bindings, 'from "./__wasm_split.js"', `from "./${splitterName}"`);
splitter = replaceAll(splitter, '"./main.js"', `"./${bindingsName}"`);
// Minified after the names are in (wasm-bindgen's glue is verbose: −1.9 KB br).
const minified = async (code) => (await minify(code, { module: true, compress: true, mangle: true })).code;
bindings = (await minified(bindings)) + boot(bindingsName);
splitter = await minified(splitter);
writeFileSync(join(dir, bindingsName), bindings);
writeFileSync(join(dir, splitterName), splitter);
rmSync(join(dir, 'main.js'));
rmSync(join(dir, '__wasm_split.js'));

// 3 and 4. index.html.
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
// `trunk serve` adds its inline live-reload script; a release build must have none.
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
if (release && /<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error(`an inline script is in index.html:\n${html}`);
const buildId = hash16([bindingsName, ...named.values()].join(' '));
const head = [
  `<meta name="portal-build" content="${buildId}">`,
  `<link rel="modulepreload" href="./${splitterName}" integrity="${sri(splitter)}" crossorigin="anonymous">`,
  `<link rel="preload" href="./${landingWasm}" as="fetch" type="application/wasm" crossorigin="anonymous">`,
  `<link rel="preload" href="./config.json" as="fetch" crossorigin="anonymous">`,
  `<script type="module" src="./${bindingsName}" integrity="${sri(bindings)}" crossorigin="anonymous"></script>`,
].join('');
if (!html.includes('</head>')) throw new Error('no </head> in index.html');
// The shell shows the utility's name and hotline as config.json has them now.
const config = JSON.parse(read('config.json'));
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fill = (key, value, fixTag = (tag) => tag) => {
  const element = new RegExp(`(<[^>]*\\bdata-config="?${key.replace('.', '\\.')}"?[^>]*>)[^<]*`, 'g');
  if (!element.test(html)) throw new Error(`the shell has no data-config=${key}`);
  html = html.replace(element, (_, tag) => fixTag(tag) + escapeHtml(value));
};
fill('utility_name.zh', config.utility_name.zh);
fill('utility_name.en', config.utility_name.en);
fill('hotline', config.hotline, (tag) => tag.replace(/href="?tel:[^"\s>]*"?/, `href="tel:${escapeHtml(config.hotline)}"`));
html = html.replace('</head>', `${head}</head>`);
// The icon, in the page (the policy's img-src allows data:): one request fewer.
const icon = /<link\b[^>]*\brel="?icon"?[^>]*>/;
const iconFile = html.match(icon)?.[0].match(/href="?\.\/([^"\s>]+\.svg)/)?.[1];
if (!iconFile) throw new Error('no icon link in index.html');
const iconUrl = `data:image/svg+xml,${encodeURIComponent(read(iconFile).toString().trim())}`;
html = html.replace(icon, `<link rel="icon" href="${iconUrl}">`);
rmSync(join(dir, iconFile));
writeFileSync(indexPath, html);

// 5. Precompressed copies. config.json is edited per deployment after the build,
// so it has none: a stale .br would be sent instead of the edited file.
const compressible = /\.(html|js|css|wasm|svg|txt)$/;
for (const file of readdirSync(dir)) {
  const path = join(dir, file);
  if (!compressible.test(file) || !statSync(path).isFile()) continue;
  const data = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
}
console.log(`portal build ${buildId}: ${named.size} wasm pieces, app ${bindingsName}`);
