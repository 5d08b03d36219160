//! The keys of the link format: one per input, the numeric ones taken from the registry.

use crate::input::FieldId;
use crate::scenario::{self, FieldSpec};

/// Every key of the link format. Numeric keys are the registry's (`Key::Field`, the short
/// keys of [`crate::scenario::fields`]); the others are picks, ids and lists. A key never
/// changes meaning once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// `v`: format version (whole number >= 1; missing = 1).
    Version,
    /// A numeric input of the registry, under its short key.
    Field(FieldId),
    /// `vm`: `workload.volume_mode`.
    VolumeMode,
    /// `dp`: `workload.daily_profile`.
    DailyProfile,
    /// `ap`: `api.price_id`.
    ApiPriceId,
    /// `m`: `self_host.model_id`.
    Model,
    /// `cm`: `self_host.custom_model` (20 comma-separated values, [`CUSTOM_MODEL_FIELDS`]).
    CustomModel,
    /// `wp`: `self_host.weight_precision`.
    WeightPrecision,
    /// `kv`: `self_host.kv_precision`.
    KvPrecision,
    /// `g`: `self_host.gpu_id`.
    Gpu,
    /// `cg`: `self_host.custom_gpu` (11 comma-separated values, [`CUSTOM_GPU_FIELDS`]).
    CustomGpu,
    /// `engine`: `self_host.engine`.
    Engine,
    /// `mtps`: `self_host.measured_output_tokens_per_s`.
    MeasuredThroughput,
    /// `gp`: `self_host.gpu_price_id`.
    GpuPriceId,
    /// `bill`: `self_host.billing`.
    Billing,
    /// `pins` (version 2): the pinned choices, letters of `a` (API comparator), `d`
    /// (deployment) and `g` (GPU price) in that order; empty or absent: none.
    Pins,
}

/// The keys that are not numbers of the registry, each with the registry field it is written
/// just before (the order of the scenario's fields). A new numeric input needs no line here:
/// it is written in its registry position.
const PICK_KEYS: [(Key, FieldId); 14] = [
    (Key::VolumeMode, FieldId::RequestsPerMonth),
    (Key::DailyProfile, FieldId::PeakToAverage),
    (Key::ApiPriceId, FieldId::ApiInputPrice),
    (Key::Model, FieldId::GpusPerReplica),
    (Key::CustomModel, FieldId::GpusPerReplica),
    (Key::WeightPrecision, FieldId::GpusPerReplica),
    (Key::KvPrecision, FieldId::GpusPerReplica),
    (Key::Gpu, FieldId::GpusPerReplica),
    (Key::CustomGpu, FieldId::GpusPerReplica),
    (Key::Engine, FieldId::GpuHourPrice),
    (Key::MeasuredThroughput, FieldId::GpuHourPrice),
    (Key::GpuPriceId, FieldId::GpuHourPrice),
    (Key::Billing, FieldId::Engineering),
    (Key::Pins, FieldId::Engineering),
];

impl Key {
    /// Every key, in the order [`to_query`] writes them: `v`, then the registry's fields in
    /// order, each pick key just before the field [`PICK_KEYS`] names.
    pub fn all() -> Vec<Key> {
        let mut keys = Vec::with_capacity(1 + PICK_KEYS.len() + scenario::fields().len());
        keys.push(Key::Version);
        for f in scenario::fields() {
            keys.extend(
                PICK_KEYS
                    .iter()
                    .filter(|(_, at)| *at == f.id)
                    .map(|(k, _)| *k),
            );
            keys.push(Key::Field(f.id));
        }
        keys
    }

    /// The short key as it appears in a link.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Version => "v",
            Key::Field(id) => scenario::spec(id).key,
            Key::VolumeMode => "vm",
            Key::DailyProfile => "dp",
            Key::ApiPriceId => "ap",
            Key::Model => "m",
            Key::CustomModel => "cm",
            Key::WeightPrecision => "wp",
            Key::KvPrecision => "kv",
            Key::Gpu => "g",
            Key::CustomGpu => "cg",
            Key::Engine => "engine",
            Key::MeasuredThroughput => "mtps",
            Key::GpuPriceId => "gp",
            Key::Billing => "bill",
            Key::Pins => "pins",
        }
    }

    /// Looks a key up by its short form (exact, case-sensitive).
    ///
    /// ```
    /// use infercost::input::FieldId;
    /// use infercost::link::Key;
    /// assert_eq!(Key::parse("rpm"), Some(Key::Field(FieldId::RequestsPerMonth)));
    /// assert_eq!(Key::parse("m"), Some(Key::Model));
    /// assert_eq!(Key::parse("RPM"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Key> {
        if s == "v" {
            return Some(Key::Version);
        }
        PICK_KEYS
            .iter()
            .map(|(k, _)| *k)
            .find(|k| k.as_str() == s)
            .or_else(|| scenario::field(s).map(|f| Key::Field(f.id)))
            .filter(|k| k.as_str() == s)
    }

    /// The numeric field this key stands for, if it is one of [`crate::scenario::fields`].
    pub fn field(self) -> Option<&'static FieldSpec> {
        match self {
            Key::Field(id) => Some(scenario::spec(id)),
            _ => None,
        }
    }
}
