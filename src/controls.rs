//! Input controls: a slider paired with a number box, both bound to one value.

use crate::format::{self, ParseError};
use crate::scale::{Scale, STEPS};
use leptos::prelude::*;

/// A labelled slider and number box bound to the same `value`.
///
/// The slider moves on a [`Scale`] (log where the range spans decades); its
/// `aria-valuetext` gives the real value and unit. The number box accepts what people type
/// ("1.5M", "12,000"); a bad value gets an inline message and is not applied.
#[component]
pub fn SliderField(
    /// Visible label.
    label: &'static str,
    /// Unit shown after the number box and spoken with the value.
    unit: &'static str,
    /// `data-testid` of both inputs, and the base of their element ids.
    testid: &'static str,
    /// Slider scale.
    scale: Scale,
    /// How the value reads in `aria-valuetext` and beside the label.
    display: fn(f64) -> String,
    /// The bound value.
    value: RwSignal<f64>,
) -> impl IntoView {
    let error = RwSignal::new(None::<ParseError>);
    let slider_id = format!("{testid}-slider");
    let box_id = format!("{testid}-box");
    let error_id = format!("{testid}-error");
    let error_id_ref = error_id.clone();

    view! {
        <div class="field">
            <div class="field-head">
                <label for=slider_id.clone()>{label}</label>
                <span class="field-value" aria-hidden="true">
                    {move || display(value.get())} " " {unit}
                </span>
            </div>
            <div class="field-inputs">
                <input
                    type="range"
                    id=slider_id
                    data-testid=testid
                    min="0"
                    max=STEPS.to_string()
                    step="1"
                    prop:value=move || scale.position_of(value.get()).to_string()
                    aria-valuetext=move || format!("{} {unit}", display(value.get()))
                    on:input=move |ev| {
                        if let Ok(position) = event_target_value(&ev).parse::<u32>() {
                            error.set(None);
                            value.set(scale.value_at(position));
                        }
                    }
                />
                <input
                    type="text"
                    inputmode="decimal"
                    id=box_id.clone()
                    class="number-box"
                    data-testid=testid
                    autocomplete="off"
                    aria-label=format!("{label} ({unit})")
                    aria-invalid=move || error.with(|e| e.is_some().to_string())
                    aria-describedby=move || error.with(|e| e.as_ref().map(|_| error_id_ref.clone()))
                    prop:value=move || format::plain(value.get())
                    on:change=move |ev| {
                        match format::parse_number(&event_target_value(&ev), scale.min(), scale.max()) {
                            Ok(v) => {
                                error.set(None);
                                value.set(v);
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    }
                />
                <span class="unit">{unit}</span>
            </div>
            <p class="field-error" id=error_id role="alert">
                {move || error.get().map(|e| e.to_string())}
            </p>
        </div>
    }
}
