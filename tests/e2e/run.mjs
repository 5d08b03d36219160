// Browser journeys against the release build in dist/, in the system Chromium.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, launch, openPage, axe, fullPageShot, test, run, assert, OUT, DIST } from './harness.mjs';

mkdirSync(OUT, { recursive: true });
const server = await serve();
const browser = await launch();
const url = `${server.origin}/`;

const value = (page, id) => page.getAttribute(`[data-testid=${id}]:not(input)`, 'data-value').then(Number);
const snapshot = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('[data-value]')].map((e) => [e.dataset.testid, e.dataset.value])));
const verdict = (page) => page.textContent('[data-testid=verdict]');
const svg = (page, id) => page.innerHTML(`[data-testid=${id}]`);
// A pick of a model, GPU, API offer or GPU price reads the whole price catalogs, which the
// page fetches on first need (the first load carries only the defaults' prices): the pick
// applies once they are in (`data-prices="full"` on the inputs).
const pick = async (page, id, option) => {
  await page.selectOption(`select[data-testid=${id}]`, option);
  await page.waitForSelector('section.inputs[data-prices=full]', { state: 'attached', timeout: 5000 });
};

test('loads the worked default with no console or page error, and no request leaves localhost', async () => {
  const { page, context, log } = await openPage(browser, url);
  const v = await verdict(page);
  assert(/At 10.0M requests a month, the API is cheapest: .* less than self-hosting Llama 3.3 70B on 2 x H100/.test(v), `verdict reads: ${v}`);
  // Before the WebAssembly: index.html carries the default's verdict, computed by the same
  // model at build time; the app's own verdict replaces it.
  const html = await (await fetch(url)).text();
  const first = /<p class="first-answer" id="first-answer">For the default scenario: ([^<]*)<\/p>/.exec(html);
  assert(first && first[1] === v.replaceAll('&', '&amp;'), `the first paint's answer is the app's: ${first && first[1]}`);
  assert((await page.locator('#first-answer').count()) === 0, 'the app replaces the first answer');
  const sure = await page.textContent('[data-testid=certainty]');
  assert(/^How sure: estimated from the architecture for vLLM; on \d+ public measurements of vLLM, half came within [\d.]+% .* runs from \$[\d,]+ to \$[\d,]+ a month/.test(sure), `how sure: ${sure}`);
  const el = page.locator('[data-testid=verdict]');
  assert(['api', 'self-host', 'hybrid'].includes(await el.getAttribute('data-choice')), 'the verdict names a plan');
  assert(['true', 'false'].includes(await el.getAttribute('data-close-call')), 'the verdict says whether it is a close call');
  for (const id of ['api-monthly-usd', 'selfhost-monthly-usd', 'savings-monthly-usd', 'breakeven-requests-per-month',
    'api-usd-per-mtok', 'selfhost-usd-per-mtok', 'replicas', 'utilization-pct', 'ttft-ms', 'tpot-ms',
    'hybrid-monthly-usd', 'api-usd-per-mtok-output', 'selfhost-usd-per-mtok-output', 'engineering-monthly-usd',
    'memory-per-gpu-gib', 'max-concurrency']) {
    const n = await value(page, id);
    assert(Number.isFinite(n), `${id} has a number: ${n}`);
  }
  assert((await value(page, 'api-monthly-usd')) > 0 && (await value(page, 'selfhost-monthly-usd')) > 0, 'both options cost something');
  for (const id of ['chart-break-even', 'chart-throughput', 'chart-memory', 'chart-tornado']) {
    assert((await svg(page, id)).includes('<'), `${id} is drawn`);
  }
  await page.waitForTimeout(300);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  assert(log.external.length === 0, `requests left localhost: ${log.external.join(', ')}`);
  await fullPageShot(page, join(OUT, 'page-1280.png'));
  await context.close();
});

test('the whole catalogs load on first need, not with the page; links naming other ids open with them', async () => {
  const { page, context, log } = await openPage(browser, url);
  const catalogRequests = () => page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => e.name).filter((n) => /\.(psv|csv)\?/.test(n)));
  await page.waitForTimeout(300);
  assert((await catalogRequests()).length === 0, `no catalog request with the first load: ${await catalogRequests()}`);
  assert((await page.getAttribute('section.inputs', 'data-prices')) === 'core', 'the page starts with the core prices');
  await page.hover('select[data-testid=gpu]');
  await page.waitForSelector('section.inputs[data-prices=full]', { state: 'attached', timeout: 5000 });
  const requested = await catalogRequests();
  assert(requested.length === 4 && requested.every((u) => /(gpus|models)\.csv\?v=[0-9a-f]{16}$|prices_(api|gpu)\.psv\?v=[0-9a-f]{16}$/.test(u)), `the four files, tagged: ${requested}`);
  const offers = await page.locator('select[data-testid=api-model] option').count();
  assert(offers > 100, `the API picker lists the whole catalog once loaded: ${offers}`);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();

  // The inputs' sources are not in the first load either: opening the panel fetches them.
  const panel = await openPage(browser, url);
  await panel.page.click('section.assumptions summary');
  await panel.page.waitForFunction(() => document.querySelectorAll('section.assumptions dl.sources dt').length >= 35, null, { timeout: 5000 });
  const sources = await panel.page.textContent('section.assumptions details');
  assert(/Requests per month: [^:]*Illustrative: a mid-size chat product/.test(sources), `each default with its source: ${sources.slice(0, 400)}`);
  assert(!/loading/.test(sources), 'the loading line is gone');
  await panel.context.close();

  const other = 'openai:gpt-4.1';
  const linked = await openPage(browser, `${url}?v=2&ap=${encodeURIComponent(other)}&pin=2&pcache=0.5&pout=8`);
  assert((await linked.page.inputValue('select[data-testid=api-model]')) === other, 'the link keeps its offer');
  const notices = await linked.page.locator('[data-testid=notice]').count();
  assert(notices === 0, `no "unknown price" notice: ${notices ? await linked.page.textContent('[data-testid=notice]') : ''}`);
  await linked.context.close();

  // A model and GPU outside the first load's rows (and written as aliases).
  const alias = await openPage(browser, `${url}?v=2&m=Mixtral-8x7B-Instruct&g=H200&gpr=2`);
  assert((await alias.page.inputValue('select[data-testid=selfhost-model]')) === 'mixtral-8x7b', 'the model alias resolves');
  assert((await alias.page.inputValue('select[data-testid=gpu]')) === 'h200', 'the GPU alias resolves');
  assert(/Mixtral 8x7B on 2 x H200/.test(await verdict(alias.page)), `verdict: ${await verdict(alias.page)}`);
  const sure = await alias.page.textContent('[data-testid=certainty]');
  assert(/mixture-of-experts models: expect larger errors/.test(sure), `a MoE estimate says it is less sure: ${sure}`);
  await alias.context.close();
});

