// First-load transfer budget: the brotli size of every file the page loads (index.html
// and whatever it references: JS glue, wasm, CSS, icon), summed. Fails above the budget.
// Usage: node scripts/bundle-size.mjs [--json]   (reads dist/)
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

export const BUDGET_BYTES = 150 * 1024;

// The on-demand tools' worker module (issue 14): its WebAssembly, its wasm-bindgen glue and
// Trunk's loader shim, fetched only when a person opens a tool. tools.js and tools.css, which
// open it, are reported beside it.
export const WORKER_BUDGET_BYTES = 120 * 1024;
export const WORKER_FILES = ['infercost-tools_bg.wasm', 'infercost-tools.js', 'infercost-tools_loader.js'];
export const TOOLS_FILES = ['tools.js', 'tools.css'];

export function pageFiles(dist = 'dist') {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = new Set(['index.html']);
  // href/src attributes and quoted asset paths inside Trunk's inline loader.
  for (const m of html.matchAll(/(?:href|src)="([^"#?]+)"|['"]\/?([\w./-]+\.(?:wasm|js|css))['"]/g)) {
    const ref = (m[1] || m[2]).replace(/^\.?\//, '');
    if (!/^(data:|https?:)/.test(ref)) refs.add(ref);
  }
  // Follow the JS files' imports (the loader imports the glue and names the wasm; snippets
  // live under snippets/).
  const queue = [...refs].filter((f) => f.endsWith('.js'));
  while (queue.length) {
    const js = queue.pop();
    if (!existsSync(join(dist, js))) continue;
    const text = readFileSync(join(dist, js), 'utf8');
    for (const m of text.matchAll(/(?:(?:import|from)\s*\(?\s*['"](\.{0,2}\/[^'"]+\.js)['"]|['"](\.{0,2}\/[^'"]+\.wasm)['"])/g)) {
      const target = join(dirname(js), m[1] || m[2]).replace(/^\//, '');
      if (!refs.has(target)) {
        refs.add(target);
        queue.push(target);
      }
    }
  }
  return [...refs].filter((f) => existsSync(join(dist, f)));
}

function sizes(dist, names) {
  return names.map((name) => {
    const raw = readFileSync(join(dist, name));
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    return { name, raw_bytes: raw.length, brotli_bytes: br.length };
  });
}

const sum = (files) => files.reduce((s, f) => s + f.brotli_bytes, 0);

export function measure(dist = 'dist') {
  const files = sizes(dist, pageFiles(dist));
  const worker = sizes(dist, WORKER_FILES.filter((f) => existsSync(join(dist, f))));
  const tools = sizes(dist, TOOLS_FILES.filter((f) => existsSync(join(dist, f))));
  return {
    files,
    total_brotli_bytes: sum(files),
    budget_bytes: BUDGET_BYTES,
    worker: { files: worker, total_brotli_bytes: sum(worker), budget_bytes: WORKER_BUDGET_BYTES },
    tools: { files: tools, total_brotli_bytes: sum(tools) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = measure();
  if (!r.files.some((f) => f.name.endsWith('.wasm'))) {
    console.error('bundle-size: no .wasm found among the files dist/index.html loads');
    process.exit(1);
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r));
  } else {
    const line = (f) => console.log(`${f.name.padEnd(48)} ${String(f.raw_bytes).padStart(9)} B raw ${(f.brotli_bytes / 1024).toFixed(1).padStart(7)} KB br`);
    const total = (label, bytes, budget) => console.log(`${label.padEnd(48)} ${(bytes / 1024).toFixed(1).padStart(23)} KB${budget ? ` of ${budget / 1024} KB` : ''}`);
    r.files.forEach(line);
    total('total (brotli)', r.total_brotli_bytes, BUDGET_BYTES);
    console.log('on demand, when a tool is opened:');
    r.worker.files.forEach(line);
    total('tools worker (brotli)', r.worker.total_brotli_bytes, WORKER_BUDGET_BYTES);
    r.tools.files.forEach(line);
    total('tools worker + tools.js + tools.css', r.worker.total_brotli_bytes + r.tools.total_brotli_bytes);
  }
  if (r.worker.files.length !== WORKER_FILES.length) {
    console.error(`bundle-size: the tools worker is missing from dist/ (${WORKER_FILES.join(', ')})`);
    process.exit(1);
  }
  if (r.total_brotli_bytes > BUDGET_BYTES) {
    console.error(`bundle-size: ${(r.total_brotli_bytes / 1024).toFixed(1)} KB brotli exceeds the ${BUDGET_BYTES / 1024} KB budget`);
    process.exit(1);
  }
  if (r.worker.total_brotli_bytes > WORKER_BUDGET_BYTES) {
    console.error(`bundle-size: the tools worker's ${(r.worker.total_brotli_bytes / 1024).toFixed(1)} KB brotli exceeds its ${WORKER_BUDGET_BYTES / 1024} KB budget`);
    process.exit(1);
  }
}
