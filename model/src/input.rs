//! What the calculator's numeric inputs are, as types: one id per input ([`FieldId`]), the
//! unit it is entered in ([`Unit`]) and where the page shows it ([`Panel`]).
//!
//! The registry itself (one `scenario::FieldSpec` per input, carrying its id, link
//! key, label, unit, range, default, source, panel and accessors) is in `scenario`; these
//! types have no dependency on the scenario, so every module can name an input.

/// One numeric input of the scenario. A new input is one variant here and one entry in the
/// registry (`scenario::fields()` or `scenario::custom_fields()`).
#[allow(missing_docs)] // Each variant's registry entry documents it (label, unit, source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    RequestsPerMonth,
    Users,
    RequestsPerUserPerDay,
    InputTokens,
    OutputTokens,
    CachedInputShare,
    CacheWriteShare,
    RetryRate,
    ExtraCallsPerRequest,
    PeakToAverage,
    TtftTarget,
    TpotTarget,
    SeatPrice,
    ApiInputPrice,
    ApiCachedInputPrice,
    ApiCacheWritePremium,
    ApiOutputPrice,
    BatchDiscount,
    BatchShare,
    ApiRetryRate,
    GpusPerReplica,
    GpuHourPrice,
    TargetUtilization,
    MinReplicas,
    RedundancyReplicas,
    Engineering,
    EngineeringFte,
    Observability,
    Storage,
    Egress,
    BytesPerResponse,
    CustomGpuMemory,
    CustomGpuBandwidth,
    CustomGpuBf16,
    CustomGpuFp8,
    CustomGpuInt8,
    CustomGpuFp4,
    CustomGpuInterconnect,
    CustomParamsTotal,
    CustomParamsActive,
    CustomLayers,
    CustomHidden,
    CustomIntermediate,
    CustomHeads,
    CustomKvHeads,
    CustomHeadDim,
    CustomExperts,
    CustomExpertsPerToken,
    CustomSharedExperts,
    CustomMoeIntermediate,
    CustomDenseLayers,
    CustomKvLoraRank,
    CustomRopeHeadDim,
    CustomSlidingWindow,
    CustomSlidingLayers,
    CustomVocab,
    CustomMaxContext,
}

/// How a value reads: the formatting family of a [`Unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A fraction 0..1, shown in percent.
    Share,
    /// US dollars.
    Usd,
    /// Seconds, shown as a duration.
    Duration,
    /// A multiplier ("2x").
    Ratio,
    /// A count or a plain quantity.
    Count,
}

/// The unit an input is entered in.
#[allow(missing_docs)] // `text()` names each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    RequestsPerMonth,
    Users,
    RequestsPerUserPerDay,
    Tokens,
    Share,
    RetriesPerCall,
    CallsPerRequest,
    Ratio,
    Seconds,
    SecondsPerToken,
    UsdPerUserMonth,
    UsdPerMtok,
    UsdPerGpuHour,
    UsdPerMonth,
    UsdPerGb,
    Gpus,
    Replicas,
    Bytes,
    Gib,
    TbPerS,
    Tflops,
    Tops,
    GbPerS,
    BillionParams,
    Layers,
    Dims,
    Heads,
    Experts,
    Fte,
}

impl Unit {
    /// The unit written out ("requests/month", "USD/1M tokens"), for docs and the CLI.
    pub fn text(self) -> &'static str {
        match self {
            Unit::RequestsPerMonth => "requests/month",
            Unit::Users => "users",
            Unit::RequestsPerUserPerDay => "requests/user/day",
            Unit::Tokens => "tokens",
            Unit::Share => "share",
            Unit::RetriesPerCall => "retries/call",
            Unit::CallsPerRequest => "calls/request",
            Unit::Ratio => "x",
            Unit::Seconds => "s",
            Unit::SecondsPerToken => "s/token",
            Unit::UsdPerUserMonth => "USD/user/month",
            Unit::UsdPerMtok => "USD/1M tokens",
            Unit::UsdPerGpuHour => "USD/GPU-hour",
            Unit::UsdPerMonth => "USD/month",
            Unit::UsdPerGb => "USD/GB",
            Unit::Gpus => "GPUs",
            Unit::Replicas => "replicas",
            Unit::Bytes => "bytes",
            Unit::Gib => "GiB",
            Unit::TbPerS => "TB/s",
            Unit::Tflops => "TFLOPS",
            Unit::Tops => "TOPS",
            Unit::GbPerS => "GB/s",
            Unit::BillionParams => "B params",
            Unit::Layers => "layers",
            Unit::Dims => "dims",
            Unit::Heads => "heads",
            Unit::Experts => "experts",
            Unit::Fte => "FTE",
        }
    }

    /// The unit as the page shows it beside a number box ("%", "$/1M tok").
    pub fn short(self) -> &'static str {
        match self {
            Unit::Share => "%",
            Unit::RequestsPerMonth => "req/mo",
            Unit::UsdPerMtok => "$/1M tok",
            Unit::UsdPerGpuHour => "$/GPU-h",
            Unit::UsdPerMonth => "$/mo",
            Unit::UsdPerUserMonth => "$/user/mo",
            Unit::UsdPerGb => "$/GB",
            other => other.text(),
        }
    }

    /// How a value in this unit reads.
    pub fn kind(self) -> UnitKind {
        match self {
            Unit::Share => UnitKind::Share,
            Unit::UsdPerUserMonth
            | Unit::UsdPerMtok
            | Unit::UsdPerGpuHour
            | Unit::UsdPerMonth
            | Unit::UsdPerGb => UnitKind::Usd,
            Unit::Seconds | Unit::SecondsPerToken => UnitKind::Duration,
            Unit::Ratio => UnitKind::Ratio,
            _ => UnitKind::Count,
        }
    }
}

/// Where the page shows an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The simple-mode sliders, always visible.
    Simple,
    /// Advanced: workload shape, quality, targets and seats.
    Workload,
    /// Advanced: the API's prices.
    ApiPrices,
    /// Advanced: fleet sizing.
    Fleet,
    /// Advanced: monthly operating costs.
    OperatingCosts,
    /// The custom GPU panel.
    CustomGpu,
    /// The custom model architecture panel.
    CustomModel,
    /// Not shown as a field of its own (set through another control).
    None,
}

impl Panel {
    /// The advanced panels with numeric fields, in page order.
    pub const ADVANCED: [Panel; 4] = [
        Panel::Workload,
        Panel::ApiPrices,
        Panel::Fleet,
        Panel::OperatingCosts,
    ];

    /// The panel's title.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Simple => "Main inputs",
            Panel::Workload => "Workload",
            Panel::ApiPrices => "API prices",
            Panel::Fleet => "Fleet",
            Panel::OperatingCosts => "Operating costs",
            Panel::CustomGpu => "Custom GPU",
            Panel::CustomModel => "Custom model architecture",
            Panel::None => "",
        }
    }
}
