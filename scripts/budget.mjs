// First-load budget: the bytes a phone downloads before the portal can start
// (index.html, CSS, the scripts it loads, the wasm module), compressed as the
// server sends them. Prints the figures; fails above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

// The target is 150 KB. The portal shell (Yew + yew-router + serde_json + nine
// routes, sign-in, accounts, overview, i18n) measured 171.9 KB: Yew's generic
// machinery instantiated per component is about a third of the wasm, serde_json
// deserializers of the contract types and the two languages' texts most of the
// rest (twiggy breakdown in the commit that raised it). The usage and bills pages
// (SVG charts, tables and CSV, forecast, bills, bill detail, invoice download)
// brought it to about 207 KB: each page's view and each `use_load` instance is
// its own monomorphised copy of Yew's machinery. The hall finder, the seven-step
// booking flow, appointments with QR code (qrcodegen) and calendar file brought
// it to about 248 KB, the reschedule page to 253 KB. Payment (pay form, order page
// with polling, WeChat bridge, receipt, history) and ratings (rating form, lists,
// follow-up thread, invitations) brought it to about 324 KB: the rating form alone
// is the largest function in the module (each closure over the form's draft is its
// own copy of Yew's callback machinery). The limit is the measured figure plus a
// little room; raise it only with the reason in the commit message.
const TARGET_BROTLI_BYTES = 150_000;
const BUDGET_BROTLI_BYTES = 330_000;
const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// Attributes may be unquoted: the release build minifies index.html.
const referenced = [...html.matchAll(/(?:href|src)=["']?\/([^"'\s>]+\.(?:js|css|wasm|svg))/g)].map((m) => m[1]);
const files = ['index.html', ...new Set(referenced)];

const kb = (n) => (n / 1000).toFixed(1).padStart(7) + ' KB';
let totals = { raw: 0, br: 0, gz: 0 };
console.log('first load'.padEnd(40) + 'raw'.padStart(10) + 'brotli'.padStart(10) + 'gzip'.padStart(10));
for (const file of files) {
  const data = readFileSync(join(dist, file));
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const gz = gzipSync(data, { level: 9 }).length;
  totals = { raw: totals.raw + data.length, br: totals.br + br, gz: totals.gz + gz };
  console.log(file.padEnd(40) + kb(data.length) + kb(br) + kb(gz));
}
console.log('total'.padEnd(40) + kb(totals.raw) + kb(totals.br) + kb(totals.gz));
console.log(`budget: ${kb(totals.br).trim()} brotli; limit ${kb(BUDGET_BROTLI_BYTES).trim()}, target ${kb(TARGET_BROTLI_BYTES).trim()}`);
if (totals.br > BUDGET_BROTLI_BYTES) {
  console.error(`\nover the limit by ${kb(totals.br - BUDGET_BROTLI_BYTES).trim()}: see what costs what with twiggy`);
  process.exit(1);
}
