// Browser journeys against the release build in dist/, in the system Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, axe, test, run, assert, OUT } from './harness.mjs';

mkdirSync(OUT, { recursive: true });
const server = await serve();
const browser = await launch();
const url = `${server.origin}/`;

const value = (page, id) => page.getAttribute(`[data-testid=${id}]:not(input)`, 'data-value').then(Number);
const snapshot = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('[data-value]')].map((e) => [e.dataset.testid, e.dataset.value])));
const verdict = (page) => page.textContent('[data-testid=verdict]');
const svg = (page, id) => page.innerHTML(`[data-testid=${id}]`);

test('loads the worked default with no console or page error, and no request leaves localhost', async () => {
  const { page, context, log } = await openPage(browser, url);
  const v = await verdict(page);
  assert(/At 10M requests a month, self-hosting Llama 3.1 70B/.test(v), `verdict reads: ${v}`);
  for (const id of ['api-monthly-usd', 'selfhost-monthly-usd', 'savings-monthly-usd', 'breakeven-requests-per-month',
    'api-usd-per-mtok', 'selfhost-usd-per-mtok', 'replicas', 'utilization-pct', 'ttft-ms', 'tpot-ms',
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
  await page.screenshot({ path: join(OUT, 'page-1280.png'), fullPage: true });
  await context.close();
});

test('picking a model and a GPU changes the verdict, memory and charts', async () => {
  const { page, context, log } = await openPage(browser, url);
  const mem = await value(page, 'memory-per-gpu-gib');
  const chart = await svg(page, 'chart-memory');
  await page.selectOption('select[data-testid=selfhost-model]', 'llama-3.1-8b');
  assert(/Llama 3.1 8B/.test(await verdict(page)), `verdict follows the model: ${await verdict(page)}`);
  await page.selectOption('select[data-testid=gpu]', 'h200');
  assert(/H200/.test(await verdict(page)), `verdict follows the GPU: ${await verdict(page)}`);
  assert((await value(page, 'memory-per-gpu-gib')) < mem, 'an 8B model needs less memory per GPU');
  assert((await svg(page, 'chart-memory')) !== chart, 'the memory chart redraws');
  await page.selectOption('select[data-testid=gpu-count]', '1');
  await page.selectOption('select[data-testid=engine]', 'sglang');
  await page.selectOption('select[data-testid=api-model]', { index: 0 });
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
  await page.fill('[data-testid=measured-throughput]', '5000');
  await page.press('[data-testid=measured-throughput]', 'Enter');
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('keyboard-only: tab to a slider, change it, and the status announces the new verdict', async () => {
  const { page, context } = await openPage(browser, url);
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.dataset?.testid === 'requests-per-month');
  }
  assert(found, 'the requests slider is reachable by Tab');
  await page.keyboard.press('End');
  await page.waitForTimeout(900);
  const status = await page.textContent('[role=status]');
  assert(status === (await verdict(page)) && /10B requests/.test(status), `status: ${status}`);
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
        await page.screenshot({ path: join(OUT, `page-${width}-${colorScheme}.png`), fullPage: true });
      }
      await context.close();
    });
  }
}

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
