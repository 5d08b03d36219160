//! Sizing the fleet for the peak: how many serving replicas keep the p95 time to first token
//! under its target (an M/M/c queue per docs/MODEL.md), the replica staircase that follows, and
//! the quick cost estimate the sensitivity runs reuse.

use super::*;

/// Peak-hour fleet sizing against the TTFT target (see [`queue_sizing`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct QueueSizing {
    /// Utilization used for the staircase: the target utilization, or lower when the queue
    /// at the peak needs more replicas.
    pub(super) utilization: f64,
    /// Serving replicas at the peak from the target utilization alone.
    pub(super) base_replicas: f64,
    /// Serving replicas at the peak after the queue check.
    pub(super) replicas: f64,
    /// Whether the p95 TTFT at the peak meets the target with `replicas`.
    pub(super) meets_ttft: bool,
}

/// Most doublings of the replica count tried by [`queue_sizing`] (x4096).
pub(super) const QUEUE_SEARCH_DOUBLINGS: u32 = 12;

/// p95 TTFT at the peak with `n` serving replicas: the M/M/c p95 wait (c = n x slots,
/// service time slots / capacity) plus the TTFT at the busy concurrency.
pub(super) fn p95_ttft_at(cap: &Capacity, peak_calls: f64, n: f64) -> (f64, QueueStats, f64) {
    let cap_rps = cap.requests_per_s();
    let slots = cap.slots();
    let service_time_s = if cap_rps > 0.0 {
        f64::from(slots) / cap_rps
    } else {
        0.0
    };
    let servers = (n.clamped(0.0, 1e9) as u64).saturating_mul(u64::from(slots));
    let queue = crate::fleet::mmc_queue(peak_calls, service_time_s, servers);
    let util = if n * cap_rps > 0.0 {
        peak_calls / (n * cap_rps)
    } else {
        0.0
    };
    let busy = (util.min(1.0) * f64::from(slots)).max(1.0);
    let ttft = interp(&cap.curve, busy, |p| p.ttft_s);
    (finite_or_zero(queue.p95_wait_s + ttft), queue, busy)
}

/// Sizes the peak fleet: the smallest replica count, at least the utilization-based one,
/// whose Erlang-C p95 TTFT at the peak meets the TTFT target (doubling, then bisection:
/// at most ~2 x 12 queue evaluations). The result is expressed as a lower utilization so
/// the fleet stays a staircase in the volume (`ceil(kappa V)` with kappa from that
/// utilization), sized at the scenario's own volume; the break-even is exact on that
/// staircase (docs/MODEL.md, "Queueing at the peak").
pub(super) fn queue_sizing(s: &Scenario, cap: &Capacity) -> QueueSizing {
    let u0 = s.self_host.target_utilization;
    let cap_rps = cap.requests_per_s();
    let profile = load_profile(s);
    let peak_calls = finite_or_zero(
        s.requests_per_month() * self_calls_per_request(s) / SECONDS_PER_MONTH
            * profile.peak_to_average(),
    );
    let floor = match s.self_host.billing {
        Billing::AlwaysOn => f64::from(s.self_host.min_replicas.max(1)),
        Billing::Autoscaled => f64::from(s.self_host.min_replicas),
    };
    let unchanged = |n: f64, met: bool| QueueSizing {
        utilization: u0,
        base_replicas: n,
        replicas: n,
        meets_ttft: met,
    };
    if !(cap_rps > 0.0 && u0 > 0.0 && peak_calls > 0.0) {
        return unchanged(floor, true);
    }
    let need = (peak_calls / (cap_rps * u0)).ceil();
    let n0 = if need.is_finite() { need } else { 1e15 }
        .max(floor)
        .max(1.0);
    let target = s.workload.ttft_target_s;
    let meets = |n: f64| p95_ttft_at(cap, peak_calls, n).0 <= target;
    if n0 >= 1e9 || meets(n0) {
        return unchanged(n0, n0 < 1e9);
    }
    // Even an idle slot misses the target: more replicas cannot help.
    if interp(&cap.curve, 1.0, |p| p.ttft_s) > target {
        return unchanged(n0, false);
    }
    let mut lo = n0;
    let mut hi = n0;
    let mut found = false;
    for _ in 0..QUEUE_SEARCH_DOUBLINGS {
        hi = (hi * 2.0).min(1e9);
        if meets(hi) {
            found = true;
            break;
        }
        lo = hi;
        if hi >= 1e9 {
            break;
        }
    }
    if !found {
        return unchanged(n0, false);
    }
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // ceil(kappa V) at the peak must give exactly `hi`: nudge the utilization up by 1e-9.
    let u = (peak_calls / (hi * cap_rps) * (1.0 + 1e-9)).min(u0);
    QueueSizing {
        utilization: finite_or_zero(u),
        base_replicas: n0,
        replicas: hi,
        meets_ttft: true,
    }
}

