//! The whole catalogs (models, GPUs, API and GPU prices), fetched when first needed. The
//! first load carries only the rows the defaults and presets name, and every model's and
//! GPU's name for the pickers (`infercost::catalog`, feature `full-catalogs` off); the files
//! (about 25 KB compressed) come when a person first points at or focuses an input, and a
//! pick that needs them (a model, a GPU, an API offer, a GPU price) waits for them. A link or
//! saved state that names another id loads them before the page starts.
//!
//! One download at a time: callers that arrive while it runs wait in a queue, and all of
//! them run when it ends, with the reason when it failed (they then apply with the core
//! rows, and the page says why a pick may not be paired).

use infercost::{catalog, prices};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

type Waiter = Box<dyn FnOnce(Option<String>)>;

thread_local! {
    static LOADING: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Waiter>> = const { RefCell::new(Vec::new()) };
    static FAILED: RefCell<Option<String>> = const { RefCell::new(None) };
    // Reference-counted, not arena-owned: it must outlive whichever component first reads it.
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(catalog::complete());
    // Each input's default source (`data/field_sources.txt`), fetched with the catalogs: the
    // first load carries no source texts.
    static FIELD_SOURCES: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Tracks whether the whole catalogs are present: option lists built from them read this so
/// they are rebuilt once they arrive.
pub fn track_ready() -> bool {
    READY.with(|r| r.get())
}

/// Starts the download unless the catalogs are present or one is under way. After a failed
/// download only a pick that needs the catalogs tries again (`when_ready`), not every
/// pointer movement over the inputs.
pub fn start() {
    if FAILED.with(|f| f.borrow().is_some()) {
        return;
    }
    download_now();
}

fn download_now() {
    if catalog::complete() || LOADING.with(|l| l.replace(true)) {
        return;
    }
    // js-sys's executor, not Leptos's: the page's start may come here before mounting
    // sets that one up.
    js_sys::futures::spawn_local(async {
        let failed = download().await.err();
        FAILED.with(|f| f.replace(failed.clone()));
        LOADING.with(|l| l.set(false));
        READY.with(|r| r.set(catalog::complete()));
        for waiter in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            waiter(failed.clone());
        }
    });
}

/// Runs `then` once the catalogs are present: now when they are, else after the download,
/// with the reason when it failed.
pub fn when_ready(then: impl FnOnce(Option<String>) + 'static) {
    if catalog::complete() {
        return then(None);
    }
    WAITING.with(|w| w.borrow_mut().push(Box::new(then)));
    download_now();
}

/// Why the last download failed, if it did.
pub fn failure() -> Option<String> {
    FAILED.with(|f| f.borrow().clone())
}

/// What a person is told when the download failed.
pub fn failure_notice(why: &str) -> String {
    format!(
        "The full catalogs could not be loaded ({why}): only the models, GPUs and prices the \
         page started with can be picked."
    )
}

/// The source of the input with short key `key`, once the catalogs are in (also in host
/// tests, where the registry carries the texts).
pub fn field_source(key: &str) -> Option<String> {
    let from_registry = infercost::scenario::fields()
        .iter()
        .find(|f| f.key == key && !f.source.is_empty())
        .map(|f| f.source.to_string());
    from_registry.or_else(|| {
        FIELD_SOURCES.with(|t| {
            let text = t.borrow();
            infercost::scenario::parse_field_sources(&text)
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, s)| s.to_string())
        })
    })
}

async fn download() -> Result<(), String> {
    let files = catalog::FILES.iter().chain(&["field_sources.txt"]);
    let urls: Vec<String> = files.map(|f| format!("./{f}?v={}", catalog::TAG)).collect();
    let texts = js_sys::futures::JsFuture::from(crate::browser::fetch_texts(urls))
        .await
        .map_err(|_| "the download failed".to_string())?;
    let texts = js_sys::Array::from(&texts);
    let text = |i| texts.get(i).as_string().ok_or("the download was not text");
    let (gpus, models, api, gpu_prices) = (text(0)?, text(1)?, text(2)?, text(3)?);
    let sources = text(4)?;
    FIELD_SOURCES.with(|t| t.replace(sources));
    // Prices first: `catalog::install` completes the set only once they are in.
    prices::install(&api, &gpu_prices)?;
    catalog::install(&gpus, &models)
}
