//! Component tests in headless Chromium (wasm-bindgen-test). Run with `make test-wasm`.
#![cfg(target_arch = "wasm32")]

use infercost_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the page into a fresh container and keeps it mounted for the test. The page
/// finds its elements by id (one page per document), so earlier tests' pages are removed.
fn mount() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let earlier = document.query_selector_all(".test-page").unwrap();
    for i in 0..earlier.length() {
        if let Some(node) = earlier.item(i) {
            node.unchecked_into::<Element>().remove();
        }
    }
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    container.set_class_name("test-page");
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    std::mem::forget(handle);
    container
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn data_value(root: &Element, testid: &str) -> f64 {
    find(root, &format!("[data-testid={testid}]"))
        .get_attribute("data-value")
        .expect("data-value")
        .parse()
        .expect("a number")
}

fn fire(input: &HtmlInputElement, kind: &str, value: &str) {
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// Waits `ms` milliseconds (timers and fetches run meanwhile).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = js_sys::futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn moving_a_slider_updates_the_card() {
    let root = mount();
    let before = data_value(&root, "api-monthly-usd");
    let slider: HtmlInputElement =
        find(&root, "input[type=range][data-testid=requests-per-month]").unchecked_into();
    fire(&slider, "input", "1000");
    leptos::task::tick().await;
    let after = data_value(&root, "api-monthly-usd");
    assert!(after > before * 100.0, "{before} -> {after}");
    let card = find(&root, "[data-testid=api-monthly-usd]")
        .text_content()
        .unwrap();
    assert!(card.starts_with('$'), "card text {card}");
}

#[wasm_bindgen_test]
async fn picking_a_gpu_changes_memory_and_price() {
    let root = mount();
    let mem_before = data_value(&root, "memory-per-gpu-gib");
    let select: web_sys::HtmlSelectElement =
        find(&root, "select[data-testid=gpu]").unchecked_into();
    // A10G is one of the first load's GPUs, so the pick applies even where the whole
    // catalogs cannot be fetched (as here).
    select.set_value("a10g");
    let init = EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    // A GPU pick waits for the whole catalogs (fetched on first need; the test server has
    // none, so the pick applies with the first load's rows and the page says so).
    let mut mem_after = mem_before;
    for _ in 0..100 {
        leptos::task::tick().await;
        mem_after = data_value(&root, "memory-per-gpu-gib");
        if mem_after != mem_before {
            break;
        }
        sleep(50).await;
    }
    assert_ne!(mem_before, mem_after, "memory per GPU follows the GPU");
    let prices = find(&root, "section.inputs").get_attribute("data-prices");
    let notices = root.text_content().unwrap_or_default();
    assert!(
        prices.as_deref() == Some("full") || notices.contains("could not be loaded"),
        "the catalogs arrived, or the page says they did not"
    );
    let verdict = find(&root, "[data-testid=verdict]").text_content().unwrap();
    assert!(verdict.contains("A10G"), "verdict names the GPU: {verdict}");
}

#[wasm_bindgen_test]
async fn number_box_rejects_garbage_and_accepts_suffixes() {
    let root = mount();
    let before = data_value(&root, "api-monthly-usd");
    let bx: HtmlInputElement =
        find(&root, "input.number-box[data-testid=requests-per-month]").unchecked_into();
    fire(&bx, "change", "lots");
    leptos::task::tick().await;
    assert_eq!(data_value(&root, "api-monthly-usd"), before);
    assert_eq!(bx.get_attribute("aria-invalid").as_deref(), Some("true"));
    // The default is 10M requests a month; the API bill is linear in volume.
    fire(&bx, "change", "2M");
    leptos::task::tick().await;
    let after = data_value(&root, "api-monthly-usd");
    assert!((after / before - 0.2).abs() < 1e-9, "{before} -> {after}");
    assert_eq!(bx.get_attribute("aria-invalid").as_deref(), Some("false"));
}