test('the verdict names the cheapest of three plans: a hybrid when it wins; an impossible setup shows no self-hosted number', async () => {
  // Dear API prices at 50M requests a month: a self-hosted base load with API overflow wins.
  const hybrid = await openPage(browser, `${url}?v=2&rpm=5e7&pin=0.9&pcache=0.9&pout=0.9`);
  const el = hybrid.page.locator('[data-testid=verdict]');
  assert((await el.getAttribute('data-choice')) === 'hybrid', `data-choice: ${await el.getAttribute('data-choice')}`);
  assert(/a hybrid is cheapest/.test(await verdict(hybrid.page)), `verdict: ${await verdict(hybrid.page)}`);
  const [api, own, mixed] = await Promise.all(['api-monthly-usd', 'selfhost-monthly-usd', 'hybrid-monthly-usd'].map((id) => value(hybrid.page, id)));
  assert(mixed < api && mixed < own, `hybrid ${mixed} < API ${api} and self-hosted ${own}`);
  await hybrid.page.click('[data-testid=unit-costs] summary');
  // The table is built when the disclosure opens (LazyDetails), on the next tick.
  await hybrid.page.waitForSelector('[data-testid=table-unit-costs] tbody tr', { timeout: 5000 });
  const unitRows = await hybrid.page.$$eval('[data-testid=table-unit-costs] tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
  assert(unitRows.length === 5 && unitRows.every((r) => r.length === 4 && r.slice(1).every((c) => /^\$|%$/.test(c))),
    `unit costs for API, self-hosted and hybrid: ${JSON.stringify(unitRows)}`);
  await hybrid.context.close();

  const none = await openPage(browser, `${url}?v=2&m=llama-3.1-405b&g=l4&gpr=1`);
  for (const id of ['selfhost-monthly-usd', 'savings-monthly-usd', 'breakeven-requests-per-month', 'selfhost-usd-per-mtok',
    'hybrid-monthly-usd', 'selfhost-usd-per-mtok-output', 'engineering-monthly-usd', 'replicas', 'utilization-pct',
    'ttft-ms', 'tpot-ms', 'max-concurrency']) {
    const card = none.page.locator(`[data-testid=${id}]:not(input)`);
    assert((await card.getAttribute('data-value')) === '', `${id} has no number`);
    const text = await card.textContent();
    assert(!/\$0\.00|^0\b|\b0 ms/.test(text), `${id} shows no made-up zero: ${text}`);
  }
  assert(/is infeasible \(/.test(await verdict(none.page)), `the verdict says why: ${await verdict(none.page)}`);
  await none.context.close();
});

test('picking a model and a GPU changes the verdict, memory and charts', async () => {
  const { page, context, log } = await openPage(browser, url);
  const mem = await value(page, 'memory-per-gpu-gib');
  const chart = await svg(page, 'chart-memory');
  await pick(page, 'selfhost-model', 'llama-3.1-8b');
  assert(/Llama 3.1 8B/.test(await verdict(page)), `verdict follows the model: ${await verdict(page)}`);
  await pick(page, 'gpu', 'h200');
  assert(/H200/.test(await verdict(page)), `verdict follows the GPU: ${await verdict(page)}`);
  assert((await value(page, 'memory-per-gpu-gib')) !== mem, 'memory follows the model');
  assert((await page.inputValue('select[data-testid=gpu-count]')) === '1', 'an 8B model is sized to one GPU');
  // Off-screen charts catch up once the input settles (~250 ms), or when scrolled into view.
  await page.waitForFunction((old) => document.querySelector('[data-testid=chart-memory]').innerHTML !== old, chart, { timeout: 2000 })
    .catch(() => assert(false, 'the memory chart redraws once the input settles'));
  const tornado = await svg(page, 'chart-tornado');
  await pick(page, 'gpu', 'h100-sxm');
  await page.locator('[data-testid=chart-tornado]').scrollIntoViewIfNeeded();
  await page.waitForFunction((old) => document.querySelector('[data-testid=chart-tornado]').innerHTML !== old, tornado, { timeout: 2000 })
    .catch(() => assert(false, 'a chart scrolled into view is current'));
  await page.selectOption('select[data-testid=gpu-count]', '1');
  await page.selectOption('select[data-testid=engine]', 'sglang');
  await pick(page, 'api-model', { index: 0 });
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('every catalog model in turn: a same-model or stated comparable API, and a deployment that runs or says why not', async () => {
  const { page, context, log } = await openPage(browser, url);
  const models = await page.$$eval('select[data-testid=selfhost-model] option', (os) => os.map((o) => o.value));
  assert(models.length >= 25, `the picker lists the catalog: ${models.length}`);
  const apiText = () => page.$eval('select[data-testid=api-model]', (s) => s.options[s.selectedIndex]?.text ?? '');
  for (const model of models) {
    await page.evaluate(() => { const n = document.querySelector('[data-testid=notice] button'); if (n) n.click(); });
    await pick(page, 'selfhost-model', model);
    const api = await apiText();
    const notice = (await page.locator('[data-testid=notice]').count()) ? await page.textContent('[data-testid=notice]') : '';
    assert(api.startsWith('Same model: ') || /No bundled host serves .* the nearest model in size that is hosted/.test(notice),
      `${model}: comparator "${api}", notice "${notice}"`);
    const v = await verdict(page);
    assert(/is cheapest/.test(v) || /is infeasible \(/.test(v), `${model}: verdict ${v}`);
    if (/is cheapest/.test(v)) assert((await value(page, 'selfhost-monthly-usd')) > 0, `${model}: a cost`);
  }
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('the default close-call flag follows the model rule (efficiency band or any sensitivity range straddling zero)', async () => {
  const { page, context } = await openPage(browser, url);
  const cli = JSON.parse(execFileSync('cargo', ['run', '-q', '--locked', '-p', 'infercost-cli', '--', 'eval', '--json'], { encoding: 'utf8' }));
  const straddles = (a, b) => (a > 0 && b < 0) || (a < 0 && b > 0);
  const band = cli.efficiency_band;
  const want = straddles(band.savings_low_usd, band.savings_high_usd)
    || cli.sensitivity.some((r) => straddles(r.savings_low_usd, r.savings_high_usd));
  const got = await page.getAttribute('[data-testid=verdict]', 'data-close-call');
  assert(got === String(want), `data-close-call ${got}, rule says ${want}`);
  await context.close();
});

test('picks stay coherent: the API follows the model, the GPU price follows the GPU unless typed', async () => {
  const { page, context, log } = await openPage(browser, url);
  const apiText = () => page.$eval('select[data-testid=api-model]', (s) => s.options[s.selectedIndex].text);
  const price = () => page.inputValue('input.number-box[data-testid=gpu-usd-per-hour]').then((t) => Number(t.replace(/[^0-9.]/g, '')));
  assert(/^Same model: .+: .*Llama 3\.3 70B/.test(await apiText()), `default comparator: ${await apiText()}`);
  for (const [model, name] of [['llama-3.1-8b', /Llama 3\.1 8B/i], ['qwen3-32b', /Qwen3[- ]32B/i], ['deepseek-v3', /DeepSeek/i], ['gpt-oss-120b', /gpt[- ]oss[- ]120b/i]]) {
    await pick(page, 'selfhost-model', model);
    const t = await apiText();
    assert(t.startsWith('Same model: ') && name.test(t), `${model}: comparator ${t}`);
  }
  await pick(page, 'selfhost-model', 'llama-3.3-70b');
  const h100 = await price();
  await pick(page, 'gpu', 'l4');
  const l4 = await price();
  await pick(page, 'gpu', 'h200');
  const h200 = await price();
  await pick(page, 'gpu', 'h100-sxm');
  assert(l4 < 1.5 && h200 > h100 && (await price()) === h100, `prices follow the GPU: ${l4}, ${h200}, back to ${await price()} (was ${h100})`);
  await page.fill('input.number-box[data-testid=gpu-usd-per-hour]', '2.5');
  await page.press('input.number-box[data-testid=gpu-usd-per-hour]', 'Enter');
  await pick(page, 'gpu', 'h200');
  assert((await price()) === 2.5, `a typed price survives a GPU switch: ${await price()}`);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('each simple slider moves by keyboard and changes a result', async () => {
  const { page, context, log } = await openPage(browser, url);
  for (const id of ['requests-per-month', 'input-tokens', 'output-tokens', 'gpu-usd-per-hour', 'utilization']) {
    const before = await snapshot(page);
    const slider = page.locator(`input[type=range][data-testid=${id}]`);
    await slider.focus();
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    const after = await snapshot(page);
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    assert(changed.length > 0, `${id}: no result changed`);
    const text = await slider.getAttribute('aria-valuetext');
    assert(/\d/.test(text), `${id}: aria-valuetext gives the value: ${text}`);
  }
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('the break-even chart changes with volume and reads out by keyboard', async () => {
  const { page, context } = await openPage(browser, url);
  const before = await svg(page, 'chart-break-even');
  await page.fill('input.number-box[data-testid=requests-per-month]', '300k');
  await page.press('input.number-box[data-testid=requests-per-month]', 'Enter');
  assert((await svg(page, 'chart-break-even')) !== before, 'chart redraws');
  assert(/300k requests a month/.test(await verdict(page)), `verdict: ${await verdict(page)}`);
  await page.focus('[data-testid=chart-break-even]');
  await page.keyboard.press('ArrowRight');
  const readout = await page.textContent('#be-readout');
  assert(/^At .* requests a month: API \$/.test(readout), `readout: ${readout}`);
  // Within the chart's decades a volume step moves the "you" marker and leaves the drawing:
  // its axes stay still under a slider drag, and nothing is re-parsed.
  const rpm = 'input.number-box[data-testid=requests-per-month]';
  await page.fill(rpm, '12M');
  await page.press(rpm, 'Enter');
  await page.waitForFunction(() => /12\.0M requests a month/.test(document.querySelector('[data-testid=verdict]').textContent));
  const placed = () => page.evaluate(() => document.querySelector('#be-you').getAttribute('transform'));
  const at12 = await placed();
  await page.evaluate(() => {
    window.__chartWrites = 0;
    new MutationObserver(() => { window.__chartWrites += 1; }).observe(document.getElementById('be-host'), { childList: true });
  });
  await page.fill(rpm, '31M');
  await page.press(rpm, 'Enter');
  await page.waitForFunction(() => /31\.0M requests a month/.test(document.querySelector('[data-testid=verdict]').textContent));
  const at31 = await placed();
  assert(/^translate\(\d+(\.\d)? 0\)$/.test(at31) && at31 !== at12, `marker ${at12} -> ${at31}`);
  const x = (t) => Number(t.match(/translate\(([\d.]+)/)[1]);
  assert(x(at31) > x(at12), `the marker moves right with the volume: ${at12} -> ${at31}`);
  assert(await page.evaluate(() => window.__chartWrites) === 0, 'the drawing is not rewritten');
  await context.close();
});

test('a chart edited while off-screen draws its keyboard readout once reached', async () => {
  const { page, context, log } = await openPage(browser, url);
  await page.setViewportSize({ width: 1280, height: 400 });
  const rpm = 'input.number-box[data-testid=requests-per-month]';
  await page.fill(rpm, '3M');
  await page.press(rpm, 'Enter');
  const chart = page.locator('[data-testid=chart-break-even]');
  await chart.scrollIntoViewIfNeeded();
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-break-even] line.readout'), null, { timeout: 2000 })
    .catch(() => assert(false, 'the readout line is drawn'));
  await page.keyboard.press('End');
  const last = await svg(page, 'chart-break-even');
  await page.keyboard.press('Home');
  await page.waitForFunction((old) => document.querySelector('[data-testid=chart-break-even]').innerHTML !== old, last, { timeout: 2000 })
    .catch(() => assert(false, 'the readout line follows the keys'));
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('a bad value in a number box gets a message and is not applied', async () => {
  const { page, context } = await openPage(browser, url);
  const before = await value(page, 'api-monthly-usd');
  const box = page.locator('input.number-box[data-testid=output-tokens]');
  for (const bad of ['NaN', '1e400', '-5', 'abc', '9'.repeat(60)]) {
    await box.fill(bad);
    await box.press('Enter');
    const msg = await page.textContent('#output-tokens-error');
    assert(msg.length > 0, `${bad}: inline message`);
    assert((await box.getAttribute('aria-invalid')) === 'true', `${bad}: aria-invalid`);
    assert((await value(page, 'api-monthly-usd')) === before, `${bad}: not applied`);
  }
  await box.fill('600');
  await box.press('Enter');
  assert((await value(page, 'api-monthly-usd')) > before, 'a good value is applied');
  await box.fill('abc');
  await box.press('Enter');
  await page.click('[data-testid=reset]');
  assert((await box.getAttribute('aria-invalid')) === 'false', 'reset clears a stale error');
  assert((await page.textContent('#output-tokens-error')) === '', 'and its message');
  await context.close();
});

test('every advanced panel opens and its inputs work', async () => {
  const { page, context, log } = await openPage(browser, url);
  const panels = page.locator('.inputs details.panel > summary');
  const n = await panels.count();
  assert(n >= 5, `advanced panels: ${n}`);
  for (let i = 0; i < n; i++) await panels.nth(i).click();
  await page.locator('input[type=range][data-testid=cached-share]').focus();
  const before = await snapshot(page);
  for (let i = 0; i < 100; i++) await page.keyboard.press('ArrowLeft');
  const after = await snapshot(page);
  // Less cached input means more prefill work for the self-hosted engine.
  assert(after['ttft-ms'] !== before['ttft-ms'], `cached share changes time to first token: ${before['ttft-ms']} -> ${after['ttft-ms']}`);
  await page.selectOption('select[data-testid=weight-precision]', 'bf16');
  await page.selectOption('select[data-testid=billing]', 'autoscaled');
  // Engineering as time: one engineer at the default loaded cost per FTE-month.
  await page.fill('input.number-box[data-testid=engineering-fte]', '1');
  await page.press('input.number-box[data-testid=engineering-fte]', 'Enter');
  assert((await value(page, 'engineering-monthly-usd')) === 15860, `1 FTE costs $15,860 a month: ${await value(page, 'engineering-monthly-usd')}`);
  assert(/1 FTE at \$15,860 per FTE-month/.test(await page.textContent('.cards')), 'the card says the time and the rate');
  await page.fill('[data-testid=measured-throughput]', '5000');
  await page.press('[data-testid=measured-throughput]', 'Enter');
  assert(/your measured 5,000 output tokens\/s/.test(await page.textContent('[data-testid=certainty]')), 'a measured throughput is what the estimate rests on');
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('every test id on the page is in the contract (docs/PAGE.md), and every listed id is on the page', async () => {
  const doc = readFileSync(new URL('../../docs/PAGE.md', import.meta.url), 'utf8');
  const table = doc.split('<!-- testids:begin -->')[1]?.split('<!-- testids:end -->')[0] ?? '';
  const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \|/gm)].map((m) => ({ id: m[1], kind: m[2].trim() })).filter((r) => r.kind !== 'kind');
  assert(rows.length > 100, `the contract lists the page's ids: ${rows.length}`);
  const listed = new Set(rows.map((r) => r.id));
  assert(!listed.has('data-testid'), 'the header row is not an id');
  const { page, context, log } = await openPage(browser, url);
  // Every disclosure open (advanced panels, custom panels, data tables), then let the tables draw.
  const summaries = page.locator('details:not([open]) > summary');
  for (let n = await summaries.count(); n > 0; n = await summaries.count()) await summaries.first().click();
  await page.waitForTimeout(400);
  const onPage = new Set(await page.evaluate(() => [...document.querySelectorAll('[data-testid]')].map((e) => e.dataset.testid)));
  const unlisted = [...onPage].filter((id) => !listed.has(id));
  assert(unlisted.length === 0, `ids on the page missing from docs/PAGE.md: ${unlisted.join(', ')}`);
  const conditional = /when any|tool open|embed only/;
  const missing = rows.filter((r) => !conditional.test(r.kind) && !onPage.has(r.id)).map((r) => r.id);
  assert(missing.length === 0, `ids in docs/PAGE.md missing from the page: ${missing.join(', ')}`);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('keyboard-only: tab to a slider, change it, and the status announces the new verdict', async () => {
  const { page, context } = await openPage(browser, url);
  let found = false;
  for (let i = 0; i < 20 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.dataset?.testid === 'requests-per-month');
  }
  assert(found, 'the requests slider is reachable by Tab');
  await page.keyboard.press('End');
  await page.waitForTimeout(900);
  const status = await page.textContent('.verdict [role=status]');
  assert(status === (await verdict(page)) && /10.0B requests/.test(status), `status: ${status}`);
  await context.close();
});

test('a share link reproduces the scenario, and the URL follows the inputs', async () => {
  const { page, context, log } = await openPage(browser, url);
  await page.fill('input.number-box[data-testid=output-tokens]', '777');
  await page.press('input.number-box[data-testid=output-tokens]', 'Enter');
  await pick(page, 'selfhost-model', 'qwen3-32b');
  await page.waitForFunction(() => /out=777/.test(location.search) && /qwen3-32b/.test(location.search), null, { timeout: 3000 });
  const shared = page.url();
  const mine = await snapshot(page);
  const other = await context.newPage();
  await other.goto(shared);
  await other.waitForSelector('[data-testid=verdict]');
  const theirs = await snapshot(other);
  assert(JSON.stringify(mine) === JSON.stringify(theirs), `the link reproduces every result:\n${JSON.stringify(mine)}\n${JSON.stringify(theirs)}`);
  assert(shared.length < 2000, `link length ${shared.length}`);
  // The CLI reads the same link and prints the same numbers (the model is one crate).
  const cli = JSON.parse(execFileSync('cargo', ['run', '-q', '--locked', '-p', 'infercost-cli', '--', 'eval', '--link', shared, '--json'], { encoding: 'utf8' }));
  for (const [id, v] of [['api-monthly-usd', cli.api.total_usd_per_month], ['selfhost-monthly-usd', cli.self_host.feasibility.total_usd_per_month],
    ['savings-monthly-usd', cli.savings_usd_per_month], ['breakeven-requests-per-month', cli.break_even_requests_per_month ?? -1]]) {
    // Equal to 1e-9: native libm and the wasm libm may differ in the last bit of a pow/exp.
    assert(Math.abs(Number(mine[id]) - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${id}: page ${mine[id]} vs CLI ${v}`);
  }
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('custom GPU and model: edits apply, travel in the link, and the catalog comes back', async () => {
  const { page, context, log } = await openPage(browser, url);
  const defaults = await snapshot(page);
  const box = (id) => `input.number-box[data-testid=${id}]`;
  await page.click('summary:text-is("Custom GPU")');
  assert(/catalog GPU/.test(await page.textContent('[data-testid=custom-gpu-status]')), 'starts on the catalog GPU');
  assert(await page.isDisabled('[data-testid=custom-gpu-reset]'), 'nothing to reset yet');
  // The box shows the catalog entry's number (H100 SXM: 80 GiB) before any edit.
  assert((await page.inputValue(box('custom-gpu-memory'))) === '80', `memory box: ${await page.inputValue(box('custom-gpu-memory'))}`);
  await page.fill(box('custom-gpu-bandwidth'), '8');
  await page.press(box('custom-gpu-bandwidth'), 'Enter');
  const faster = await snapshot(page);
  assert(Number(faster['tpot-ms']) < Number(defaults['tpot-ms']), `more bandwidth, faster decode: ${defaults['tpot-ms']} -> ${faster['tpot-ms']}`);
  assert(/custom GPU/.test(await verdict(page)), `the verdict names the custom GPU: ${await verdict(page)}`);
  assert(/Custom GPU in use/.test(await page.textContent('[data-testid=custom-gpu-status]')), 'the panel says so');
  await page.click('summary:text-is("Custom model architecture")');
  await page.fill(box('custom-model-layers'), '40');
  await page.press(box('custom-model-layers'), 'Enter');
  const mine = await snapshot(page);
  assert(Number(mine['memory-per-gpu-gib']) < Number(faster['memory-per-gpu-gib']), `fewer layers, less KV cache: ${faster['memory-per-gpu-gib']} -> ${mine['memory-per-gpu-gib']}`);
  // Routed experts per token cannot exceed the experts of a dense model (0).
  await page.fill(box('custom-model-experts-per-token'), '8');
  await page.press(box('custom-model-experts-per-token'), 'Enter');
  assert((await page.inputValue(box('custom-model-experts-per-token'))) === '0', 'top-k stays within the experts');
  await page.waitForFunction(() => /[?&]cg=/.test(location.search) && /[?&]cm=/.test(location.search), null, { timeout: 3000 });
  const other = await context.newPage();
  await other.goto(page.url());
  await other.waitForSelector('[data-testid=verdict]');
  assert(JSON.stringify(await snapshot(other)) === JSON.stringify(mine), 'the link reproduces the custom hardware');
  await page.click('[data-testid=custom-gpu-reset]');
  await page.click('[data-testid=custom-model-reset]');
  assert(JSON.stringify(await snapshot(page)) === JSON.stringify(defaults), 'back to the catalog, back to the default results');
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('saved state: reload restores it, reset clears it, corrupt storage still loads', async () => {
  const { page, context } = await openPage(browser, url);
  await page.fill('input.number-box[data-testid=input-tokens]', '4321');
  await page.press('input.number-box[data-testid=input-tokens]', 'Enter');
  await page.waitForFunction(() => (localStorage.getItem('infercost.scenario.v1') || '').includes('in=4321'), null, { timeout: 3000 });
  await page.goto(url);
  await page.waitForSelector('[data-testid=verdict]');
  const box = await page.inputValue('input.number-box[data-testid=input-tokens]');
  assert(box.replace(/,/g, '') === '4321', `restored from storage: ${box}`);
  await page.click('[data-testid=reset]');
  assert(!/4,?321/.test(await page.inputValue('input.number-box[data-testid=input-tokens]')), 'reset restores defaults');
  // Corrupt the saved state as the page goes (after its own flush on pagehide, which would
  // otherwise save the scenario shown over it).
  await page.evaluate(() => addEventListener('pagehide', () => localStorage.setItem('infercost.scenario.v1', '{"corrupt": tr')));
  await page.goto(url);
  await page.waitForSelector('[data-testid=verdict]');
  assert(/Saved state/.test(await page.textContent('[data-testid=notice]')), 'a notice explains the corrupt state');
  await page.click('[data-testid=notice] button');
  assert((await page.locator('[data-testid=notice]').count()) === 0, 'the notice is dismissible');
  await context.close();
});

test('saved work is never lost silently: Reset undo and Back, pagehide flush, a link over saved work, two tabs', async () => {
  const KEY = 'infercost.scenario.v1';
  const saved = (page) => page.evaluate((k) => localStorage.getItem(k) || '', KEY);
  const box = async (page, id) => (await page.inputValue(`input.number-box[data-testid=${id}]`)).replace(/,/g, '');
  const type = async (page, id, v) => {
    await page.fill(`input.number-box[data-testid=${id}]`, v);
    await page.press(`input.number-box[data-testid=${id}]`, 'Enter');
  };
  const { page, context, log } = await openPage(browser, url);
  await type(page, 'input-tokens', '4321');
  await page.waitForFunction((k) => (localStorage.getItem(k) || '').includes('in=4321'), KEY, { timeout: 3000 });

  // Reset can be undone, and Back after Reset returns the scenario before it.
  await page.click('[data-testid=reset]');
  await page.waitForSelector('[data-testid=undo-reset]');
  assert((await box(page, 'input-tokens')) !== '4321', 'reset applies');
  await page.click('[data-testid=undo-reset]');
  assert((await box(page, 'input-tokens')) === '4321', 'undo brings the scenario back');
  assert((await page.locator('[data-testid=offer]').count()) === 0, 'the offer goes once chosen');
  await page.waitForFunction((k) => (localStorage.getItem(k) || '').includes('in=4321'), KEY, { timeout: 3000 });
  await page.click('[data-testid=reset]');
  await page.goBack();
  await page.waitForFunction(() => /in=4321/.test(location.search), null, { timeout: 3000 });
  await page.waitForFunction(() => document.querySelector('input.number-box[data-testid=input-tokens]').value.replace(/,/g, '') === '4321', null, { timeout: 3000 })
    .catch(() => assert(false, 'Back after Reset returns the previous scenario'));

  // An edit made just before the tab goes (inside the save delay) is kept.
  await type(page, 'output-tokens', '777');
  await page.goto(url);
  await page.waitForSelector('[data-testid=verdict]');
  assert((await box(page, 'output-tokens')) === '777', `the last edit survived the reload: ${await saved(page)}`);
  // A bare address restores the last session and says so, with a fresh start on offer.
  assert(/last session is restored/.test(await page.textContent('[data-testid=offer]')), 'restoring says so');
  await page.screenshot({ path: join(OUT, 'offer-restored-1280.png') });
  await page.click('[data-testid=start-fresh]');
  await page.waitForFunction(() => document.querySelector('input.number-box[data-testid=output-tokens]').value !== '777', null, { timeout: 3000 });
  await type(page, 'input-tokens', '2222');
  await page.waitForFunction((k) => (localStorage.getItem(k) || '').includes('in=2222'), KEY, { timeout: 3000 });

  // A shared link does not replace the person's saved scenario until they choose.
  await page.goto(`${url}?v=2&out=900`);
  await page.waitForSelector('[data-testid=open-saved]');
  await type(page, 'requests-per-month', '12000000');
  await page.waitForTimeout(600);
  assert((await saved(page)).includes('in=2222') && !(await saved(page)).includes('out=900'), `saved work kept while the link is edited: ${await saved(page)}`);
  // Reset while the choice is pending leaves the saved scenario alone.
  await page.click('[data-testid=reset]');
  await page.waitForTimeout(500);
  assert((await saved(page)).includes('in=2222'), `Reset kept the held saved scenario: ${await saved(page)}`);
  await page.click('[data-testid=open-saved]');
  await page.waitForFunction(() => document.querySelector('input.number-box[data-testid=input-tokens]').value.replace(/,/g, '') === '2222', null, { timeout: 3000 })
    .catch(() => assert(false, 'their own scenario comes back'));
  // A link only viewed, then left, saves nothing.
  await page.goto(`${url}?v=2&out=901`);
  await page.waitForSelector('[data-testid=keep-link]');
  await page.goto(`${url}?v=2&out=900`);
  assert(!(await saved(page)).includes('out=901'), `a page merely viewed saved nothing: ${await saved(page)}`);
  await page.click('[data-testid=keep-link]');
  await page.waitForFunction((k) => (localStorage.getItem(k) || '').includes('out=900'), KEY, { timeout: 3000 });

  // Two tabs: the second tab's save is noticed, and this tab stops saving until told.
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForSelector('[data-testid=verdict]');
  await type(other, 'output-tokens', '555');
  await page.waitForSelector('[data-testid=load-other-tab]', { timeout: 3000 });
  await type(page, 'input-tokens', '3333');
  await page.waitForTimeout(600);
  assert((await saved(page)).includes('out=555') && !(await saved(page)).includes('in=3333'), `the other tab's save stands: ${await saved(page)}`);
  await page.screenshot({ path: join(OUT, 'offer-two-tabs-1280.png') });
  await page.click('[data-testid=keep-this-tab]');
  await page.waitForFunction((k) => (localStorage.getItem(k) || '').includes('in=3333'), KEY, { timeout: 3000 });
  await other.waitForSelector('[data-testid=load-other-tab]', { timeout: 3000 });
  await other.click('[data-testid=load-other-tab]');
  assert((await box(other, 'input-tokens')) === '3333', 'the other tab loads it');
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('a newer link version loads what it can and says so', async () => {
  const { page, context } = await openPage(browser, `${url}?v=99&out=500&future=1`);
  assert((await page.inputValue('input.number-box[data-testid=output-tokens]')) === '500', 'known keys load');
  assert(/newer|version/i.test(await page.textContent('[data-testid=notice]')), 'the notice says so');
  await context.close();
});

test('hostile links: nothing executes, each bad value falls back, no CSP violation', async () => {
  const payloads = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=1">',
    'javascript:window.__pwned=1', "';window.__pwned=1;//", 'NaN', '1e400', '-5', '%E0%A4%A'];
  // Every link key, from the key table in docs/MODEL.md (a model test keeps that table in
  // sync with the codec), plus the page's own keys and an unknown one.
  const table = readFileSync(new URL('../../docs/MODEL.md', import.meta.url), 'utf8');
  const keys = [...new Set([...table.matchAll(/^\| `([a-z0-9]+)` \| `/gm)].map((m) => m[1]))].concat(['theme', 'embed', 'zzz']);
  assert(keys.length > 40, `link keys found: ${keys.length}`);
  for (const p of payloads) {
    const q = keys.map((k) => `${k}=${encodeURIComponent(p)}`).join('&');
    const { page, context, log } = await openPage(browser, `${url}?${q}`);
    await page.waitForTimeout(100);
    assert(!(await page.evaluate(() => window.__pwned)), `payload executed: ${p}`);
    assert(log.errors.length === 0, `errors for ${p}: ${log.errors.join('; ')}`);
    assert(log.csp.length === 0, `CSP violations for ${p}: ${log.csp.join('; ')}`);
    assert(Number.isFinite(await value(page, 'api-monthly-usd')), 'results still computed');
    await context.close();
  }
});

test('the CSS minifier keeps every rule: the built stylesheets parse as their sources do', async () => {
  const { minifyCss } = await import('../../scripts/postbuild.mjs');
  // Unit: spaces after colons go, except inside quoted strings; comments go.
  const sample = '/* c */ a[title="x: y"]::after { content: "Note: z"; color: red }\n@media (min-width: 40rem) { b { margin: 0 1rem; } }';
  const small = minifyCss(sample);
  assert(small === 'a[title="x: y"]::after{content:"Note: z";color:red}@media (min-width:40rem){b{margin:0 1rem}}', small);
  // The real files, as the browser reads them: the same rules, the same values.
  const built = readdirSync(DIST).find((f) => /^main-.*\.css$/.test(f));
  const pairs = [
    [readFileSync(new URL('../../style/main.css', import.meta.url), 'utf8'), readFileSync(join(DIST, built), 'utf8')],
    [readFileSync(new URL('../../public/tools.css', import.meta.url), 'utf8'), readFileSync(join(DIST, 'tools.css'), 'utf8')],
  ];
  const page = await browser.newPage();
  for (const [source, minified] of pairs) {
    assert(minified.length < source.length * 0.95, `minified ${minified.length} of ${source.length}`);
    const same = await page.evaluate(([a, b]) => {
      // Values with var() keep their tokens as written, so the space after a comma is the
      // one difference allowed.
      const rules = (text) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(text); return [...sheet.cssRules].map((r) => r.cssText.replace(/\s*,\s*/g, ', ')); };
      const [x, y] = [rules(a), rules(b)];
      return x.length > 20 && x.length === y.length && x.every((r, i) => r === y[i]) ? '' : `${x.length} vs ${y.length} rules; first difference: ${x.find((r, i) => r !== y[i])}`;
    }, [source, minified]);
    assert(same === '', same);
  }
  await page.close();
});

test('the release page carries a CSP that the app runs under', async () => {
  const { page, context, log } = await openPage(browser, url);
  const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
  assert(/script-src 'self' 'wasm-unsafe-eval';/.test(csp) && /object-src 'none'/.test(csp) && /base-uri 'none'/.test(csp), `CSP: ${csp}`);
  assert((await page.locator('script:not([src])').count()) === 0, 'no inline script is left');
  assert(log.csp.length === 0, `violations: ${log.csp.join('; ')}`);
  await context.close();
});

test('presets load named scenarios', async () => {
  const { page, context } = await openPage(browser, url);
  const options = await page.locator('select[data-testid=preset] option').count();
  assert(options >= 5, `presets: ${options - 1}`);
  const before = await verdict(page);
  await page.selectOption('select[data-testid=preset]', { index: 1 });
  assert((await verdict(page)) === before, 'choosing alone does not apply');
  await page.click('[data-testid=load-preset]');
  assert((await verdict(page)) !== before, 'Load applies the preset');
  await context.close();
});

test('copy link works, and falls back to a selected text box when the clipboard is blocked', async () => {
  const { page, context } = await openPage(browser, url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.click('[data-testid=copy-link]');
  await page.waitForFunction(() => /copied/.test(document.querySelector('.copy-status').textContent));
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert(text.startsWith(server.origin) && text.includes('v=2'), `clipboard: ${text}`);
  await context.close();
  const blocked = await openPage(browser, url);
  await blocked.page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('blocked')); });
  await blocked.page.click('[data-testid=copy-link]');
  await blocked.page.waitForSelector('input.link-box:not([hidden])');
  const state = await blocked.page.evaluate(() => {
    const box = document.querySelector('input.link-box');
    return { focused: document.activeElement === box, selected: box.selectionEnd - box.selectionStart, value: box.value };
  });
  assert(state.focused && state.selected === state.value.length && state.value.includes('v=2'), `the link is selected for a manual copy: ${JSON.stringify(state)}`);
  assert(/blocked/.test(await blocked.page.textContent('#copy-status')), 'the status explains');
  // A later edit reaches the box too: what it offers is always the current link.
  await blocked.page.fill('input.number-box[data-testid=output-tokens]', '444');
  await blocked.page.press('input.number-box[data-testid=output-tokens]', 'Enter');
  await blocked.page.waitForFunction(() => /out=444/.test(document.querySelector('input.link-box').value), null, { timeout: 3000 })
    .catch(() => assert(false, 'the shown link follows later edits'));
  await blocked.context.close();
});

test('downloads: CSV, JSON, SVG and PNG', async () => {
  const { page, context } = await openPage(browser, url);
  for (const [id, name, check] of [
    // The files stand alone: title, date, verdict, the link back and every input.
    ['download-csv', 'infercost-report.csv', (t) => t.startsWith('section,item,value,unit\nsummary,title,InferCost report')
      && /\nsummary,date,\d{4}-\d\d-\d\d,\n/.test(t) && /\nsummary,link,http[^\n]*v=2/.test(t)
      && t.includes('\ninput,self_host.gpu_id,h100-sxm,') && t.includes('\ninput,workload.requests_per_month,')
      && !/\d\.\d*0000000\d|,-0,/.test(t)],
    ['download-json', 'infercost-report.json', (t) => {
      const j = JSON.parse(t);
      return j.figures.length > 10 && /^InferCost report/.test(j.title) && j.link.includes('v=2')
        && j.inputs['self_host.gpu_id'] === 'h100-sxm' && Number.isFinite(j.inputs['workload.requests_per_month']);
    }],
    // The chart stands alone too: title, verdict, key inputs, legend, date, link back.
    ['download-svg', 'infercost-break-even.svg', (t) => t.startsWith('<svg') && t.includes('<style>')
      && t.includes('InferCost: monthly cost by volume') && /At 10\.0M requests a month/.test(t)
      && /Llama 3\.3 70B on H100 SXM 80GB \(2 GPUs per replica\)/.test(t) && t.includes('Self-hosted') && /Made with InferCost on \d{4}-\d\d-\d\d/.test(t)
      && /<a href="http[^"]*v=2/.test(t) && t.includes('data-testid') === false
      // The page's light palette (style/main.css), read from it rather than copied.
      && t.includes('fill="#ffffff"') && t.includes('.api{stroke:#a3231a}')],
    ['download-png', 'infercost-break-even.png', (t) => t.startsWith('\u0089PNG')],
  ]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    assert(download.suggestedFilename() === name, `${id}: ${download.suggestedFilename()}`);
    const path = await download.path();
    const text = (await import('node:fs')).readFileSync(path, 'latin1');
    assert(check(text), `${id}: unexpected content ${text.slice(0, 60)}`);
  }
  await context.close();
});

test('tools load on demand: search ranks with progress and "Use this" applies; a pasted config adds a model; a pasted benchmark calibrates', async () => {
  // Every request from the page's very first one: a fresh context, listened to before the
  // page loads.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const log = { errors: [], external: [] };
  context.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (['data:', 'blob:'].includes(u.protocol) || u.origin === server.origin) return route.continue();
    log.external.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('worker', (w) => requests.push(`worker:${new URL(w.url()).pathname}`));
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.waitForSelector('[data-testid=verdict]');
  await page.waitForTimeout(800);
  assert(requests.some((p) => /\.wasm$/.test(p)), `the listener saw the page load: ${requests}`);
  const tools = (list) => list.filter((p) => /tools\.(js|css)|infercost-tools/.test(p));
  assert(tools(requests).length === 0, `nothing of the tools loads with the page: ${tools(requests)}`);

  // Search: progress while it runs, then rows cheapest first, each feasible.
  const before = await page.evaluate(() => location.search);
  await page.evaluate(() => {
    window.seenProgress = [];
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=search-progress]');
      if (p) window.seenProgress.push(Number(p.value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.click('[data-testid=find-cheapest]');
  await page.waitForSelector('[data-testid=search-results] tbody tr', { timeout: 20000 });
  assert(tools(requests).some((p) => /infercost-tools_bg\.wasm/.test(p)), `the worker loads once opened: ${tools(requests)}`);
  const seen = await page.evaluate(() => window.seenProgress);
  assert(seen.length >= 3 && seen.some((v) => v > 0), `progress was shown: ${seen.slice(0, 10)}`);
  const rows = await page.$$eval('[data-testid=search-results] tbody tr', (trs) => trs.map((tr) => ({
    usd: Number(tr.dataset.monthlyUsd), feasible: tr.dataset.feasible, text: tr.textContent })));
  assert(rows.length >= 10 && rows.every((r) => r.feasible === 'true'), `${rows.length} feasible rows`);
  assert(rows.every((r, i) => i === 0 || rows[i - 1].usd <= r.usd), `ascending: ${rows.map((r) => r.usd)}`);
  assert(!/h100-sxm|rtx-/.test(rows[0].text), `readable names: ${rows[0].text}`);
  const cheapestNow = Math.min(await value(page, 'selfhost-monthly-usd'), await value(page, 'hybrid-monthly-usd'));
  assert(rows[0].usd <= cheapestNow + 1, `the best (${rows[0].usd}) is no dearer than the current setup (${cheapestNow})`);
  await page.check('[data-testid=search-per-gpu]');
  const perGpu = await page.$$eval('[data-testid=search-results] tbody tr', (trs) => trs.map((tr) => ({
    usd: Number(tr.dataset.monthlyUsd), gpu: tr.querySelector('th').textContent.replace(' ◆', '') })));
  assert(perGpu.length >= 5 && new Set(perGpu.map((r) => r.gpu)).size === perGpu.length, `one row per GPU: ${perGpu.map((r) => r.gpu)}`);
  assert(perGpu.every((r, i) => i === 0 || perGpu[i - 1].usd <= r.usd) && perGpu[0].usd === rows[0].usd, 'still cheapest first');
  await page.uncheck('[data-testid=search-per-gpu]');
  const texts = await page.$$eval('[data-testid=search-chart] text', (ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
  assert(texts.length > 4 && texts.every((px) => px >= 11), `chart text >= 11 px: ${texts}`);
  const violations = await axe(page);
  assert(violations.length === 0, `axe with the search open: ${JSON.stringify(violations)}`);
  await page.locator('[data-testid=tools-panel]').screenshot({ path: join(OUT, 'tools-search-1280.png') });
  // The same panel on a phone, dark: the table scrolls sideways inside its region.
  {
    const phone = await openPage(browser, url, { width: 390, height: 844, colorScheme: 'dark' });
    await phone.page.click('[data-testid=find-cheapest]');
    await phone.page.waitForSelector('[data-testid=search-results] tbody tr', { timeout: 20000 });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `the page does not scroll sideways on a phone: ${overflow} px`);
    await phone.page.locator('[data-testid=tools-panel]').screenshot({ path: join(OUT, 'tools-search-390-dark.png') });
    await phone.context.close();
  }
  await page.locator('[data-testid=use-config]').first().click();
  await page.waitForFunction((b) => location.search !== b, before, { timeout: 5000 });
  await page.waitForTimeout(400);
  const applied = Math.min(await value(page, 'selfhost-monthly-usd'), await value(page, 'hybrid-monthly-usd'));
  assert(Math.abs(applied - rows[0].usd) <= 0.01 * rows[0].usd, `"Use this" applies the row: ${applied} vs ${rows[0].usd}`);

  // Import: a pasted config.json becomes the custom model, and travels in the link.
  await page.click('[data-testid=open-import]');
  const config = readFileSync(new URL('../../model/tests/data/configs/qwen3-8b.json', import.meta.url), 'utf8');
  await page.fill('[data-testid=import-text]', config);
  await page.click('[data-testid=import-read]');
  await page.waitForSelector('[data-testid=use-import]', { timeout: 10000 });
  assert(/qwen3: 36 layers/.test(await page.textContent('[data-testid=import-result]')), 'the architecture is read back');
  await page.click('[data-testid=use-import]');
  await page.waitForFunction(() => /[?&]cm=/.test(location.search), null, { timeout: 5000 });
  // An unknown architecture gets a message, never a number.
  await page.fill('[data-testid=import-text]', '{"model_type": "mamba", "hidden_size": 4096}');
  await page.click('[data-testid=import-read]');
  await page.waitForFunction(() => /unknown architecture 'mamba'/.test(document.querySelector('[data-testid=tools-status]').textContent), null, { timeout: 5000 });
  assert((await page.locator('[data-testid=use-import]').count()) === 0, 'no model offered for an unknown architecture');

  // Calibrate: a `vllm bench serve` result is compared, and its throughput applied.
  await page.click('[data-testid=open-calibrate]');
  const bench = { completed: 200, total_input_tokens: 200000, total_output_tokens: 40000, max_concurrency: 32,
    output_throughput: 1500, mean_ttft_ms: 300, mean_tpot_ms: 20 };
  await page.fill('[data-testid=calibrate-text]', JSON.stringify(bench));
  await page.click('[data-testid=calibrate-read]');
  await page.waitForSelector('[data-testid=calibrate-table] tbody tr', { timeout: 10000 });
  assert((await page.locator('[data-testid=calibrate-table] tbody tr').count()) === 3, 'three figures compared');
  await page.click('[data-testid=use-calibration]');
  await page.waitForFunction(() => /[?&]mtps=/.test(location.search), null, { timeout: 5000 });
  assert(Number((await page.inputValue('[data-testid=measured-throughput]')).replace(/,/g, '')) > 0, 'the measured throughput is set');
  await page.waitForTimeout(300);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  assert(log.external.length === 0, `requests left localhost: ${log.external.join(', ')}`);
  await context.close();
});

test('a chart exported from the dark theme is still on white, in the light palette', async () => {
  const { page, context } = await openPage(browser, url, { colorScheme: 'dark' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-svg]')]);
  const text = (await import('node:fs')).readFileSync(await download.path(), 'utf8');
  assert(text.includes('fill="#ffffff"') && text.includes('.self{stroke:#0b5cab}') && !text.includes('#7cb8ff'), text.slice(0, 400));
  await context.close();
});

test('embed: sizes itself in a host page on another origin, ignores foreign messages, survives a sandbox', async () => {
  const host = await serve(new URL('./host', import.meta.url).pathname);
  const { page, context, log } = await openPage(browser, `${host.origin}/?app=${encodeURIComponent(server.origin)}&sandbox=1`,
    { allowedOrigins: [server.origin], waitFor: '#calc' });
  const frame = page.frameLocator('#calc');
  await frame.locator('[data-testid=verdict]').waitFor();
  await page.waitForFunction(() => document.getElementById('calc').getBoundingClientRect().height > 320, null, { timeout: 5000 });
  const h = await page.evaluate(() => document.getElementById('calc').getBoundingClientRect().height);
  const content = await page.frame({ url: /embed=1/ }).evaluate(() => document.body.getBoundingClientRect().height);
  assert(Math.abs(h - Math.ceil(content)) <= 2, `frame ${h} px vs content ${content} px`);
  // The host page shows through: the embed's body paints no background (the full page's
  // does: the dark-theme journey checks it).
  const embedBg = await page.frame({ url: /embed=1/ }).evaluate(() => [document.documentElement.hasAttribute('data-embed'), getComputedStyle(document.body).backgroundColor]);
  assert(embedBg[0] && embedBg[1] === 'rgba(0, 0, 0, 0)', `embed: data-embed, background ${embedBg}`);
  assert(await frame.locator('[data-testid=open-full]').getAttribute('href').then((u) => u.includes('rpm=3000000') && !u.includes('embed')), 'open-full keeps the scenario');
  await page.evaluate(() => window.postMessage({ type: 'infercost:height', height: 5000 }, '*'));
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => document.getElementById('calc').getBoundingClientRect().height);
  assert(Math.abs(after - h) <= 1, `a message from the host's own origin is ignored: ${h} -> ${after}`);
  const boxed = page.frameLocator('#sandboxed');
  await boxed.locator('[data-testid=verdict]').waitFor();
  assert(/requests a month/.test(await boxed.locator('[data-testid=verdict]').textContent()), 'sandboxed embed runs');
  await page.waitForFunction(() => document.getElementById('sandboxed').getBoundingClientRect().height > 320, null, { timeout: 5000 });
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  assert(log.external.length === 0, `external requests: ${log.external.join(', ')}`);
  await page.screenshot({ path: join(OUT, 'embed-host.png'), fullPage: true });
  await context.close();
  await host.close();
});

test('dist/ works under a sub-path, and its embed snippet points there', async () => {
  const sub = await serve(undefined, {}, '/calc');
  const { page, context, log } = await openPage(browser, `${sub.origin}/calc/?v=2&rpm=2000000`);
  assert(/2\.00M requests a month/.test(await verdict(page)), `verdict: ${await verdict(page)}`);
  await page.click('text=Embed this calculator');
  // Written when the panel's toggle event arrives.
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-snippet]').value.includes('<iframe'), null, { timeout: 3000 });
  const snippet = await page.inputValue('[data-testid=embed-snippet]');
  assert(snippet.includes(`src="${sub.origin}/calc/?v=2&amp;rpm=2000000&amp;embed=1"`) && snippet.includes(`${sub.origin}/calc/embed.js`), snippet);
  // Bloggers' conventions: an accessible name, a fixed height for hosts that strip scripts,
  // a plain link for hosts that strip iframes; the reader's theme (no theme key).
  assert(/title="InferCost[^"]*" aria-label="InferCost/.test(snippet) && snippet.includes('height="720"')
    && snippet.includes(`<a href="${sub.origin}/calc/?v=2&amp;rpm=2000000">`) && !snippet.includes('theme='), snippet);
  // It follows later edits (written again when the box is focused).
  await page.fill('input.number-box[data-testid=output-tokens]', '432');
  await page.press('input.number-box[data-testid=output-tokens]', 'Enter');
  await page.waitForFunction(() => /out=432/.test(location.search), null, { timeout: 3000 });
  await page.focus('[data-testid=embed-snippet]');
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-snippet]').value.includes('out=432'), null, { timeout: 3000 })
    .catch(() => assert(false, 'the snippet follows the scenario'));
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
  await sub.close();
});

test('a tracked visit (utm/fbclid only) keeps the saved scenario', async () => {
  const { page, context } = await openPage(browser, url);
  await page.fill('input.number-box[data-testid=output-tokens]', '555');
  await page.press('input.number-box[data-testid=output-tokens]', 'Enter');
  await page.waitForFunction(() => (localStorage.getItem('infercost.scenario.v1') || '').includes('out=555'), null, { timeout: 3000 });
  await page.goto(`${url}?utm_source=newsletter&fbclid=abc`);
  await page.waitForSelector('[data-testid=verdict]');
  assert((await page.inputValue('input.number-box[data-testid=output-tokens]')) === '555', 'saved state used');
  await context.close();
});

for (const width of [1280, 320]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core: 0 violations at ${width} px, ${colorScheme}, panels open`, async () => {
      const { page, context } = await openPage(browser, url, { width, height: 800, colorScheme });
      const panels = page.locator('details > summary');
      for (let i = 0; i < (await panels.count()); i++) await panels.nth(i).click();
      const violations = await axe(page);
      assert(violations.length === 0, JSON.stringify(violations, null, 1));
      if (width === 320 || colorScheme === 'dark') {
        await fullPageShot(page, join(OUT, `page-${width}-${colorScheme}.png`));
      }
      await context.close();
    });
  }
}

test('chart text reads at 11 px or more at 320, 390 and 1280 px, and the charts redraw to a new width', async () => {
  // The size text is shown at: its font size times the drawing's scale (shown width over
  // viewBox width). getComputedStyle alone would say 12 px however small the drawing is.
  const shownSizes = (page) => page.$$eval('.chart svg text', (texts) => texts.map((t) => {
    const svg = t.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  }));
  const overlaps = (page) => page.$$eval('.chart svg', (svgs) => svgs.some((svg) => {
    const ticks = [...svg.querySelectorAll('text.tick')].map((t) => t.getBoundingClientRect())
      .filter((r) => r.width > 0);
    return ticks.some((a, i) => ticks.some((b, j) => j > i && Math.abs(a.top - b.top) < 2
      && a.left < b.right - 1 && b.left < a.right - 1));
  }));
  for (const width of [320, 390, 1280]) {
    const { page, context } = await openPage(browser, url, { width, height: 800 });
    // Off-screen charts draw when shown: bring each into view.
    for (const id of ['chart-throughput', 'chart-memory', 'chart-tornado']) {
      await page.locator(`[data-testid=${id}]`).scrollIntoViewIfNeeded();
    }
    await page.waitForTimeout(400);
    const sizes = await shownSizes(page);
    assert(sizes.length > 20 && sizes.every((px) => px >= 11), `${width} px: text shown at ${Math.min(...sizes).toFixed(1)} px`);
    assert(!(await overlaps(page)), `${width} px: axis labels overlap`);
    await context.close();
  }
  // A resize redraws at the new width.
  const { page, context } = await openPage(browser, url, { width: 1280, height: 800 });
  const before = await page.$eval('[data-testid=chart-break-even-svg]', (svg) => svg.viewBox.baseVal.width);
  await page.setViewportSize({ width: 400, height: 800 });
  await page.waitForFunction((b) => document.querySelector('[data-testid=chart-break-even-svg]').viewBox.baseVal.width < b, before, { timeout: 3000 })
    .catch(() => assert(false, 'the break-even chart redraws narrower'));
  const sizes = await shownSizes(page);
  assert(sizes.every((px) => px >= 11), `after the resize: ${Math.min(...sizes).toFixed(1)} px`);
  await context.close();
});

test('results first: the headline stays in view while the volume is edited, and panels never move the first input', async () => {
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    const { page, context } = await openPage(browser, url, { width, height });
    // The headline sits right above the answer it summarises (no empty row between).
    const gap = await page.evaluate(() => document.querySelector('[data-testid=verdict]').getBoundingClientRect().top
      - document.querySelector('[data-testid=results-summary]').getBoundingClientRect().bottom);
    assert(width < 1100 || (gap >= 0 && gap < 48), `${width} px: ${gap} px between the headline and the verdict`);
    const box = 'input.number-box[data-testid=requests-per-month]';
    await page.focus(box);
    await page.fill(box, '23000000');
    await page.press(box, 'Enter');
    await page.waitForFunction(() => /23\.0M/.test(document.querySelector('[data-testid=verdict]').textContent), null, { timeout: 3000 });
    const seen = await page.evaluate(() => {
      const r = document.querySelector('[data-testid=results-summary]').getBoundingClientRect();
      return { visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
        text: document.querySelector('[data-testid=results-summary]').textContent };
    });
    assert(seen.visible, `${width} px: the results summary is in view after editing`);
    const verdictChoice = await page.getAttribute('[data-testid=verdict]', 'data-choice');
    assert(/\$[\d,]+/.test(seen.text) && seen.text.length < 140, `${width} px: the summary carries the headline: ${seen.text} (${verdictChoice})`);
    // Every panel open: the first input has not moved.
    const top = () => page.evaluate(() => document.querySelector('input.number-box[data-testid=requests-per-month]').getBoundingClientRect().top + scrollY);
    const before = await top();
    const panels = page.locator('section.inputs details:not([open]) > summary');
    for (let n = await panels.count(); n > 0; n = await panels.count()) await panels.first().click();
    assert(Math.abs((await top()) - before) < 1, `${width} px: opening the panels moved the first input ${before} -> ${await top()}`);
    await page.screenshot({ path: join(OUT, `results-first-${width}.png`) });
    await context.close();
  }
});

test('before the WebAssembly arrives: the default answer and a quiet loading line', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.route('**/*.wasm', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#first-answer .loading', { timeout: 5000 });
  const text = await page.textContent('#first-answer');
  assert(/^For the default scenario: At 10\.0M requests a month, the API is cheapest/.test(text), text);
  // The WebAssembly was refused here: the line says the calculator could not load.
  await page.waitForFunction(() => /could not load/.test(document.getElementById('loading').textContent), null, { timeout: 5000 })
    .catch(() => assert(false, 'a failed load is said'));
  await page.screenshot({ path: join(OUT, 'loading-failed-390.png') });
  await context.close();
});

test('the embed prints on one page', async () => {
  const { page, context } = await openPage(browser, `${url}?v=2&embed=1`, { width: 640, height: 800 });
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert(pages === 1, `the embed prints on ${pages} pages`);
  await context.close();
});

test('the full page prints its evidence: charts and tables off-screen on the page are rendered for print', async () => {
  const { page, context } = await openPage(browser, url);
  // Read after two frames: a section's skipped state changes at the next rendering update.
  const rendered = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(
    ['[data-testid=chart-tornado] svg', '[data-testid=cost-table-api]', '.assumptions dl']
      .map((sel) => { const el = document.querySelector(sel); return el !== null && el.checkVisibility({ contentVisibilityAuto: true }); }))))));
  // On screen they are below the fold and skipped (content-visibility)...
  assert((await rendered()).some((r) => !r), 'off-screen sections are skipped on screen');
  // ...and printed.
  await page.emulateMedia({ media: 'print' });
  const printed = await rendered();
  assert(printed.every(Boolean), `rendered for print: ${printed}`);
  await context.close();
});

test('?theme=dark forces the dark theme on a light system', async () => {
  const { page, context } = await openPage(browser, `${url}?theme=dark`, { colorScheme: 'light' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert(bg === 'rgb(18, 22, 27)', `background ${bg}`);
  await context.close();
});

const failed = await run();
await browser.close();
await server.close();
process.exit(failed ? 1 : 0);
