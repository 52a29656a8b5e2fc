// First-load budget, measured in a browser: the encoded bytes headless Chromium
// receives (what a phone downloads, compressed as the server sends it) for
//   1. a cold `#/sign-in` (empty cache),
//   2. then signing in and landing on home,
//   3. then the first visit to each area, whose piece arrives then.
// Prints a table per step and cumulative; fails above the limits. For each area it
// also prints the code its first visit needs straight from home (its piece and the
// shared pieces home does not load), which this walk counts at the first area that
// fetched them; that column is not gated yet (see the closing note of issue 11).
//
//   node scripts/budget.mjs [--dist dist] [--server target/debug/refserver] [--negative-control]
//
// Starts the reference server on a free port with a fresh database, serving dist/.
// The negative control serves a copy of dist/ whose index.html carries 8 KB of noise
// that no compression removes, and succeeds only if the gate refuses that sign-in page.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startServer } from './lib/refserver.mjs';

// The product's limits (issue 11): sign-in cold ≤ 120 KB, home after sign-in
// ≤ 150 KB in all, no area adds more than 60 KB of code. They hold, so the gate
// is the product's own; it never moves up.
const TARGET = { signIn: 120_000, home: 150_000, area: 60_000 };
const LIMIT = TARGET;

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const control = process.argv.includes('--negative-control');
const built = arg('--dist', 'dist');

// A heavier sign-in page: the same build, its index.html padded (and its precompressed
// copies written again, as the build writes them).
function padded(from) {
  const copy = mkdtempSync(join(tmpdir(), 'budget-control-'));
  cpSync(from, copy, { recursive: true });
  const index = join(copy, 'index.html');
  const html = readFileSync(index, 'utf8').replace('</body>', `<!-- ${randomBytes(6000).toString('base64')} --></body>`);
  writeFileSync(index, html);
  writeFileSync(`${index}.br`, brotliCompressSync(html));
  writeFileSync(`${index}.gz`, gzipSync(html));
  return copy;
}
const dist = control ? padded(built) : built;
const serverBin = arg('--server', `${process.env.CARGO_TARGET_DIR || 'target'}/debug/refserver`);

// The areas and a page of each that shows once its piece has arrived.
const AREAS = [
  { name: 'usage & bills', piece: 'usage', route: '#/usage', ready: '[data-testid=tier-used], [data-testid=usage-empty]' },
  { name: 'pay, orders & receipts', piece: 'pay', route: '#/pay', ready: '[data-testid=pay-form]' },
  { name: 'halls, booking & appointments', piece: 'halls', route: '#/halls', ready: '[data-testid=hall]' },
  { name: 'ratings', piece: 'ratings', route: '#/ratings', ready: '[data-testid=my-ratings], [data-testid=ratings-empty]' },
  { name: 'accounts & settings', piece: 'account', route: '#/accounts', ready: '[data-testid=bind-form]' },
];

const isCode = (url) => /\.(wasm|js)(\?|$)/.test(url);
const fileOf = (url) => new URL(url).pathname.split('/').pop();

// Later pages of an area, visited after every area's first: they travel in their area's
// piece, so they should add no code; a row here shows it if one starts to need more.
const MORE_PAGES = [
  { name: 'pay for someone else (pay)', route: '#/pay/other', ready: '[data-testid=payee-form]' },
  { name: 'can I do this online? (halls)', route: '#/guidance', ready: '[data-testid=needs]' },
];

// The files each area's first visit needs (its piece and the shared pieces it
// loads), from the table the boot code carries (scripts/postbuild.mjs appends it to
// the bindings' module, main-<hash>.js).
function piecesOfAreas() {
  const boot = readdirSync(dist).find((f) => /^main-[0-9a-f]+\.js$/.test(f));
  const table = boot && readFileSync(join(dist, boot), 'utf8').match(/const early = (\{.*?\});/s);
  if (!table) throw new Error(`no table of pieces in ${dist}'s boot code`);
  return Object.fromEntries(Object.entries(JSON.parse(table[1])).map(([area, files]) => [area, files.map(([f]) => f)]));
}

/// Counts what the page receives, by CDP's encoded data length (headers included).
async function meter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // Chromium offers br only over HTTPS; a phone on the real site gets br.
  await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'br, gzip' } });
  const urls = new Map();
  let step = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) ?? '?';
    step.push({ url, bytes: e.encodedDataLength });
  });
  return {
    take() {
      const taken = step;
      step = [];
      return taken;
    },
  };
}

