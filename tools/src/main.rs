//! The tools' Web Worker: each message is a request (a JSON text); each answer and progress
//! report goes back as a JSON text (see the library). The page starts the worker only when a
//! person opens one of the tools, and stops a search by terminating it.

/// The page's allocator (see src/main.rs): smaller than dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let request = ev.data().as_string().unwrap_or_default();
        infercost_tools::handle(&request, |message| {
            let _ = reply.post_message(&JsValue::from_str(&message));
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Say the worker is ready: messages sent before the handler was set would be lost.
    let _ = scope.post_message(&JsValue::from_str(r#"{"op":"ready"}"#));
}

/// On the host the worker has nothing to do; its logic is the library, tested there.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
