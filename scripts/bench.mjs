// `make bench`: the performance budgets of PRODUCT.md, measured. Prints a table and writes
// target/bench/results.json. Budgets are reported, not asserted: benchmarks on a shared
// 2-core machine are for reading, the tests guard behaviour.
//
//   model      each model/examples/bench_*.rs in release; they print lines
//              `BENCH <name> <value> <unit>` (e.g. `BENCH evaluate_default_us 41.2 us`)
//   bundle     brotli bytes of the first load
//   input      slider input -> painted result in headless Chromium, 3 runs of 200 moves,
//              unthrottled and at 4x CPU throttle (CDP Emulation.setCPUThrottlingRate);
//              p50/p95 each the median over the runs, max and long tasks over all runs
//   lighthouse mobile performance / accessibility / best-practices / SEO
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage } from '../tests/e2e/harness.mjs';
import { measure, BUDGET_BYTES } from './bundle-size.mjs';

const OUT = 'target/bench';
mkdirSync(OUT, { recursive: true });
const rows = [];
const add = (name, value, unit, budget, ok) => rows.push({ name, value, unit, budget, ok });

// 1. Model benches (native, release).
const examples = existsSync('model/examples')
  ? readdirSync('model/examples').filter((f) => /^bench_.*\.rs$/.test(f)).map((f) => f.slice(0, -3))
  : [];
const MODEL_BUDGETS = { evaluate_default_us: 200 };
for (const ex of examples) {
  const out = execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '-p', 'infercost', '--example', ex], { encoding: 'utf8' });
  for (const m of out.matchAll(/^BENCH (\S+) ([\d.eE+-]+) (\S+)$/gm)) {
    const budget = MODEL_BUDGETS[m[1]];
    add(`model: ${m[1]}`, Number(m[2]), m[3], budget ? `<= ${budget}` : '', budget ? Number(m[2]) <= budget : null);
  }
}

// 2. Bundle.
const size = measure();
add('first load, brotli', +(size.total_brotli_bytes / 1024).toFixed(1), 'KB', `<= ${BUDGET_BYTES / 1024}`, size.total_brotli_bytes <= BUDGET_BYTES);
add('tools worker (on demand), brotli', +(size.worker.total_brotli_bytes / 1024).toFixed(1), 'KB', `<= ${size.worker.budget_bytes / 1024}`, size.worker.total_brotli_bytes <= size.worker.budget_bytes);
add('tools worker + tools.js + tools.css, brotli', +((size.worker.total_brotli_bytes + size.tools.total_brotli_bytes) / 1024).toFixed(1), 'KB', '', null);

// 3. Slider input to painted result.
const server = await serve();
// Frames unthrottled: otherwise requestAnimationFrame waits for the next 60 Hz vsync and
// every sample reads ~16.7 ms whatever the page does.
const browser = await launch(['--disable-frame-rate-limit', '--disable-gpu-vsync']);
async function inputLatency(throttle, duringSearch = false) {
  const { page, context } = await openPage(browser, `${server.origin}/`);
  if (duringSearch) {
    // Load the tools and their worker first: the samples measure the slider while a search
    // runs in the worker, not the one-off module load.
    await page.click('[data-testid=find-cheapest]');
    await page.waitForSelector('[data-testid=search-results]', { timeout: 30000 });
  }
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  // Measure input on a settled page: the app's start (mounting, first chart writes) can still
  // be running when the verdict first shows, and would land in the first sample.
  await page.evaluate(() => new Promise((ok) => requestIdleCallback(() => ok(), { timeout: 3000 })));
  const r = await page.evaluate(async (duringSearch) => {
    const slider = document.querySelector('input[type=range][data-testid=requests-per-month]');
    const searching = () => document.querySelector('[data-testid=search-progress]') !== null;
    const obs = [];
    const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) obs.push(e.duration); });
    po.observe({ type: 'longtask', buffered: false });
    const times = [];
    let searches = 0;
    for (let i = 0; times.length < 200 && i < 20000; i++) {
      if (duringSearch && !searching()) {
        // Another search: only samples taken while one runs count.
        document.querySelector('[data-testid=find-cheapest]').click();
        searches += 1;
        for (let t = 0; t < 200 && !searching(); t++) await new Promise((ok) => setTimeout(ok, 10));
        continue;
      }
      slider.value = String(300 + (i % 2 ? 150 : 0) + (i % 7));
      const t0 = performance.now();
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      if (!duringSearch || searching()) times.push(performance.now() - t0);
    }
    po.disconnect();
    return { times, longTasks: obs, searches };
  }, duringSearch);
  await context.close();
  const s = [...r.times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1], longTasks: r.longTasks.length };
}
// Three runs of 200 moves each: p50 and p95 are each the median of the three runs' values
// (this VM's neighbours move a single run's p95 by 1-2 ms); the throttled max and the long
// tasks are over all runs.
async function inputLatencyRuns(throttle, duringSearch = false) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await inputLatency(throttle, duringSearch));
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
  return {
    p50: median('p50'),
    p95: median('p95'),
    max: Math.max(...runs.map((r) => r.max)),
    longTasks: runs.reduce((n, r) => n + r.longTasks, 0),
  };
}
const fast = await inputLatencyRuns(1);
add('input->paint p50, unthrottled', +fast.p50.toFixed(2), 'ms', '', null);
add('input->paint p95, unthrottled', +fast.p95.toFixed(2), 'ms', '<= 8', fast.p95 <= 8);
const slow = await inputLatencyRuns(4);
add('input->paint p50, 4x throttle', +slow.p50.toFixed(2), 'ms', '', null);
add('input->paint p95, 4x throttle', +slow.p95.toFixed(2), 'ms', '', null);
add('input->paint max, 4x throttle', +slow.max.toFixed(2), 'ms', '<= 100', slow.max <= 100);
add('tasks over 50 ms, 4x throttle', slow.longTasks, 'tasks', '0', slow.longTasks === 0);
const busy = await inputLatencyRuns(1, true);
add('input->paint p95 during a search, unthrottled', +busy.p95.toFixed(2), 'ms', '<= 8', busy.p95 <= 8);

