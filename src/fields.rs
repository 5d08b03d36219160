//! How each numeric scenario field appears on the page: its slider scale, how its value
//! reads, and whether the number box works in percent. Pure, so it is tested on the host.
//!
//! Everything that describes an input (label, test id, unit, range, default, source, panel,
//! slider range) is its entry in the model's registry (`infercost::scenario::fields` and
//! `custom_fields`); this module only turns an entry into controls.

use crate::format::{self, ParseError};
use crate::slider_scale::Scale;
use infercost::input::{FieldId, Panel, Unit, UnitKind};
use infercost::scenario::{custom_fields, fields, spec, FieldSpec, Scenario};

/// Presentation of one field.
#[derive(Debug, Clone, Copy)]
pub struct FieldUi {
    /// The model's registry entry: label, test id, unit, range, default, source, accessors.
    pub spec: &'static FieldSpec,
    /// The slider's scale (the number box accepts the field's whole valid range).
    pub scale: Scale,
    /// Number box value = field value x `box_factor` (100 for shares shown in percent).
    pub box_factor: f64,
}

impl FieldUi {
    /// The field's value in `s`, as a control shows it.
    pub fn get(&self, s: &Scenario) -> f64 {
        self.spec.read(s)
    }

    /// Writes what a control edits into `s`. A value the person sets pins the automatic
    /// choice it belongs to, so a later pick never overwrites it.
    pub fn set(&self, s: &mut Scenario, v: f64) {
        self.spec.write(s, v);
        match self.spec.id {
            FieldId::ApiInputPrice
            | FieldId::ApiCachedInputPrice
            | FieldId::ApiCacheWritePremium
            | FieldId::ApiOutputPrice => s.pins.api = true,
            FieldId::GpusPerReplica => s.pins.deployment = true,
            FieldId::GpuHourPrice => s.pins.gpu_price = true,
            _ => {}
        }
    }

    /// Visible label.
    pub fn label(&self) -> &'static str {
        self.spec.label
    }

    /// `data-testid` of the slider and its number box.
    pub fn testid(&self) -> &'static str {
        self.spec.testid
    }

    /// Unit shown beside the number box.
    pub fn unit(&self) -> &'static str {
        self.spec.unit.short()
    }

    /// Reads what a person typed into this field's number box: parsed, converted from the
    /// box's unit (percent for shares), and checked against the field's range and, for
    /// whole-number fields, wholeness.
    // Inlined into the one caller: out of line it measured ~1 KB more compressed wasm.
    #[inline(always)]
    pub fn parse_box(&self, text: &str) -> Result<f64, ParseError> {
        let f = self.box_factor;
        let v = format::parse_number(text, self.spec.min * f, self.spec.max * f)? / f;
        if self.spec.integer && v.fract() != 0.0 {
            Err(ParseError::NotWhole(v))
        } else {
            Ok(v)
        }
    }

    /// How a value reads beside the label and in `aria-valuetext`.
    pub fn display(&self, v: f64) -> String {
        display_for_unit(self.spec.unit, v)
    }
}

/// Reads a value in a unit: shares as percent, money as dollars, seconds as durations,
/// everything else as a count.
pub fn display_for_unit(unit: Unit, v: f64) -> String {
    match unit.kind() {
        UnitKind::Share => format::percent(v),
        UnitKind::Duration => format::duration_s(v),
        UnitKind::Usd => format::usd(v),
        UnitKind::Ratio => format!("{}x", format::plain((v * 100.0).round() / 100.0)),
        UnitKind::Count => format::count(v),
    }
}

/// The presentation of a registry entry.
pub fn ui_for(spec: &'static FieldSpec) -> FieldUi {
    let scale = match (spec.log_scale, spec.slider) {
        (true, Some((min, max))) => Scale::Log { min, max },
        (true, None) => {
            let min = if spec.min > 0.0 {
                spec.min
            } else {
                (spec.default / 1000.0).max(spec.max * 1e-9).max(1e-6)
            };
            Scale::Log { min, max: spec.max }
        }
        (false, range) => {
            let (min, max) = range.unwrap_or((spec.min, spec.max));
            Scale::Linear { min, max }
        }
    };
    FieldUi {
        spec,
        scale,
        box_factor: if spec.unit.kind() == UnitKind::Share {
            100.0
        } else {
            1.0
        },
    }
}

/// The presentation of a field by its id.
pub fn ui(id: FieldId) -> FieldUi {
    ui_for(spec(id))
}

/// The presentation of a field by its short key, or `None` for an unknown key.
pub fn ui_by_key(key: &str) -> Option<FieldUi> {
    fields()
        .iter()
        .chain(custom_fields())
        .find(|f| f.key == key)
        .map(ui_for)
}