async function settle(page, selector) {
  await page.waitForSelector(selector, { state: 'visible', timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
}

const kb = (n) => (n / 1000).toFixed(1).padStart(8) + ' KB';

async function main() {
  const server = startServer(serverBin, dist);
  const base = await server.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const rows = [];
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const net = await meter(page);
    const record = (name, kind) => {
      const received = net.take();
      const all = received.reduce((s, r) => s + r.bytes, 0);
      const code = received.filter((r) => isCode(r.url)).reduce((s, r) => s + r.bytes, 0);
      rows.push({ name, kind, all, code, files: received });
    };

    await page.goto(`${base}/#/sign-in`);
    await settle(page, '[data-testid=details-form]');
    record('sign-in, cold', 'signIn');
    // The control stops here: only the sign-in page is padded.
    if (!control) {
      await page.fill('#account_no', '3210000001');
      await page.fill('#phone', '13800000001');
      await page.click('[data-testid=details-form] button[type=submit]');
      await page.waitForSelector('[data-testid=code-form]', { timeout: 60_000 });
      const sms = await (await fetch(`${base}/api/v1/demo/sms?phone=13800000001`)).json();
      await page.fill('#code', sms.code);
      await page.click('[data-testid=code-form] button[type=submit]');
      await settle(page, '[data-testid=overview]');
      record('home after sign-in', 'home');

      for (const area of AREAS) {
        await page.evaluate((route) => { window.location.hash = route; }, area.route);
        await settle(page, area.ready);
        record(`first visit: ${area.name}`, 'area');
      }
      for (const more of MORE_PAGES) {
        await page.evaluate((route) => { window.location.hash = route; }, more.route);
        await settle(page, more.ready);
        record(`then: ${more.name}`, 'page');
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  finish(rows);
}

function finish(rows) {
  let failed = false;
  // An area's code straight from home: its own files and the shared pieces it needs
  // that home did not fetch, wherever in this walk they arrived first.
  const needs = control ? {} : piecesOfAreas();
  const fetchedAt = new Map();
  for (const row of rows) for (const f of row.files) if (isCode(f.url)) fetchedAt.set(fileOf(f.url), { row, bytes: f.bytes });
  const home = rows.find((r) => r.kind === 'home');
  const fromHome = (row) => {
    const area = AREAS.find((a) => row.name === `first visit: ${a.name}`)?.piece;
    return (needs[area] ?? []).reduce((sum, file) => {
      const at = fetchedAt.get(file);
      return at && at.row !== home && rows.indexOf(at.row) > rows.indexOf(home) ? sum + at.bytes : sum;
    }, 0);
  };

  console.log('step'.padEnd(44) + 'all'.padStart(11) + 'code'.padStart(11) + 'cumulative'.padStart(11) + '  code straight from home');
  let cumulative = 0;
  for (const row of rows) {
    cumulative += row.all;
    const straight = row.kind === 'area' ? kb(fromHome(row)) : '';
    console.log(row.name.padEnd(44) + kb(row.all) + kb(row.code) + kb(cumulative) + straight);
    for (const file of row.files.filter((f) => f.bytes > 2000)) {
      console.log(`    ${new URL(file.url).pathname.slice(0, 40).padEnd(40)}${kb(file.bytes)}`);
    }
    const over = (figure, limit, what) => {
      if (figure > limit) {
        console.error(`  over the limit: ${what} ${kb(figure).trim()} > ${kb(limit).trim()}`);
        failed = true;
      }
    };
    if (row.kind === 'signIn') over(row.all, LIMIT.signIn, 'sign-in cold');
    if (row.kind === 'home') over(cumulative, LIMIT.home, 'home after sign-in, in all');
    if (row.kind === 'area') over(row.code, LIMIT.area, 'code this area adds');
    if (row.kind === 'page') over(row.code, LIMIT.area, 'code this page adds');
  }
  console.log(
    `limits: sign-in ${kb(LIMIT.signIn).trim()}, home ${kb(LIMIT.home).trim()} in all, an area ${kb(LIMIT.area).trim()} of code` +
      ` (targets ${kb(TARGET.signIn).trim()}, ${kb(TARGET.home).trim()}, ${kb(TARGET.area).trim()})`,
  );
  if (control) {
    rmSync(dist, { recursive: true, force: true });
    if (!failed) {
      console.error('negative control FAILED: a sign-in page 8 KB heavier passed the gate');
      process.exit(1);
    }
    console.log('negative control: the gate refuses a sign-in page 8 KB heavier, as it should');
    return;
  }
  if (failed) {
    console.error('\nover budget: see what costs what with twiggy (scripts/wasm.sh leaves target/split/pieces)');
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
