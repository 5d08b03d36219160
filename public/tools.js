// InferCost's on-demand tools: find the cheapest deployment, import a model's config.json,
// compare a benchmark result with the model. Loaded only when a person opens one of them
// (the first load never requests this file, its stylesheet or the worker). The work runs in
// a Web Worker (the `infercost-tools` WebAssembly module, built by Trunk), so the page's
// inputs stay responsive while a search runs; a search is cancelled by stopping the worker.
//
// The worker answers with display strings and, for anything that changes the scenario, the
// share-link query of the changed scenario. Applying it goes through the page's own link
// decoder: `?` and the query are written to the page's hidden command button (`#command`,
// its `data-command`) and the button clicked, so "Use this" changes the scenario and the address like opening that link.
// Text from pasted files is only ever set as textContent, never as markup.

const WORKER_URL = 'infercost-tools_loader.js';
const STYLE_URL = 'tools.css';
const ROWS_SHOWN = 15;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * One worker and the listener of its pending request. Two run: one for the panel's tools (a
 * search can be cancelled by stopping it) and one for downloads, so an export never waits for
 * a search or stops it.
 */
class Runner {
  constructor() { this.worker = null; this.ready = null; this.listener = null; this.idle = Promise.resolve(); this.done = null; }

  start() {
    if (this.ready) return this.ready;
    const w = new Worker(new URL(WORKER_URL, document.baseURI));
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      w.onmessage = (e) => {
        let m;
        try { m = JSON.parse(e.data); } catch { return; }
        if (m.op === 'ready') resolve();
        else if (this.listener) {
          const listener = this.listener;
          // One answer per request; progress messages come before it.
          if (m.op !== 'progress') this.listener = null;
          listener(m);
        }
      };
      w.onerror = (e) => {
        const why = new Error(e.message || 'the tools could not start');
        const listener = this.listener;
        this.stop();
        reject(why);
        if (listener) listener({ op: 'error', message: `The tools stopped: ${why.message}.` });
      };
    });
    return this.ready;
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.ready = null;
    this.listener = null;
    if (this.done) this.done();
  }

  get busy() { return this.listener !== null; }

  /**
   * Sends a request once the one before has its answer (the worker answers one at a time,
   * and each answer must reach its own listener: a CSV then a JSON download, say).
   */
  async ask(request, listener) {
    const before = this.idle;
    let done;
    this.idle = new Promise((resolve) => { done = resolve; });
    await before;
    this.done = done;
    try {
      const [files] = await Promise.all([fetchCatalogs(), this.start()]);
      this.listener = (m) => {
        if (m.op !== 'progress') done();
        listener(m);
      };
      this.worker.postMessage(JSON.stringify({ ...request, catalogs: files }));
    } catch (e) {
      done();
      throw e;
    }
  }
}

const tools = new Runner();
const exporter = new Runner();

// The whole catalog files, as the page fetches them (from the HTTP cache after the page's own
// download): the worker compiles in only their core rows, like the page.
const CATALOGS = { gpus: 'gpus.csv', models: 'models.csv', prices_api: 'prices_api.psv', prices_gpu: 'prices_gpu.psv' };
let catalogs = null;

function fetchCatalogs() {
  if (!catalogs) {
    catalogs = Promise.all(Object.entries(CATALOGS).map(async ([key, file]) => {
      const r = await fetch(new URL(file, document.baseURI));
      if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
      return [key, await r.text()];
    })).then(Object.fromEntries, (e) => { catalogs = null; throw e; });
  }
  return catalogs;
}

