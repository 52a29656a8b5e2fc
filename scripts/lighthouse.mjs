// Benchmark, not a test: the median of 3 Lighthouse runs (mobile, simulated slow
// 4G: Lighthouse's defaults) of `#/sign-in` and `#/halls`, served precompressed
// by the reference server. Prints perf score, FCP, LCP, TBT and CLS with the
// targets beside them; never fails on a figure (the machine is shared and noisy).
// With --applied, a second table applies the same throttling to the browser itself
// (DevTools throttling): the simulation infers the slow load from a fast one, and counts
// toward the largest paint whatever had arrived when it happened on the fast
// load (there, the preloaded module), though on a slow network the shell paints
// long before the module arrives.
//
//   node scripts/lighthouse.mjs [--dist dist] [--server target/debug/refserver] [--runs 3] [--applied]
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM_ARGS, startServer } from './lib/refserver.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const runs = Number(arg('--runs', '3'));
const PAGES = ['#/sign-in', '#/halls'];
const TARGETS = 'targets: perf ≥ 98, LCP ≤ 1.5 s, CLS 0';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function measure(url, throttlingMethod) {
  // A fresh profile each run: a cold load, as a first visit is.
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], throttlingMethod,
    });
    const audits = result.lhr.audits;
    return {
      perf: Math.round(result.lhr.categories.performance.score * 100),
      fcp: audits['first-contentful-paint'].numericValue,
      lcp: audits['largest-contentful-paint'].numericValue,
      tbt: audits['total-blocking-time'].numericValue,
      cls: audits['cumulative-layout-shift'].numericValue,
    };
  } finally {
    await chrome.kill();
  }
}

async function main() {
  const server = startServer(arg('--server', `${process.env.CARGO_TARGET_DIR || 'target'}/debug/refserver`), arg('--dist', 'dist'));
  try {
    const base = await server.url;
    const methods = process.argv.includes('--applied') ? ['simulate', 'devtools'] : ['simulate'];
    for (const method of methods) {
      const results = Object.fromEntries(PAGES.map((p) => [p, []]));
      // Interleaved, so a noisy moment on the machine does not land on one page only.
      for (let run = 0; run < runs; run++) {
        for (const page of PAGES) results[page].push(await measure(`${base}/${page}`, method));
      }
      const how = method === 'simulate' ? 'simulated slow 4G' : 'slow 4G applied by DevTools';
      console.log(`Lighthouse ${runs} runs, median (mobile, ${how}); ${TARGETS}`);
      console.log('page'.padEnd(12) + 'perf'.padStart(6) + 'FCP'.padStart(9) + 'LCP'.padStart(9) + 'TBT'.padStart(9) + 'CLS'.padStart(8));
      for (const page of PAGES) {
        const of = (key) => median(results[page].map((r) => r[key]));
        const s = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
        console.log(page.padEnd(12) + String(of('perf')).padStart(6) + s(of('fcp')) + s(of('lcp')) +
          `${Math.round(of('tbt'))} ms`.padStart(9) + of('cls').toFixed(3).padStart(8));
      }
    }
  } finally {
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
