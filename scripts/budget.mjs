// First-load budget: the bytes a phone downloads before the portal can start
// (index.html, CSS, the scripts it loads, the wasm module), compressed as the
// server sends them. Prints the figures; fails above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const BUDGET_BROTLI_BYTES = 150_000;
const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:href|src)="\/([^"]+\.(?:js|css|wasm|svg))"/g)].map((m) => m[1]);
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
console.log(`budget: ${kb(totals.br).trim()} of ${kb(BUDGET_BROTLI_BYTES).trim()} brotli`);
if (totals.br > BUDGET_BROTLI_BYTES) {
  console.error(`over budget by ${kb(totals.br - BUDGET_BROTLI_BYTES).trim()}: see what costs what with twiggy`);
  process.exit(1);
}
