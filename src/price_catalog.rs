//! The whole price catalogs, fetched when first needed. The first load carries only the
//! prices the defaults and presets name (`infercost::prices`, feature `bundled-prices` off);
//! the catalogs (about 20 KB compressed) come when a person first points at or focuses an
//! input, and a pick that needs them (a model, a GPU, an API offer, a GPU price) waits for
//! them. A link or saved state that names another price loads them before the page starts.
//!
//! One download at a time: callers that arrive while it runs wait in a queue, and all of
//! them run when it ends, with the reason when it failed (they then apply with the core
//! prices, and the page says why the picks could not be paired).

use infercost::prices;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

type Waiter = Box<dyn FnOnce(Option<String>)>;

thread_local! {
    static LOADING: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Waiter>> = const { RefCell::new(Vec::new()) };
    static FAILED: RefCell<Option<String>> = const { RefCell::new(None) };
    // Reference-counted, not arena-owned: it must outlive whichever component first reads it.
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(prices::complete());
}

/// Tracks whether the whole catalogs are present: option lists that show prices read this
/// so they are rebuilt once they arrive.
pub fn track_ready() -> bool {
    READY.with(|r| r.get())
}

/// Starts the download unless the catalogs are present or one is under way.
pub fn start() {
    if prices::complete() || LOADING.with(|l| l.replace(true)) {
        return;
    }
    // js-sys's executor, not Leptos's: the page's start may come here before mounting
    // sets that one up.
    js_sys::futures::spawn_local(async {
        let failed = download().await.err();
        FAILED.with(|f| f.replace(failed.clone()));
        LOADING.with(|l| l.set(false));
        READY.with(|r| r.set(prices::complete()));
        for waiter in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            waiter(failed.clone());
        }
    });
}

/// Runs `then` once the catalogs are present: now when they are, else after the download,
/// with the reason when it failed.
pub fn when_ready(then: impl FnOnce(Option<String>) + 'static) {
    if prices::complete() {
        return then(None);
    }
    WAITING.with(|w| w.borrow_mut().push(Box::new(then)));
    start();
}

/// Why the last download failed, if it did.
pub fn failure() -> Option<String> {
    FAILED.with(|f| f.borrow().clone())
}

/// What a person is told when the download failed.
pub fn failure_notice(why: &str) -> String {
    format!(
        "The full price catalog could not be loaded ({why}); the page keeps the prices it \
         started with, so a new pick may not find its hosted offers or GPU prices."
    )
}

async fn download() -> Result<(), String> {
    let [api, gpu] = prices::CATALOG_FILES.map(|f| format!("./{f}?v={}", prices::CATALOG_TAG));
    let texts = js_sys::futures::JsFuture::from(crate::browser::fetch_two(&api, &gpu))
        .await
        .map_err(|_| "the download failed".to_string())?;
    let texts = js_sys::Array::from(&texts);
    match (texts.get(0).as_string(), texts.get(1).as_string()) {
        (Some(api), Some(gpu)) => prices::install(&api, &gpu),
        _ => Err("the download was not text".into()),
    }
}
