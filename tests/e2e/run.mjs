// Browser journeys against the release build in dist/, in the system Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, axe, test, run, assert, OUT } from './harness.mjs';

mkdirSync(OUT, { recursive: true });
const server = await serve();
const browser = await launch();

const value = (page, id) => page.getAttribute(`[data-testid=${id}]`, 'data-value').then(Number);

test('loads with no console or page error, and no request leaves localhost', async () => {
  const { page, context, log } = await openPage(browser, `${server.origin}/`);
  const verdict = await page.textContent('[data-testid=verdict]');
  assert(/requests a month/.test(verdict), `verdict reads: ${verdict}`);
  assert(Number.isFinite(await value(page, 'api-monthly-usd')), 'api-monthly-usd has a number');
  await page.waitForTimeout(300);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  assert(log.external.length === 0, `requests left localhost: ${log.external.join(', ')}`);
  await page.screenshot({ path: join(OUT, 'page-1280.png'), fullPage: true });
  await context.close();
});

test('a slider moved by keyboard changes a result', async () => {
  const { page, context, log } = await openPage(browser, `${server.origin}/`);
  const before = await value(page, 'api-monthly-usd');
  const slider = page.locator('input[type=range][data-testid=requests-per-month]');
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  const after = await value(page, 'api-monthly-usd');
  assert(after > before, `api-monthly-usd ${before} -> ${after} after ArrowRight x20`);
  const box = await page.inputValue('input.number-box[data-testid=requests-per-month]');
  assert(Number(box.replace(/,/g, '')) > 1e6, `number box follows the slider: ${box}`);
  assert(log.errors.length === 0, `errors: ${log.errors.join('; ')}`);
  await context.close();
});

test('a bad value in a number box gets a message and is not applied', async () => {
  const { page, context } = await openPage(browser, `${server.origin}/`);
  const before = await value(page, 'api-monthly-usd');
  const box = page.locator('input.number-box[data-testid=output-tokens]');
  await box.fill('NaN');
  await box.press('Enter');
  const msg = await page.textContent('#output-tokens-error');
  assert(/not a number/.test(msg), `inline message: ${msg}`);
  assert((await box.getAttribute('aria-invalid')) === 'true', 'aria-invalid set');
  assert((await value(page, 'api-monthly-usd')) === before, 'value not applied');
  await box.fill('600');
  await box.press('Enter');
  assert((await value(page, 'api-monthly-usd')) > before, 'a good value is applied');
  await context.close();
});

for (const width of [1280, 320]) {
  test(`axe-core: 0 violations at ${width} px`, async () => {
    const { page, context } = await openPage(browser, `${server.origin}/`, { width, height: 800 });
    const violations = await axe(page);
    assert(violations.length === 0, JSON.stringify(violations, null, 1));
    if (width === 320) await page.screenshot({ path: join(OUT, 'page-320.png'), fullPage: true });
    await context.close();
  });
}

const failed = await run();
await browser.close();
await server.close();
process.exit(failed ? 1 : 0);