// The search's wall time on the default scenario, in the worker (the tools loaded first, as a
// person who has opened them once): median of three.
const searchMs = [];
{
  const { page, context } = await openPage(browser, `${server.origin}/`);
  for (let i = 0; i < 4; i++) {
    await page.evaluate(() => document.querySelector('[data-testid=tools-panel]').replaceChildren());
    await page.click('[data-testid=find-cheapest]');
    await page.waitForSelector('[data-testid=search-results]', { timeout: 30000 });
    const ms = Number(await page.getAttribute('[data-testid=tools-panel]', 'data-search-ms'));
    if (i > 0) searchMs.push(ms);
  }
  await context.close();
}
const searchMedian = searchMs.sort((a, b) => a - b)[1];
add('search, default scenario, in the worker', searchMedian, 'ms', '< 1000', searchMedian < 1000);
await browser.close();

// 4. Lighthouse (mobile preset is its default).
const lhPort = 9222 + Math.floor(Math.random() * 500);
// Run Lighthouse asynchronously: the server answering it lives in this process, so a
// blocking spawnSync would starve it and Lighthouse would see a hung page.
const lh = await new Promise((done) => {
  const child = spawn('node_modules/.bin/lighthouse', [
    `${server.origin}/`, '--quiet', '--output=json', `--output-path=${OUT}/lighthouse.json`,
    `--port=${lhPort}`, '--max-wait-for-load=30000',
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync',
  ], { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  child.on('close', (status) => { clearTimeout(timer); done({ status, stderr }); });
});
await server.close();
if (lh.status === 0 && existsSync(`${OUT}/lighthouse.json`)) {
  const report = JSON.parse(readFileSync(`${OUT}/lighthouse.json`, 'utf8'));
  const cats = report.categories;
  // What the performance score mostly turns on here: the page's start (docs/PAGE.md).
  add('lighthouse mobile: total blocking time', Math.round(report.audits?.['total-blocking-time']?.numericValue ?? NaN), 'ms', '', null);
  for (const [key, min] of [['performance', 95], ['accessibility', 100], ['best-practices', 100], ['seo', 100]]) {
    const score = Math.round((cats[key]?.score ?? 0) * 100);
    add(`lighthouse mobile: ${key}`, score, '/100', `>= ${min}`, score >= min);
  }
} else {
  add('lighthouse', NaN, '', 'ran', false);
  console.error(lh.stderr.split('\n').slice(-5).join('\n'));
}

// Report.
const w = Math.max(...rows.map((r) => r.name.length));
console.log(`${'benchmark'.padEnd(w)}  ${'value'.padStart(10)}  unit    budget     ok`);
for (const r of rows) {
  console.log(`${r.name.padEnd(w)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(6)}  ${String(r.budget).padEnd(9)}  ${r.ok === null ? '' : r.ok ? 'yes' : 'NO'}`);
}
writeFileSync(`${OUT}/results.json`, JSON.stringify({ date: new Date().toISOString(), rows }, null, 1));
console.log(`wrote ${OUT}/results.json`);
