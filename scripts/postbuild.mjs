// Trunk post-build hook for release builds (`trunk build --release`):
//
// 1. Minifies wasm-bindgen's JS glue with terser and the CSS (Trunk 0.21 does neither),
//    updating their subresource-integrity hashes in index.html.
// 2. Moves Trunk's inline loader into a file, so no inline script is left, and fetches every
//    integrity-checked file in CORS mode (sandboxed embeds have an opaque origin).
// 3. Adds a Content-Security-Policy <meta>. With no inline script, the policy is simply
//    script-src 'self' 'wasm-unsafe-eval' (WebAssembly compilation), the same whether a host
//    sends it as a header or relies on the <meta>, and it does not change between builds.
//
// Development builds (`trunk serve`) are left alone: Trunk's live-reload script is inline.
// frame-ancestors cannot be set from a <meta>; hosts send it as a header (see README).
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Returns the rewritten html and the external loader files to write ({name, body}). */
export function externalize(html) {
  const files = [];
  const out = html.replace(/<script type="module">([\s\S]*?)<\/script>/g, (_, source) => {
    // Start the app after the first frame: the static masthead paints first, and the
    // WebAssembly download does not compete with it.
    // A quiet loading line under the first answer until the app replaces them both (only
    // when scripts run: without them, the <noscript> text says why nothing loads).
    // If the WebAssembly never arrives (offline, blocked), the line says so instead.
    const loading = "document.getElementById('first-answer')?.insertAdjacentHTML('beforeend', " +
      "'<span class=\"loading\" id=\"loading\">Loading the calculator…</span>');\ntry {\n";
    const failed = "\n} catch (e) {\n  const l = document.getElementById('loading');\n" +
      "  if (l) l.textContent = 'The calculator could not load here (offline, or blocked). Reload to try again.';\n" +
      "  throw e;\n}\n";
    const body = loading + source.replace(
      /import init, \* as bindings from '([^']+)';/,
      "await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));\n" +
        "const bindings = await import('$1');\nconst init = bindings.default;",
    ) + failed;
    const name = `boot-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
    files.push({ name, body });
    return `<script type="module" src="./${name}"></script>`;
  });
  // Without a preload, the wasm request starts once the loader runs, after first paint.
  return { html: out.replace(/<link rel="preload" href="[^"]*\.wasm"[^>]*>/g, ''), files };
}

export function withCsp(html) {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`;
  return html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n    ${meta}`);
}

/**
 * Writes the default scenario's verdict into the masthead's empty first-answer paragraph, so
 * a reader sees the real default answer before the WebAssembly arrives (the app removes it
 * when it starts). `verdict` is the CLI's, computed by the same model.
 */
export function withFirstAnswer(html, verdict) {
  const text = verdict.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const out = html.replace(
    /<p class="first-answer" id="first-answer" hidden><\/p>/,
    `<p class="first-answer" id="first-answer">For the default scenario: ${text}</p>`,
  );
  if (out === html || !text) throw new Error('no place for the first answer, or no verdict');
  return out;
}

/** The default scenario's verdict, from the CLI (`infercost eval`, its first line). */
function defaultVerdict() {
  const out = execFileSync('cargo', ['run', '-q', '--locked', '-p', 'infercost-cli', '--', 'eval'], {
    encoding: 'utf8',
  });
  return out.split('\n')[0].trim();
}

/** A conservative CSS minifier: comments out, whitespace collapsed around punctuation, and
 *  the space after a colon (`color: red`, `(min-width: 40rem)`) dropped outside quoted
 *  strings (`[title="a: b"]`, `content: "Note: x"` keep theirs). */
export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/("[^"]*"|'[^']*')|: /g, (m, quoted) => quoted || ':')
    .replace(/;}/g, '}')
    .trim();
}

/** Replaces the integrity attribute of the element that references `file`. */
export function withIntegrity(html, file, body) {
  const sri = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return html.replace(new RegExp(`(href="(?:\\./|/)?${escaped}"[^>]*integrity=")[^"]*(")`, 'g'), `$1${sri}$2`);
}

async function main() {
  if (process.env.TRUNK_PROFILE !== 'release') return;
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('TRUNK_STAGING_DIR is not set (run this as a Trunk hook)');
  const file = join(dir, 'index.html');
  let html = readFileSync(file, 'utf8');

  const { minify } = await import('terser');
  // The glue, and the wasm-bindgen snippets it imports (src/js/*.js, copied under snippets/).
  const scripts = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /^infercost-web-.*\.js$/.test(f) || (f.startsWith('snippets') && f.endsWith('.js')));
  for (const name of scripts) {
    const source = readFileSync(join(dir, name), 'utf8');
    const result = await minify(source, { module: true, compress: true, mangle: true });
    if (!result.code) throw new Error(`terser produced nothing for ${name}`);
    writeFileSync(join(dir, name), result.code);
    html = withIntegrity(html, name, result.code);
  }

  // The on-demand tools (never on first load): the worker's no-modules glue is a classic
  // script; tools.js a module. Not integrity-checked: tools.js loads them by name.
  for (const [name, module] of [['infercost-tools.js', false], ['tools.js', true]]) {
    const source = readFileSync(join(dir, name), 'utf8');
    const result = await minify(source, { module, compress: true, mangle: true });
    if (!result.code) throw new Error(`terser produced nothing for ${name}`);
    writeFileSync(join(dir, name), result.code);
  }
  writeFileSync(join(dir, 'tools.css'), minifyCss(readFileSync(join(dir, 'tools.css'), 'utf8')));

  // CSS: drop comments and collapse whitespace (Trunk 0.21 does not minify it).
  for (const name of readdirSync(dir).filter((f) => /^main-.*\.css$/.test(f))) {
    const css = minifyCss(readFileSync(join(dir, name), 'utf8'));
    writeFileSync(join(dir, name), css);
    html = withIntegrity(html, name, css);
  }

  // Every element with an integrity hash fetches in CORS mode, so the hash can be checked
  // in a sandboxed (opaque-origin) frame too; hosts send Access-Control-Allow-Origin.
  html = html.replace(/<link\b(?![^>]*\bcrossorigin)([^>]*\bintegrity="[^"]*")/g, '<link crossorigin="anonymous"$1');

  html = withFirstAnswer(html, defaultVerdict());

  const ext = externalize(html);
  for (const f of ext.files) writeFileSync(join(dir, f.name), f.body);
  html = withCsp(ext.html);
  if (!html.includes('Content-Security-Policy') || /<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
    throw new Error('could not add the policy, or an inline script is left');
  }
  writeFileSync(file, html);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(`postbuild.mjs: ${e.message}`);
    process.exit(1);
  });
}
