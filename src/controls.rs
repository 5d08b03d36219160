//! Input controls. Each binds to the one scenario signal through the model's field getter
//! and setter; nothing here holds a copy of a value.

use crate::catalogs;
use crate::choices::{self, Choice};
use crate::fields::FieldUi;
use crate::format::{self, ParseError};
use crate::slider_scale::STEPS;
use infercost::scenario::Scenario;
use leptos::prelude::*;

/// A labelled slider and number box bound to one numeric scenario field.
///
/// The slider moves on the field's scale (log where the range spans decades) and its
/// `aria-valuetext` gives the real value and unit. The number box accepts what people type
/// ("1.5M", "12,000", "70" for 70 %) anywhere in the field's valid range; a bad value gets
/// an inline message and is not applied.
#[component]
pub fn ScenarioField(
    /// Presentation of the field.
    ui: FieldUi,
    /// The scenario.
    scenario: RwSignal<Scenario>,
) -> impl IntoView {
    // A memo: the page has ~50 of these fields, and on a slider step only the moved one's
    // value changes; the others' labels, positions and boxes are not touched.
    let value = Memo::new(move |_| scenario.with(|s| ui.get(s)));
    let value = move || value.get();
    // An error belongs to the value it was typed against: a reset, a preset or a new link
    // that changes the value clears it.
    let error_at = RwSignal::new(None::<(ParseError, f64)>);
    let error = move || {
        error_at.with(|e| {
            e.as_ref()
                .filter(|(_, at)| *at == value())
                .map(|(e, _)| e.clone())
        })
    };
    let slider_id = format!("{}-slider", ui.testid());
    let error_id = format!("{}-error", ui.testid());
    let error_ref = error_id.clone();

    let box_text = move || format::plain(round_for_box(value() * ui.box_factor));
    let on_box_change = move |ev: leptos::ev::Event| {
        let parsed = ui.parse_box(&event_target_value(&ev));
        match parsed {
            Ok(v) => {
                error_at.set(None);
                scenario.update(|s| ui.set(s, v));
                // Show the value as applied, also when it equals the one before (the value
                // memo then does not rewrite the box): "8" experts per token on a dense
                // model reads back as 0, "1,000" as 1000.
                event_target::<web_sys::HtmlInputElement>(&ev).set_value(&box_text());
            }
            Err(e) => error_at.set(Some((e, value()))),
        }
    };

    view! {
        <div class="field">
            <div class="field-head">
                <label for=slider_id.clone()>{ui.label()}</label>
                <span class="field-value" aria-hidden="true">{move || ui.display(value())}</span>
            </div>
            <div class="field-inputs">
                <input
                    type="range"
                    id=slider_id
                    data-testid=ui.testid()
                    min="0"
                    max=STEPS.to_string()
                    step="1"
                    prop:value=move || ui.scale.position_of(value()).to_string()
                    aria-valuetext=move || format!("{} {}", ui.display(value()), ui.unit())
                    on:input=move |ev| {
                        if let Ok(position) = event_target_value(&ev).parse::<u32>() {
                            error_at.set(None);
                            let v = ui.scale.value_at(position);
                            scenario.update(|s| ui.set(s, v));
                            // A value the field held back (experts per token on a dense
                            // model) leaves the memo unchanged: put the thumb back by hand.
                            let held = ui.scale.position_of(value());
                            if held != position {
                                event_target::<web_sys::HtmlInputElement>(&ev).set_value(&held.to_string());
                            }
                        }
                    }
                />
                <input
                    type="text"
                    inputmode="decimal"
                    class="number-box"
                    data-testid=ui.testid()
                    autocomplete="off"
                    aria-label=format!("{} ({})", ui.label(), ui.unit())
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=move || error().map(|_| error_ref.clone())
                    prop:value=box_text
                    on:change=on_box_change
                />
                <span class="unit">{ui.unit()}</span>
            </div>
            <p class="field-error" id=error_id aria-live="polite">
                {move || error().map(|e| e.to_string())}
            </p>
        </div>
    }
}

/// Number-box text keeps up to 4 significant decimals so 0.07 x 100 shows "7", not
/// "7.000000000000001".
fn round_for_box(v: f64) -> f64 {
    if !v.is_finite() {
        return 0.0;
    }
    (v * 1e4).round() / 1e4
}

/// A labelled `<select>` for one pick-one input. The options, the selected value and the
/// effect of a pick all come from the [`Choice`] (pure data with fn pointers), so this one
/// component serves every picker on the page.
#[component]
pub fn ChoiceField(
    /// The input.
    choice: &'static Choice,
    /// The scenario.
    scenario: RwSignal<Scenario>,
    /// Where a pick that needs attention (a GPU without a bundled price) says so.
    notices: RwSignal<Vec<String>>,
) -> impl IntoView {
    // Most option lists are fixed; those that depend on the scenario (the GPU's price
    // presets, the API offers of the model) are rebuilt only when their key changes, so a
    // slider step never rebuilds them.
    let key = Memo::new(move |_| choice.options_key.map(|k| scenario.with(k)));
    // The options as escaped markup (groups as <optgroup>), written with innerHTML: one
    // string instead of a view per option, and a list equal to the last is not rewritten.
    let options = Memo::new(move |_| {
        // Read (not only tracked) so the lazy key memo is computed and compared.
        key.with(|_| ());
        // Lists built from the catalogs are rebuilt once the whole catalogs arrive.
        if choice.needs_catalogs {
            catalogs::track_ready();
        }
        scenario.with_untracked(|s| choices::options_markup(&(choice.options)(s), &(choice.get)(s)))
    });
    let selected = Memo::new(move |_| scenario.with(|s| (choice.get)(s)));
    // The first options are in the markup the select is created with; new options reset
    // the selection, so each later write sets it again; a pick elsewhere (a preset, a
    // re-pairing) sets it alone.
    let show = move |el: &web_sys::Element, value: &str| {
        let _ = js_sys::Reflect::set(el, &"value".into(), &value.into());
    };
    let first = options.get_untracked();
    let created = first.clone();
    Effect::new(move |written: Option<String>| {
        let html = options.get();
        if let Some(el) = crate::browser::element(choice.testid) {
            if *written.as_ref().unwrap_or(&created) != html {
                el.set_inner_html(&html);
                show(&el, &selected.get_untracked());
            }
        }
        html
    });
    Effect::new(move |_| {
        let value = selected.get();
        if let Some(el) = crate::browser::element(choice.testid) {
            show(&el, &value);
        }
    });
    let apply = move |value: String, failed: Option<String>| {
        let mut said: Vec<String> = failed
            .iter()
            .map(|why| catalogs::failure_notice(why))
            .collect();
        // The signals are gone if the page went away while the catalogs loaded.
        let _ = scenario.try_update(|s| said.extend((choice.set)(s, &value)));
        let _ = notices.try_update(|all| {
            for n in said {
                if !all.contains(&n) {
                    all.push(n);
                }
            }
        });
        // A pick that could not apply (its row never loaded) leaves the scenario as it was:
        // the select shows the scenario's value again, not the one picked.
        if let (Some(el), Some(value)) = (
            crate::browser::element(choice.testid),
            selected.try_get_untracked(),
        ) {
            show(&el, &value);
        }
    };
    view! {
        <div class="picker">
            <label for=choice.testid>{choice.label}</label>
            <select
                id=choice.testid
                data-testid=choice.testid
                inner_html=first
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if choice.needs_catalogs {
                        catalogs::when_ready(move |failed| apply(value, failed));
                    } else {
                        apply(value, None);
                    }
                }
            >
            </select>
        </div>
    }
}
