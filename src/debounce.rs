//! Debounced effects: how the page writes to the world outside the reactive graph (the
//! address bar, saved state, the screen-reader status) once input has rested. One effect per
//! sink; a sink may flip the page's `settled` signal, and writes no other.

use leptos::prelude::*;
use std::time::Duration;

/// Calls `sink` with the latest value of `source` once it has been stable for `delay`
/// (a slider drag calls it once, at the end). The first value is skipped unless
/// `run_initially`. The sink is boxed: one compiled copy serves every caller. Returns the
/// pending timer, so a caller can tell whether a change is still waiting.
pub fn debounced(
    source: Memo<String>,
    delay: Duration,
    run_initially: bool,
    sink: Box<dyn Fn(String)>,
) -> Pending {
    let sink: std::rc::Rc<dyn Fn(String)> = sink.into();
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |previous: Option<()>| {
        let value = source.get();
        if previous.is_none() && !run_initially {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let sink = sink.clone();
        let handle = set_timeout_with_handle(
            move || {
                pending.set_value(None);
                sink(value)
            },
            delay,
        )
        .ok();
        pending.set_value(handle);
    });
    pending
}

/// The timer of a change not yet passed on (`None` once the sink has it): see [`debounced`].
pub type Pending = StoredValue<Option<TimeoutHandle>, LocalStorage>;
