//! Thin adapters over browser APIs: the URL, saved state, the clipboard and the
//! parent frame. Each returns a `Result` or an `Option` and never panics; the page shows a
//! notice when something is unavailable (storage blocked in a sandboxed iframe, a clipboard
//! denied by permissions policy).

use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's query string without the leading `?` (empty when there is none).
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// The page URL without its query and fragment.
pub fn base_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Sets the address bar's query without navigating: replacing the current history entry, or
/// with `push` adding one (so Back returns to the one before).
pub fn set_query(query: &str, push: bool) -> Result<(), String> {
    let w = window().ok_or("no window")?;
    let history = w.history().map_err(|_| "history unavailable")?;
    let url = if query.is_empty() {
        w.location().pathname().unwrap_or_default()
    } else {
        format!("?{query}")
    };
    let null = &wasm_bindgen::JsValue::NULL;
    if push {
        history.push_state_with_url(null, "", Some(&url))
    } else {
        history.replace_state_with_url(null, "", Some(&url))
    }
    .map_err(|_| "history refused".to_string())
}

/// Saved state in localStorage, behind a check that storage is usable: sandboxed and
/// third-party iframes throw on access, and `gloo_storage::LocalStorage` assumes it works.
pub mod storage {
    use gloo_storage::Storage;

    /// The key of the saved scenario. Its value is a share-link query, so it carries its
    /// own version (`v=`) and is validated by the same codec as a link.
    pub const KEY: &str = "infercost.scenario.v1";

    /// Why saved state could not be used.
    #[derive(Debug, Clone, PartialEq)]
    pub enum StorageError {
        /// The browser blocks storage here (sandboxed iframe, privacy settings).
        Unavailable,
        /// A read or write threw (quota exceeded, storage disabled mid-session).
        Failed,
    }

    fn usable() -> Result<(), StorageError> {
        let w = web_sys::window().ok_or(StorageError::Unavailable)?;
        match w.local_storage() {
            Ok(Some(_)) => Ok(()),
            _ => Err(StorageError::Unavailable),
        }
    }

    /// The saved query, if any.
    pub fn load() -> Result<Option<String>, StorageError> {
        usable()?;
        gloo_storage::LocalStorage::raw()
            .get_item(KEY)
            .map_err(|_| StorageError::Failed)
    }

    /// Saves a query.
    pub fn save(query: &str) -> Result<(), StorageError> {
        usable()?;
        gloo_storage::LocalStorage::raw()
            .set_item(KEY, query)
            .map_err(|_| StorageError::Failed)
    }

    /// Forgets the saved query.
    pub fn clear() -> Result<(), StorageError> {
        usable()?;
        gloo_storage::LocalStorage::raw()
            .remove_item(KEY)
            .map_err(|_| StorageError::Failed)
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/js/files.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = copy_link)]
    fn copy_link_js(text: &str, status_id: &str, box_id: &str)
        -> Result<(), wasm_bindgen::JsValue>;
    /// Opens the print dialog after pending effects have run (a zero timeout).
    #[wasm_bindgen(catch)]
    pub fn print_soon() -> Result<(), wasm_bindgen::JsValue>;
    #[wasm_bindgen(catch, js_name = refresh_link_box)]
    fn refresh_link_box_js(text: &str, box_id: &str) -> Result<(), wasm_bindgen::JsValue>;
    /// In an iframe, posts `{type: "infercost:height", height}` to the parent whenever the
    /// page's height changes (a ResizeObserver on the body); does nothing at top level.
    #[wasm_bindgen(catch)]
    pub fn report_height() -> Result<(), wasm_bindgen::JsValue>;
    /// Opens an on-demand tool (`search`, `import`, `calibrate`) for the scenario `query`:
    /// loads `tools.js` and its worker the first time (never on first load).
    pub fn open_tool(kind: &str, query: &str);
    /// Fetches text files: a promise of an array of their texts, in order.
    pub fn fetch_texts(urls: Vec<String>) -> js_sys::Promise;
    /// Today's date in UTC, `YYYY-MM-DD` (the reader's clock: a price's age is measured to
    /// the day it is read, not the day the page was built).
    pub fn today_utc() -> String;
}

/// The page's element with id `id`. Elements are found by id rather than through Leptos's
/// `NodeRef`, whose thread check links `std::thread` (~2 KB of the first load) into a
/// single-threaded page.
pub fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Marks the document `data-built`: every part of the page exists (see
/// `app::build_the_rest`).
pub fn mark_built() {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-built", "");
    }
}

/// The id of the toolbar's status line, where copying the link reports. `files.js` finds the
/// element by the id Rust passes, so the id is written here only.
pub const COPY_STATUS_ID: &str = "copy-status";

/// The id of the read-only box that shows the link when the clipboard is blocked.
pub const LINK_BOX_ID: &str = "link-box";

/// Copies the link, or shows it selected in [`LINK_BOX_ID`] when the clipboard is blocked;
/// reports in [`COPY_STATUS_ID`].
pub fn copy_link(text: &str) -> Result<(), wasm_bindgen::JsValue> {
    copy_link_js(text, COPY_STATUS_ID, LINK_BOX_ID)
}

/// Puts the current link into [`LINK_BOX_ID`] if the clipboard fallback is showing it.
pub fn refresh_link_box(text: &str) -> Result<(), wasm_bindgen::JsValue> {
    refresh_link_box_js(text, LINK_BOX_ID)
}

/// Moves keyboard focus to the element with `id` (made focusable for the purpose).
pub fn focus(id: &str) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let _ = el.set_attribute("tabindex", "-1");
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Whether the `<details>` a toggle event came from is open now. Read from the element, not
/// the event: toggle events that fire close together may be merged.
pub fn details_open(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|d| d.has_attribute("open"))
}

/// Rewrites result card `i` inside `cards` (marked by `result_cards::markup`): its raw value,
/// text and note.
pub fn set_card(cards: &web_sys::Element, i: usize, value: &str, text: &str, note: &str) {
    if let Ok(Some(big)) = cards.query_selector(&format!("[data-card=\"{i}\"]")) {
        let _ = big.set_attribute("data-value", value);
        big.set_text_content(Some(text));
    }
    if let Ok(Some(p)) = cards.query_selector(&format!("[data-card-note=\"{i}\"]")) {
        p.set_text_content(Some(note));
    }
}

/// The `data-action` of the button a click landed on (or inside), if any.
pub fn action_of(ev: &web_sys::MouseEvent) -> Option<String> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target
        .closest("button[data-action]")
        .ok()??
        .get_attribute("data-action")
}
