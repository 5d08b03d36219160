// Browser chores for the InferCost page: copying the link, an embed's height reports to its
// host, the catalogs' download, and the browser events the page reacts to.
// (Downloads are made on demand by public/tools.js.)
// Plain browser APIs; imported by the WebAssembly glue (wasm-bindgen), so Rust calls these
// functions directly. They live in JS because the same code through web-sys bindings and
// Rust closures costs ~5 KB of compressed WebAssembly for two buttons.

/**
 * Copies `text` with the Clipboard API and says so in the element `statusId`. When the
 * clipboard is blocked (permissions policy, an embed, an old browser), shows the input
 * `boxId` with the text selected for a manual copy instead. (The ids are the page's, passed
 * from Rust.)
 */
export function copy_link(text, statusId, boxId) {
  const status = document.getElementById(statusId);
  const box = document.getElementById(boxId);
  const fallback = () => {
    if (box) {
      box.value = text;
      box.hidden = false;
      box.focus();
      box.select();
    }
    if (status) status.textContent = 'The clipboard is blocked here: the link is selected below; copy it (Ctrl+C, or ⌘C on a Mac).';
  };
  if (!navigator.clipboard || !navigator.clipboard.writeText) {
    fallback();
    return;
  }
  if (status) status.textContent = '';
  navigator.clipboard.writeText(text).then(() => {
    if (box) box.hidden = true;
    // Set after clearing, so a second copy is announced again.
    if (status) setTimeout(() => { status.textContent = 'Link copied.'; }, 50);
  }, fallback);
}

/** Opens the print dialog once pending work (charts catching up) has run. */
export function print_soon() {
  setTimeout(() => window.print(), 0);
}

/** Keeps the clipboard fallback's input `boxId`, while shown, holding the current link. */
export function refresh_link_box(text, boxId) {
  const box = document.getElementById(boxId);
  if (box && !box.hidden) box.value = text;
}

/**
 * In an iframe, reports the page's height to the parent whenever it changes:
 * `{type: "infercost:height", height}`. The target origin is "*" because the host is not
 * known; the message carries one number. Nothing here listens for messages.
 */
export function report_height() {
  if (window.parent === window) return;
  const post = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    window.parent.postMessage({ type: 'infercost:height', height }, '*');
  };
  new ResizeObserver(post).observe(document.body);
  // The host's helper script may load after the first report: say it again once loaded.
  window.addEventListener('load', post);
  setTimeout(post, 1000);
}

/**
 * Fetches text files; resolves to their texts as an array, in order, and rejects on any
 * failure (a network error or an HTTP error status). The page's whole catalogs come this way.
 */
export function fetch_texts(urls) {
  // A stalled request gives up after 15 s: the page must not wait forever for its start.
  const signal = AbortSignal.timeout ? AbortSignal.timeout(15000) : undefined;
  const text = (url) => fetch(url, { signal }).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))));
  return Promise.all(urls.map(text));
}

/** Today's date in UTC as YYYY-MM-DD: the day a bundled price's age is measured to. */
export function today_utc() {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Opens an on-demand tool (public/tools.js: search, import a config, calibrate). The module,
 * its stylesheet and its WebAssembly worker load on the first open, never with the page.
 */
export function open_tool(kind, query) {
  import(new URL('tools.js', document.baseURI).href).then(
    (tools) => tools.open(kind, query),
    () => {
      const panel = document.getElementById('tools-panel');
      if (panel) {
        panel.hidden = false;
        panel.textContent = 'The tools could not load (offline?). Try again in a moment.';
      }
    },
  );
}

// Browser events the page reacts to, turned into commands for its hidden command button
// (`ToolbarAction::Command` in src/app.rs): one delegated handler in the WebAssembly instead
// of a Rust closure per event. The tools' "Use this" (public/tools.js) comes the same way.
function command(text) {
  const button = document.getElementById('command');
  if (!button) return;
  button.dataset.command = text;
  button.click();
}
// A tab closed or reloaded within the save delay keeps its last edit.
addEventListener('pagehide', () => command('flush'));
// Back after Reset (which pushed an entry) returns that entry's scenario.
addEventListener('popstate', () => { if (location.search) command(location.search); });
// Another tab saved: the page offers the choice rather than overwrite it.
addEventListener('storage', (e) => { if (e.key === 'infercost.scenario.v1') command('storage'); });
// A choice in the offer bar, or dismissing the notices (their markup carries the command).
// Dismissing also removes the notices at once and keeps focus in the page (an embed has no
// command button, and needs no more).
addEventListener('click', (e) => {
  const button = e.target instanceof Element && e.target.closest('button[data-choice]');
  if (!button) return;
  if (button.dataset.choice === 'dismiss') {
    button.closest('.notice')?.remove();
    const heading = document.getElementById('verdict-h');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
  command(button.dataset.choice);
});

// The charts draw as wide as their column (src/chart_markup.rs, `set_width`): report the
// break-even chart's host width whenever the page's size changes (the app's mount, a window
// resize, a rotation), once per new width.
let chartWidth = 0;
new ResizeObserver(() => {
  const host = document.getElementById('be-host');
  const width = host ? Math.round(host.clientWidth) : 0;
  if (width > 0 && width !== chartWidth && document.getElementById('command')) {
    chartWidth = width;
    command(`w${width}`);
  }
}).observe(document.documentElement);

// The embed panel's snippet, current when the panel opens and when its box gets focus (to
// be copied). Made by public/tools.js (`embedSnippet`), which loads on the panel's first
// opening: few readers embed, and the first load stays small.
const fillSnippet = () => {
  const box = document.getElementById('embed-snippet');
  if (!box) return;
  import(new URL('tools.js', document.baseURI).href).then(
    (tools) => { box.value = tools.embedSnippet(window.location); },
    // Said where the code would be, not as the code: nothing copyable that is not a snippet.
    () => { box.value = ''; box.placeholder = 'The embed code could not load (offline?). Reload the page to try again.'; },
  );
};
document.addEventListener('toggle', (e) => {
  if (e.target instanceof HTMLDetailsElement && e.target.open && e.target.querySelector('#embed-snippet')) fillSnippet();
}, true);
document.addEventListener('focusin', (e) => {
  if (e.target instanceof Element && e.target.id === 'embed-snippet') fillSnippet();
});

// The answer bar jumps to the full answer without adding a history entry (a hash link would,
// and Back would then return the scenario of before the edits made since).
addEventListener('click', (e) => {
  const bar = e.target instanceof Element && e.target.closest('.answer-bar');
  if (!bar) return;
  e.preventDefault();
  const heading = document.getElementById('verdict-h');
  if (heading) {
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }
});