/// Everything volume-related about the self-hosted fleet, for one capacity.
pub(super) struct FleetModel {
    pub(super) staircase: Staircase,
    pub(super) profile: LoadProfile,
    /// Usable calls per second per replica (capacity x target utilization).
    pub(super) usable_calls_per_s: f64,
    /// USD per replica-hour.
    pub(super) usd_per_replica_hour: f64,
    /// Monthly hours of each staircase segment.
    pub(super) segment_hours: Vec<f64>,
    /// Peak sizing against the TTFT target.
    pub(super) sizing: QueueSizing,
}

pub(super) fn fleet_model(s: &Scenario, cap: &Capacity) -> FleetModel {
    fleet_model_sized(s, cap, queue_sizing(s, cap))
}

/// [`fleet_model`] with a queue sizing computed already (for the same volume, traffic
/// shape, utilization and capacity).
pub(super) fn fleet_model_sized(s: &Scenario, cap: &Capacity, sizing: QueueSizing) -> FleetModel {
    let sh = &s.self_host;
    let profile = load_profile(s);
    let usable = cap.requests_per_s() * sizing.utilization;
    let usd_per_replica_hour = f64::from(sh.gpus_per_replica.max(1)) * sh.gpu_usd_per_hour;
    let calls = self_calls_per_request(s);
    let kappa = |level: f64| {
        if usable > 0.0 {
            finite_or_zero(calls * level / SECONDS_PER_MONTH / usable)
        } else {
            0.0
        }
    };
    let k = f64::from(sh.redundancy_replicas);
    let (segments, segment_hours): (Vec<StepSegment>, Vec<f64>) = match sh.billing {
        Billing::AlwaysOn => (
            vec![StepSegment {
                usd_per_replica: usd_per_replica_hour * HOURS_PER_MONTH,
                replicas_per_request: kappa(profile.peak_to_average()),
                min_replicas: f64::from(sh.min_replicas.max(1)),
                extra_replicas: k,
            }],
            vec![HOURS_PER_MONTH],
        ),
        Billing::Autoscaled => profile
            .segments()
            .map(|(hours_per_day, level)| {
                let hours = hours_per_day * DAYS_PER_MONTH;
                (
                    StepSegment {
                        usd_per_replica: usd_per_replica_hour * hours,
                        replicas_per_request: kappa(level),
                        min_replicas: f64::from(sh.min_replicas),
                        extra_replicas: k,
                    },
                    hours,
                )
            })
            .unzip(),
    };
    let fixed =
        sh.engineering_usd_per_month + sh.observability_usd_per_month + sh.storage_usd_per_month;
    let egress = sh.bytes_per_response / 1e9 * sh.egress_usd_per_gb;
    FleetModel {
        staircase: Staircase {
            fixed_usd: finite_or_zero(fixed),
            usd_per_request: finite_or_zero(egress),
            segments,
        },
        profile,
        usable_calls_per_s: finite_or_zero(usable),
        usd_per_replica_hour: finite_or_zero(usd_per_replica_hour),
        segment_hours,
        sizing,
    }
}

impl FleetModel {
    pub(super) fn hybrid_inputs(&self, s: &Scenario, api_per_request: f64) -> HybridInputs {
        let calls = self_calls_per_request(s);
        let segments = self
            .profile
            .segments()
            .map(|(hours_per_day, level)| HybridSegment {
                request_share: level * hours_per_day / 24.0,
                requests_per_replica: finite_or_zero(
                    self.usable_calls_per_s * 3600.0 * hours_per_day * DAYS_PER_MONTH / calls,
                ),
            })
            .collect();
        HybridInputs {
            segments,
            usd_per_replica: self.usd_per_replica_hour * HOURS_PER_MONTH,
            fixed_usd: self.staircase.fixed_usd,
            self_usd_per_request: self.staircase.usd_per_request,
            api_usd_per_request: api_per_request,
        }
    }
}

/// The scalar results for one (scenario, capacity): what sensitivity and bands need.
pub(super) struct Quick {
    pub(super) feasible: bool,
    pub(super) api_usd: f64,
    pub(super) self_usd: f64,
    pub(super) break_even: BreakEven,
}

pub(super) fn quick(s: &Scenario, cap: &Capacity) -> Quick {
    quick_sized(s, cap, None)
}

/// [`quick`], reusing a queue sizing when the move leaves it unchanged.
pub(super) fn quick_sized(s: &Scenario, cap: &Capacity, sizing: Option<QueueSizing>) -> Quick {
    let v = s.requests_per_month();
    let a = api_usd_per_request(s);
    if !cap.feasible {
        return Quick {
            feasible: false,
            api_usd: finite_or_zero(a * v),
            self_usd: 0.0,
            break_even: BreakEven::Never,
        };
    }
    let fm = match sizing {
        Some(z) => fleet_model_sized(s, cap, z),
        None => fleet_model(s, cap),
    };
    Quick {
        feasible: true,
        api_usd: finite_or_zero(a * v),
        self_usd: finite_or_zero(fm.staircase.cost_usd(v)),
        break_even: fm.staircase.break_even(a),
    }
}
