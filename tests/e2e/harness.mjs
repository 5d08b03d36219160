// Shared test harness for the browser layers: a static server for dist/ on a free port
// that proves it is ours, a Chromium launcher for this closed network, axe-core, and a tiny
// runner. Used by run.mjs (tests) and scripts/bench.mjs (benchmarks).
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, resolve, normalize } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DIST = join(ROOT, 'dist');
export const OUT = join(ROOT, 'target', 'e2e');

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.txt': 'text/plain',
};

/** Serves `dir` on 127.0.0.1 at a free port. Every response carries a per-run token, so a
 *  test can check it is talking to this server and not a stale one on a reused port. */
export async function serve(dir = DIST, extraHeaders = {}, prefix = '') {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html missing: build first`);
  const token = randomUUID();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (prefix && !url.pathname.startsWith(`${prefix}/`)) { res.writeHead(404, { 'x-test-server': token }).end('not found'); return; }
    let path = normalize(decodeURIComponent(url.pathname.slice(prefix.length))).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404, { 'x-test-server': token }).end('not found'); return; }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Module scripts and the wasm fetch from a sandboxed (opaque-origin) frame are CORS
      // requests; the README asks hosts to send this for the calculator's static files.
      'access-control-allow-origin': '*',
      'x-test-server': token,
      ...extraHeaders,
    });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const check = await fetch(`${origin}${prefix}/index.html`);
  const body = await check.text();
  if (check.headers.get('x-test-server') !== token || body !== readFileSync(join(dir, 'index.html'), 'utf8')) {
    server.close();
    throw new Error(`the server on ${origin} is not the one this test started, or serves another build`);
  }
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Opens a page that records console errors, page errors, CSP violations and every request
 *  that would leave the allowed origins (those are aborted). */
export async function openPage(browser, url, { width = 1280, height = 900, colorScheme = 'light', allowedOrigins = [], waitFor = '[data-testid=verdict]' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const origins = new Set([new URL(url).origin, ...allowedOrigins]);
  const log = { errors: [], external: [], csp: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
    if (/Content Security Policy/i.test(m.text())) log.csp.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || origins.has(u.origin)) return route.continue();
    log.external.push(u.href);
    return route.abort();
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  await page.waitForSelector(waitFor);
  await built(page);
  return { page, context, log };
}

/** Waits until the calculator has built the parts below its first screen (they are built in
 *  small tasks after the first paint: `build_the_rest` in src/app.rs). Pages without the
 *  calculator (an embedding host) pass at once. */
export async function built(page) {
  await page.waitForFunction(() => !document.querySelector('main') || document.documentElement.hasAttribute('data-built'));
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.2 AA tags, target-size on) and returns its violations. */
export async function axe(page) {
  // evaluate() runs through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      rules: { 'target-size': { enabled: true } },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

/** A minimal sequential runner: `test(name, fn)`, then `await run()`. */
const tests = [];
/** A screenshot of the whole page as a reader scrolling it sees it: the viewport is made as
 * tall as the page first, so sections under `content-visibility: auto` (skipped while
 * off-screen, blank in a plain full-page capture) are on screen and drawn. */
export async function fullPageShot(page, path) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(height, 30000) });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(size);
}

export function test(name, fn) { tests.push({ name, fn }); }
export async function run() {
  let failed = 0;
  const t0 = Date.now();
  // E2E_ONLY=<text>: only the journeys whose name contains it (while working on one).
  const only = process.env.E2E_ONLY;
  const chosen = tests.filter((t) => !only || t.name.includes(only));
  for (const { name, fn } of chosen) {
    const t = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${Date.now() - t} ms)`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
    }
  }
  console.log(`e2e: ${chosen.length - failed} passed, ${failed} failed (${Date.now() - t0} ms)`);
  return failed;
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