function loadStyle() {
  if (document.querySelector(`link[href="${STYLE_URL}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLE_URL;
  document.head.append(link);
}

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c);
  }
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Applies a share-link query through the page's own decoder (see the top). */
function apply(query, status, what) {
  const button = document.getElementById('command');
  if (!button || !query) return;
  button.dataset.command = `?${query}`;
  button.click();
  if (status) status.textContent = `${what} applied: the verdict and the link now use it.`;
}

function panel() {
  return document.getElementById('tools-panel');
}

function frame(title, intro) {
  const p = panel();
  p.replaceChildren();
  delete p.dataset.searchMs;
  p.hidden = false;
  const heading = el('h3', { id: 'tools-h', tabindex: '-1' }, title);
  const close = el('button', { type: 'button', class: 'tools-close', 'data-testid': 'close-tools', onclick: () => { tools.stop(); p.replaceChildren(); p.hidden = true; } }, 'Close');
  p.append(el('div', { class: 'tools-head' }, heading, close));
  if (intro) p.append(el('p', { class: 'tools-intro' }, intro));
  const status = el('p', { class: 'tools-status', role: 'status', 'data-testid': 'tools-status' });
  p.append(status);
  heading.focus({ preventScroll: true });
  p.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  return { p, status };
}

// ---------------------------------------------------------------------------------- search

function openSearch(query) {
  const { p, status } = frame(
    'Cheapest setups for your traffic',
    'Every catalog GPU × 1, 2, 4 or 8 per replica × weight precision × KV precision × engine, each costed with your workload, targets and overheads (self-hosted alone, or with API overflow when that is cheaper). GPUs are priced at their median catalog rate; yours at your price.',
  );
  const bar = el('progress', { max: 1, value: 0, 'data-testid': 'search-progress', 'aria-label': 'Search progress' });
  const cancel = el('button', { type: 'button', 'data-testid': 'cancel-search' }, 'Cancel');
  const running = el('div', { class: 'tools-running' }, bar, cancel);
  p.append(running);
  const started = performance.now();
  status.textContent = 'Starting the search…';
  cancel.addEventListener('click', () => {
    tools.stop();
    running.remove();
    status.textContent = 'Search cancelled.';
    p.append(el('button', { type: 'button', onclick: () => openSearch(query) }, 'Search again'));
  });
  tools.ask({ op: 'search', query }, (m) => {
    if (m.op === 'progress') {
      bar.max = m.total;
      bar.value = m.done;
      status.textContent = `Searching: ${m.done} of ${m.total} GPUs…`;
    } else if (m.op === 'error') {
      running.remove();
      status.textContent = m.message;
    } else if (m.op === 'search') {
      running.remove();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `Done in ${seconds} s.`;
      p.dataset.searchMs = String(Math.round(performance.now() - started));
      showSearch(p, status, m);
    }
  }).catch((e) => {
    running.remove();
    status.textContent = `The search could not start: ${e.message}.`;
  });
}

function showSearch(p, status, m) {
  const summary = `${m.evaluated.toLocaleString('en-US')} configurations evaluated; ${m.feasible.toLocaleString('en-US')} serve your traffic within your latency targets. ` +
    `The API costs ${m.api} a month for the same traffic` +
    (m.current ? `; your current setup ${m.current_plan === 'hybrid' ? 'as a hybrid' : 'self-hosted alone'} ${m.current}.` : '; your current setup cannot serve it within the targets.');
  p.append(el('p', { class: 'tools-summary', 'data-testid': 'search-summary' }, summary));
  if (!m.rows.length) {
    p.append(el('p', {}, 'No configuration serves this workload within your latency targets. Loosen a target, or see why below.'));
  } else {
    p.append(chart(m));
    p.append(table(m.rows, status));
  }
  if (m.below.length) {
    const c = m.below[0];
    p.append(el('p', { class: 'tools-note' },
      `${m.below_count.toLocaleString('en-US')} more serve the traffic but miss a latency target even one request at a time; the cheapest of them is ${c.gpus_per_replica} × ${c.gpu} ${c.precision} on ${c.engine} at ${c.monthly} a month.`));
  }
  if (m.infeasible.length) {
    p.append(el('details', { class: 'tools-infeasible' },
      el('summary', {}, `${m.infeasible.length} GPU and precision pairs cannot serve it at all`),
      el('ul', {}, m.infeasible.map((line) => el('li', {}, line)))));
  }
  p.append(el('p', { class: 'tools-note' }, 'Results are for the scenario as it was when searched; search again after changing the workload or targets.'));
}

function table(all, status) {
  let rows = all;
  const columns = [
    ['GPU', (r) => r.gpu],
    ['GPUs', (r) => String(r.gpus_per_replica)],
    ['Weights', (r) => r.precision],
    ['KV', (r) => r.kv_precision],
    ['Engine', (r) => r.engine],
    ['Plan', (r) => r.plan],
    ['Replicas', (r) => String(r.replicas)],
    ['Per month', (r) => r.monthly],
    ['$/1M output', (r) => r.per_mtok],
    ['p95 TTFT', (r) => r.ttft_p95],
    ['TPOT', (r) => r.tpot],
    ['Headroom', (r) => r.headroom],
  ];
  const body = el('tbody');
  const addRows = (from, to) => {
    for (const r of rows.slice(from, to)) {
      const use = el('button', { type: 'button', 'data-testid': 'use-config', 'aria-label': `Use ${r.gpus_per_replica} × ${r.gpu}, ${r.precision}, ${r.engine}`, onclick: () => apply(r.link, status, `${r.gpus_per_replica} × ${r.gpu} ${r.precision} on ${r.engine}`) }, 'Use this');
      body.append(el('tr', { 'data-monthly-usd': r.monthly_usd, 'data-feasible': 'true', class: r.pareto ? 'pareto' : null },
        columns.map(([name, get], i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, get(r), i === 0 && r.pareto ? el('span', { class: 'front-mark', title: 'On the cost-speed front' }, ' ◆') : null)),
        el('td', {}, use)));
    }
  };
  const more = el('button', { type: 'button', 'data-testid': 'search-more' });
  const render = () => {
    body.replaceChildren();
    addRows(0, ROWS_SHOWN);
    more.textContent = `Show all ${rows.length}`;
    more.hidden = rows.length <= ROWS_SHOWN;
  };
  more.addEventListener('click', () => { addRows(ROWS_SHOWN, rows.length); more.hidden = true; });
  const perGpu = el('input', { type: 'checkbox', id: 'search-per-gpu', 'data-testid': 'search-per-gpu' });
  perGpu.addEventListener('change', () => {
    rows = perGpu.checked ? all.filter((r) => r.gpu_best) : all;
    render();
  });
  render();
  const t = el('table', { class: 'search-table', 'data-testid': 'search-results' },
    el('caption', { class: 'visually-hidden' }, 'Configurations that serve your traffic within your targets, cheapest first'),
    el('thead', {}, el('tr', {}, columns.map(([name]) => el('th', { scope: 'col' }, name)), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Apply')))),
    body);
  const scroller = el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Search results' }, t);
  return el('div', {},
    el('p', { class: 'tools-note' }, 'Cheapest first. ◆ marks the cost-speed front: nothing else is both cheaper and faster per token.'),
    el('div', { class: 'tools-row' }, perGpu, el('label', { for: 'search-per-gpu' }, 'Only each GPU\'s cheapest')),
    scroller, more);
}

/** Monthly cost (log scale) against time per output token; the front joined by a line. */
function chart(m) {
  const width = Math.max(300, Math.min(720, panel().clientWidth - 8));
  const height = 260;
  const pad = { l: 56, r: 32, t: 12, b: 44 };
  const pts = m.points.filter(([c, t]) => c > 0 && t > 0 && Number.isFinite(c) && Number.isFinite(t));
  const costs = pts.map((p) => p[0]);
  const times = pts.map((p) => p[1] * 1000);
  // Costs and the API's line in view, with a margin; at least a third of a decade wide.
  const lo = Math.log10(Math.min(...costs, m.api_monthly_usd > 0 ? m.api_monthly_usd : Infinity));
  const hi = Math.log10(Math.max(...costs, m.api_monthly_usd > 0 ? m.api_monthly_usd : 0));
  const span = Math.max(hi - lo, 0.33);
  const x0 = (lo + hi) / 2 - span * 0.55;
  const x1 = (lo + hi) / 2 + span * 0.55;
  const y1 = Math.max(...times) * 1.05;
  const x = (c) => pad.l + ((Math.log10(c) - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const y = (ms) => height - pad.b - (ms / y1) * (height - pad.t - pad.b);
  const s = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'search-chart', role: 'img', 'data-testid': 'search-chart' });
  s.append(svg('title', {}, 'Monthly cost against time per output token for every configuration that meets your targets; the cost-speed front joined by a line.'));
  for (const v of logTicks(x0, x1)) {
    s.append(svg('line', { x1: x(v), x2: x(v), y1: pad.t, y2: height - pad.b, class: 'grid' }));
    s.append(svg('text', { x: x(v), y: height - pad.b + 16, 'text-anchor': 'middle' }, money(v)));
  }
  const step = niceStep(y1 / 4);
  for (let v = 0; v <= y1; v += step) {
    s.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    s.append(svg('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${Math.round(v)}`));
  }
  s.append(svg('text', { x: (pad.l + width - pad.r) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-title' }, 'Cost per month (log scale)'));
  s.append(svg('text', { x: 14, y: (pad.t + height - pad.b) / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 14 ${(pad.t + height - pad.b) / 2})` }, 'ms per output token'));
  for (const [c, t, front] of pts) {
    if (!front) s.append(svg('circle', { cx: x(c), cy: y(t * 1000), r: 2.5, class: 'dot' }));
  }
  const front = pts.filter((p) => p[2]).sort((a, b) => a[0] - b[0]);
  if (front.length > 1) {
    s.append(svg('polyline', { points: front.map(([c, t]) => `${x(c)},${y(t * 1000)}`).join(' '), class: 'front' }));
  }
  for (const [c, t] of front) s.append(svg('circle', { cx: x(c), cy: y(t * 1000), r: 4, class: 'front-dot' }));
  if (m.api_monthly_usd > 0 && Math.log10(m.api_monthly_usd) >= x0 && Math.log10(m.api_monthly_usd) <= x1) {
    const ax = x(m.api_monthly_usd);
    s.append(svg('line', { x1: ax, x2: ax, y1: pad.t, y2: height - pad.b, class: 'api-line' }));
    s.append(svg('text', { x: ax + 4, y: pad.t + 12, class: 'api-label' }, `API ${m.api}`));
  }
  return el('div', { class: 'chart-scroll' }, s);
}

/** Round money values for a log axis from 10^x0 to 10^x1: decades, else 1-2-5 or finer. */
function logTicks(x0, x1) {
  for (const mults of [[1], [1, 3], [1, 2, 5], [1, 1.5, 2, 3, 4, 5, 7]]) {
    const ticks = [];
    for (let e = Math.floor(x0); e <= Math.ceil(x1); e += 1) {
      for (const k of mults) {
        const v = k * 10 ** e;
        if (Math.log10(v) >= x0 && Math.log10(v) <= x1) ticks.push(v);
      }
    }
    if (ticks.length >= 3) return ticks;
  }
  return [10 ** ((x0 + x1) / 2)];
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

function money(v) {
  if (v >= 1e6) return `$${+(v / 1e6).toPrecision(2)}M`;
  if (v >= 1e3) return `$${+(v / 1e3).toPrecision(2)}k`;
  return `$${Math.round(v)}`;
}

// ------------------------------------------------------------------- import and calibrate

/** A paste box that also takes a dropped or chosen file, and a button that sends it. */
function pasteForm(p, status, { id, label, placeholder, button, testid, op, query, show }) {
  const box = el('textarea', { id, rows: 8, spellcheck: 'false', placeholder, 'data-testid': `${testid}-text` });
  const file = el('input', { type: 'file', id: `${id}-file`, accept: '.json,.csv,.jsonl,application/json,text/csv' });
  const result = el('div', { class: 'tools-result', 'data-testid': `${testid}-result` });
  const read = async (text) => {
    result.replaceChildren();
    status.textContent = 'Reading…';
    try {
      await tools.ask({ op, query, text }, (m) => {
        if (m.op === 'error') status.textContent = m.message;
        else { status.textContent = ''; show(result, status, m); }
      });
    } catch (e) {
      status.textContent = `The tools could not start: ${e.message}.`;
    }
  };
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (f) { box.value = await f.text(); read(box.value); }
  });
  box.addEventListener('dragover', (e) => e.preventDefault());
  box.addEventListener('drop', async (e) => {
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f) { e.preventDefault(); box.value = await f.text(); read(box.value); }
  });
  p.append(
    el('label', { for: id }, label),
    box,
    el('div', { class: 'tools-row' },
      el('button', { type: 'button', 'data-testid': `${testid}-read`, onclick: () => read(box.value) }, button),
      el('label', { class: 'file-label', for: `${id}-file` }, 'or choose a file'), file),
    result,
  );
}

function openImport(query) {
  const { p, status } = frame('Import a model',
    'Paste a model\'s config.json from Hugging Face (Llama, Mistral, Mixtral, Qwen 2/3 and their MoE, Gemma 2/3, DeepSeek-V3/R1, gpt-oss, Phi-3/4). Its architecture becomes the custom model of your scenario; weights stay your choice of precision.');
  pasteForm(p, status, {
    id: 'import-box', label: 'config.json', placeholder: '{"model_type": "llama", "hidden_size": 4096, …}',
    button: 'Read the config', testid: 'import', op: 'import', query,
    show: (result, st, m) => {
      result.append(
        el('p', { class: 'tools-summary' }, m.summary),
        el('p', {}, m.check),
        m.notes.length ? el('ul', { class: 'tools-notes' }, m.notes.map((n) => el('li', {}, n))) : null,
        el('button', { type: 'button', class: 'primary', 'data-testid': 'use-import', onclick: () => apply(m.link, st, 'This model') }, 'Use this model'),
      );
    },
  });
}

function openCalibrate(query) {
  const { p, status } = frame('Calibrate from your benchmark',
    'Paste the JSON that vllm bench serve or SGLang\'s bench_serving saves (--save-result), run on the GPU, count, precision and engine chosen above; or rows in the measurements CSV format. The model\'s prediction stands next to each measured figure, and you can use the measured throughput instead of the estimate (the link carries it; clear it under Self-hosted setup).');
  pasteForm(p, status, {
    id: 'calibrate-box', label: 'Benchmark result', placeholder: '{"completed": 1000, "max_concurrency": 64, "output_throughput": …}',
    button: 'Compare', testid: 'calibrate', op: 'calibrate', query,
    show: (result, st, m) => {
      result.append(
        el('p', { class: 'tools-summary' }, m.summary),
        el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Measured against predicted' },
          el('table', { 'data-testid': 'calibrate-table' },
            el('thead', {}, el('tr', {}, ['Figure', 'Measured', 'InferCost', 'Difference'].map((h) => el('th', { scope: 'col' }, h)))),
            el('tbody', {}, m.figures.map((f) => el('tr', {}, el('th', { scope: 'row' }, f.label), el('td', {}, f.measured), el('td', {}, f.predicted), el('td', {}, f.error)))))),
      );
      if (m.link) {
        result.append(el('p', {}, m.offer),
          el('button', { type: 'button', class: 'primary', 'data-testid': 'use-calibration', onclick: () => apply(m.link, st, 'The measured throughput') }, 'Use the measured throughput'));
      }
    },
  });
}

// ---------------------------------------------------------------------------------- export

/** Downloads the report as CSV or JSON, made by the worker with the inputs and the link. */
function download(format, query) {
  const status = document.getElementById('copy-status');
  const link = new URL(query ? `?${query}` : '', document.baseURI).href;
  const date = new Date().toISOString().slice(0, 10);
  exporter.ask({ op: 'export', format, query, link, date }, (m) => {
    if (m.op === 'export') {
      save(m.filename, new Blob([m.text], { type: m.mime }));
    } else if (m.op === 'error' && status) {
      status.textContent = `Download failed: ${m.message}`;
    }
  }).catch((e) => {
    if (status) status.textContent = `Download failed: ${e.message}.`;
  });
}

// ------------------------------------------------------------------------- chart export

/**
 * The chart file's stylesheet, in the page's light palette (style/main.css, read from a
 * hidden `.palette-light` element: one palette for the page, its charts and its files),
 * whatever the page's theme: files are read on white paper and slides.
 */
function chartStyle() {
  const probe = document.createElement('div');
  probe.className = 'palette-light';
  probe.hidden = true;
  document.body.append(probe);
  const css = getComputedStyle(probe);
  const c = (name) => css.getPropertyValue(`--${name}`).trim();
  const t = { bg: c('bg'), surface: c('surface'), text: c('text'), muted: c('muted'), border: c('border'),
    accent: c('accent'), api: c('api'), self: c('self'), hybrid: c('hybrid') };
  probe.remove();
  return {
    background: t.bg,
    css: `text{font:12px system-ui,sans-serif;fill:${t.muted}}` +
      `.axis,.tick,.grid{stroke:${t.border}}.grid{stroke-opacity:.35}text.tick{stroke:none}` +
      `.line{fill:none;stroke-width:2.5}.api{stroke:${t.api}}.self{stroke:${t.self}}` +
      `.hybrid,.latency{stroke:${t.hybrid};stroke-dasharray:6 4}.marker{stroke:${t.text};fill:none}` +
      `.cross{fill:${t.bg};stroke-width:2.5}.readout{stroke:${t.self}}.zero{stroke:${t.text}}` +
      `.title{font:600 17px system-ui,sans-serif;fill:${t.text}}.lead{fill:${t.text};font-size:13px}` +
      `.small{font-size:11px}a text{fill:${t.accent};text-decoration:underline}` +
      `.key-api{fill:${t.api}}.key-self{fill:${t.self}}.key-hybrid{fill:${t.hybrid}}.key-cross{fill:${t.text}}`,
  };
}

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Splits `text` into lines of at most `width` characters, at spaces. */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The scenario's key inputs in words, read from the page's own controls. */
function keyInputs() {
  const picked = (id) => document.querySelector(`select[data-testid=${id}]`)?.selectedOptions[0]?.textContent.trim() ?? '';
  const typed = (id) => document.querySelector(`input.number-box[data-testid=${id}]`)?.value ?? '';
  return `${picked('selfhost-model')} on ${picked('gpu')} (${picked('gpu-count')} per replica), ${picked('weight-precision')}, ${picked('engine')}; ` +
    `${typed('requests-per-month')} requests a month of ${typed('input-tokens')} input and ${typed('output-tokens')} output tokens; ` +
    `GPU $${typed('gpu-usd-per-hour')} an hour; API: ${picked('api-model')}.`;
}

/**
 * The break-even chart as a file that stands alone: a title, the verdict, the key inputs, the
 * chart as drawn, its legend, the date and a link back to the scenario. Returns the SVG text
 * and its size.
 */
function chartFile(query) {
  const chart = document.querySelector('#be-host svg');
  if (!chart) throw new Error('the chart is not drawn yet');
  const cw = chart.viewBox.baseVal.width;
  const ch = chart.viewBox.baseVal.height;
  const width = Math.max(cw, 640) + 32;
  const pad = 16;
  const perLine = Math.floor((width - 2 * pad) / 7);
  const verdict = wrap(document.querySelector('[data-testid=verdict]')?.textContent ?? '', perLine);
  const inputs = wrap(keyInputs(), Math.floor((width - 2 * pad) / 6.2));
  const link = new URL(query ? `?${query}` : '', document.baseURI).href;
  const date = new Date().toISOString().slice(0, 10);
  const out = [];
  let y = pad + 17;
  out.push(`<text class="title" x="${pad}" y="${y}">InferCost: monthly cost by volume, API against self-hosting</text>`);
  y += 8;
  for (const line of verdict) out.push(`<text class="lead" x="${pad}" y="${(y += 18)}">${xml(line)}</text>`);
  y += 4;
  for (const line of inputs) out.push(`<text class="small" x="${pad}" y="${(y += 15)}">${xml(line)}</text>`);
  y += 10;
  const copy = chart.cloneNode(true);
  copy.setAttribute('x', String(pad));
  copy.setAttribute('y', String(y));
  copy.removeAttribute('data-testid');
  out.push(new XMLSerializer().serializeToString(copy));
  y += ch + 8;
  let x = pad;
  for (const li of document.querySelectorAll('#be-host ~ div .legend li')) {
    const key = [...(li.querySelector('.key')?.classList ?? [])].find((c) => c !== 'key') ?? '';
    const label = li.textContent.trim();
    out.push(`<rect class="key-${xml(key)}" x="${x}" y="${y + 4}" width="14" height="4"/>`);
    out.push(`<text class="small" x="${x + 20}" y="${y + 10}">${xml(label)}</text>`);
    x += 30 + label.length * 5.8;
    if (x > width - 120) { x = pad; y += 18; }
  }
  y += 30;
  out.push(`<text class="small" x="${pad}" y="${y}">Made with InferCost on ${date}. Every number is computed from the inputs above; open the scenario:</text>`);
  // The whole link is the target; the text shown is cut to the width.
  const room = Math.floor((width - 2 * pad) / 6.2);
  const shown = link.length > room ? `${link.slice(0, room - 3)}...` : link;
  out.push(`<a href="${xml(link)}"><text class="small" x="${pad}" y="${(y += 15)}">${xml(shown)}</text></a>`);
  const height = y + pad;
  const style = chartStyle();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="${xml(style.background)}"/><style>${style.css}</style>${out.join('')}</svg>`;
  return { svg, width, height };
}

function save(filename, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Downloads the break-even chart as SVG, or as PNG at twice its size. */
function downloadChart(format, query) {
  const status = document.getElementById('copy-status');
  try {
    const { svg, width, height } = chartFile(query);
    if (format === 'svg') {
      save('infercost-break-even.svg', new Blob([svg], { type: 'image/svg+xml' }));
      return;
    }
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => { if (blob) save('infercost-break-even.png', blob); }, 'image/png');
    };
    image.onerror = () => { if (status) status.textContent = 'Download failed: the chart could not be drawn as an image.'; };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  } catch (e) {
    if (status) status.textContent = `Download failed: ${e.message}.`;
  }
}

/**
 * The HTML a host page pastes to embed the calculator with the scenario in the address bar:
 * an iframe with a title, an accessible name and lazy loading, at a fixed height that the
 * helper script then fits to the content; and, for hosts that strip scripts or iframes, a
 * plain link to the same scenario. The theme follows the reader (no `theme` key).
 */
export function embedSnippet(location) {
  const page = location.origin + location.pathname;
  const dir = page.slice(0, page.lastIndexOf('/'));
  const query = location.search.slice(1).split('&')
    .filter((pair) => pair && !/^(embed|theme)(=|$)/.test(pair)).join('&');
  const title = 'InferCost: self-host vs API cost calculator';
  const full = query ? `${page}?${query}` : page;
  return `<iframe src="${xml(`${full}${query ? '&' : '?'}embed=1`)}" title="${title}" aria-label="${title}" loading="lazy" width="100%" height="720" style="border:0"></iframe>\n` +
    `<script src="${xml(dir)}/embed.js" async></script>\n` +
    `<p><a href="${xml(full)}">Open this scenario in InferCost</a></p>`;
}

/**
 * Opens tool `kind` (`search`, `import`, `calibrate`) for the scenario `query`, or downloads
 * the report (`csv`, `json`) or the break-even chart (`svg`, `png`).
 */
export function open(kind, query) {
  if (kind === 'csv' || kind === 'json') {
    download(kind, query);
    return;
  }
  if (kind === 'svg' || kind === 'png') {
    downloadChart(kind, query);
    return;
  }
  loadStyle();
  // A request still running (a search) is stopped; an idle worker is kept.
  if (tools.busy) tools.stop();
  if (kind === 'search') openSearch(query);
  else if (kind === 'import') openImport(query);
  else if (kind === 'calibrate') openCalibrate(query);
}