/// The fields of one panel, in registry order.
pub fn panel(p: Panel) -> Vec<FieldUi> {
    let mut out = Vec::new();
    for f in fields().iter().chain(custom_fields()) {
        if f.panel == p {
            out.push(ui_for(f));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn number_boxes_read_their_unit_and_range() {
        let util = ui_by_key("util").unwrap();
        assert_eq!(util.parse_box("70"), Ok(0.7));
        assert_eq!(
            util.parse_box("100"),
            Ok(1.0),
            "100% at the peak is allowed"
        );
        assert!(matches!(
            util.parse_box("101"),
            Err(ParseError::OutOfRange { .. })
        ));
        let replicas = ui_by_key("minr").unwrap();
        assert_eq!(replicas.parse_box("3"), Ok(3.0));
        assert_eq!(replicas.parse_box("2.5"), Err(ParseError::NotWhole(2.5)));
        assert_eq!(ui_by_key("rpm").unwrap().parse_box("1.5M"), Ok(1.5e6));
        assert!(matches!(
            ui_by_key("out").unwrap().parse_box("NaN"),
            Err(ParseError::NotANumber(_))
        ));
    }

    use super::*;

    #[test]
    fn every_model_field_is_presented_once() {
        // The page shows the simple fields and the advanced panels; GPUs per replica has its
        // own control (the GPU-count picker).
        let shown = [Panel::Simple].iter().chain(&Panel::ADVANCED);
        let mut keys: Vec<&str> = shown.flat_map(|p| panel(*p)).map(|u| u.spec.key).collect();
        keys.push(spec(FieldId::GpusPerReplica).key);
        let mut model_keys: Vec<&str> = fields().iter().map(|f| f.key).collect();
        keys.sort_unstable();
        model_keys.sort_unstable();
        assert_eq!(keys, model_keys);
        let simple: Vec<&str> = panel(Panel::Simple).iter().map(|u| u.spec.key).collect();
        assert_eq!(simple, ["rpm", "in", "out", "gph", "util"]);
    }

    #[test]
    fn every_custom_field_is_presented_once_with_a_usable_scale() {
        let mut keys: Vec<&str> = [Panel::CustomGpu, Panel::CustomModel]
            .into_iter()
            .flat_map(panel)
            .map(|u| u.spec.key)
            .collect();
        let mut model_keys: Vec<&str> = custom_fields().iter().map(|f| f.key).collect();
        keys.sort_unstable();
        model_keys.sort_unstable();
        assert_eq!(keys, model_keys);
        let s = Scenario::default();
        for f in custom_fields() {
            let u = ui_for(f);
            assert_ne!(u.label(), f.key, "{} has a readable label", f.key);
            assert!(!u.unit().is_empty(), "{} shows a unit", f.key);
            let (lo, hi) = (u.scale.min(), u.scale.max());
            assert!(
                lo.is_finite() && hi > lo && lo >= f.min && hi <= f.max,
                "{}",
                f.key
            );
            let p = u.scale.position_of(u.get(&s));
            assert_eq!(u.scale.position_of(u.scale.value_at(p)), p, "{}", f.key);
        }
    }

    #[test]
    fn every_key_has_a_usable_scale_and_a_stable_position() {
        for f in infercost::scenario::fields() {
            let u = ui_for(f);
            assert_ne!(u.label(), f.key, "{} has a readable label", f.key);
            let (lo, hi) = (u.scale.min(), u.scale.max());
            assert!(lo.is_finite() && hi > lo, "{}: {lo}..{hi}", f.key);
            assert!(
                lo >= f.min && hi <= f.max,
                "{}: slider inside the valid range",
                f.key
            );
            let p = u.scale.position_of(f.default);
            assert_eq!(u.scale.position_of(u.scale.value_at(p)), p, "{}", f.key);
        }
    }

    #[test]
    fn every_shown_input_is_in_the_page_contract_with_its_unit() {
        let doc = include_str!("../docs/PAGE.md");
        let table = doc
            .split_once("<!-- testids:begin -->")
            .and_then(|(_, rest)| rest.split_once("<!-- testids:end -->"))
            .map(|(table, _)| table)
            .expect("docs/PAGE.md has the test-id table");
        for f in fields().iter().chain(custom_fields()) {
            if f.panel == Panel::None {
                continue;
            }
            let row = table
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", f.testid)))
                .unwrap_or_else(|| panic!("docs/PAGE.md lists `{}`", f.testid));
            assert!(row.contains("| input |"), "{row}");
            assert!(
                row.contains(f.unit.text()),
                "{row} names the unit {}",
                f.unit.text()
            );
            assert!(row.contains(f.label), "{row} names the label {}", f.label);
        }
    }

    #[test]
    fn values_read_in_their_unit() {
        assert_eq!(display_for_unit(Unit::Share, 0.7), "70%");
        assert_eq!(display_for_unit(Unit::UsdPerGpuHour, 3.99), "$3.99");
        assert_eq!(display_for_unit(Unit::Seconds, 2.0), "2.00 s");
        assert_eq!(display_for_unit(Unit::RequestsPerMonth, 1e7), "10.0M");
        assert_eq!(display_for_unit(Unit::Ratio, 2.0), "2x");
        assert_eq!(ui_by_key("util").unwrap().box_factor, 100.0);
        assert!(ui_by_key("nope").is_none());
        assert_eq!(ui(FieldId::TargetUtilization).testid(), "utilization");
    }
}
