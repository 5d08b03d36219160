//! Fleet economics on an abstract replica: traffic shape, queueing, the replica staircase,
//! the exact break-even solver and the hybrid plan.
//!
//! Nothing here knows about GPUs or models: a replica is "something that serves
//! `capacity` requests per second at the latency targets with `slots` concurrent
//! sequences". `evaluate` builds these inputs from the physics. `docs/MODEL.md` (part 2) derives
//! every formula.

use crate::float::Clamp;
use serde::{Deserialize, Serialize};

/// Hours in an average month (8,760 / 12).
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Days in an average month (365 / 12).
pub const DAYS_PER_MONTH: f64 = 365.0 / 12.0;
/// Seconds in an average month.
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// Shape of traffic over a day. Weekday/weekend differences are not modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DailyProfile {
    /// Two levels from the scenario's peak-to-average ratio `p`: `24/(p+1)` hours a day at
    /// `p` times the mean and the rest at `1/p` times the mean.
    Custom,
    /// The same load every hour (batch pipelines, global traffic).
    Flat,
    /// A consumer chat product in one region: quiet at night, peak in the evening
    /// (illustrative shape, peak/average about 1.7).
    ConsumerChat,
    /// A business tool in one region: busy 9:00-18:00 (illustrative, peak/average about 2.4).
    BusinessHours,
    /// Users spread over several regions: a mild daily swing (illustrative, about 1.3).
    Global,
}

impl DailyProfile {
    /// Every profile, in display order.
    pub const ALL: [DailyProfile; 5] = [
        DailyProfile::Custom,
        DailyProfile::Flat,
        DailyProfile::ConsumerChat,
        DailyProfile::BusinessHours,
        DailyProfile::Global,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            DailyProfile::Custom => "custom",
            DailyProfile::Flat => "flat",
            DailyProfile::ConsumerChat => "consumer-chat",
            DailyProfile::BusinessHours => "business-hours",
            DailyProfile::Global => "global",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<DailyProfile> {
        DailyProfile::ALL.into_iter().find(|p| p.id() == s.trim())
    }

    fn hourly(self) -> Option<[f64; 24]> {
        // Relative load per local hour 0..23; normalized to mean 1 by `LoadProfile`.
        match self {
            DailyProfile::Custom => None,
            DailyProfile::Flat => Some([1.0; 24]),
            DailyProfile::ConsumerChat => Some([
                0.55, 0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 0.95, 1.05, 1.15, 1.2, 1.2, 1.15,
                1.15, 1.2, 1.3, 1.45, 1.6, 1.7, 1.65, 1.35, 0.95,
            ]),
            DailyProfile::BusinessHours => Some([
                0.1, 0.1, 0.1, 0.1, 0.1, 0.15, 0.3, 0.8, 1.6, 2.2, 2.4, 2.4, 2.0, 2.2, 2.4, 2.3,
                2.0, 1.5, 0.8, 0.5, 0.35, 0.25, 0.2, 0.15,
            ]),
            DailyProfile::Global => Some([
                0.8, 0.75, 0.7, 0.7, 0.75, 0.8, 0.9, 1.0, 1.1, 1.15, 1.2, 1.25, 1.3, 1.3, 1.25,
                1.2, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.8,
            ]),
        }
    }
}

/// A daily load profile as up to 24 segments of (hours per day, load relative to the daily
/// mean). The hour-weighted mean of the levels is 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadProfile {
    hours_per_day: [f64; 24],
    level: [f64; 24],
    len: usize,
}

impl LoadProfile {
    /// Builds the profile of a preset; `Custom` uses `peak_to_average` (clamped to 1..=24).
    ///
    /// ```
    /// use infercost::fleet::{DailyProfile, LoadProfile};
    /// let p = LoadProfile::new(DailyProfile::Custom, 3.0);
    /// assert!((p.peak_to_average() - 3.0).abs() < 1e-12);
    /// // 24/(3+1) = 6 hours at 3x, 18 hours at 1/3x: the mean is 1.
    /// assert!((p.mean_level() - 1.0).abs() < 1e-12);
    /// ```
    pub fn new(profile: DailyProfile, peak_to_average: f64) -> LoadProfile {
        let mut out = LoadProfile {
            hours_per_day: [0.0; 24],
            level: [0.0; 24],
            len: 0,
        };
        match profile.hourly() {
            Some(h) => {
                let mean = h.iter().sum::<f64>() / 24.0;
                for (i, v) in h.iter().enumerate() {
                    out.hours_per_day[i] = 1.0;
                    out.level[i] = v / mean;
                }
                out.len = 24;
            }
            None => {
                let p = if peak_to_average.is_finite() {
                    peak_to_average.clamped(1.0, 24.0)
                } else {
                    1.0
                };
                if p <= 1.0 + 1e-12 {
                    out.hours_per_day[0] = 24.0;
                    out.level[0] = 1.0;
                    out.len = 1;
                } else {
                    let peak_hours = 24.0 / (p + 1.0);
                    out.hours_per_day[0] = peak_hours;
                    out.level[0] = p;
                    out.hours_per_day[1] = 24.0 - peak_hours;
                    out.level[1] = 1.0 / p;
                    out.len = 2;
                }
            }
        }
        out
    }

    /// The segments: (hours per day, level relative to the mean).
    pub fn segments(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        let n = self.len.min(24);
        self.hours_per_day[..n]
            .iter()
            .copied()
            .zip(self.level[..n].iter().copied())
    }

    /// Highest level (peak-to-average ratio).
    pub fn peak_to_average(&self) -> f64 {
        self.segments().map(|(_, l)| l).fold(0.0, f64::max)
    }

    /// The profile once a share of the requests can wait (batch jobs): that share leaves
    /// every hour and fills the quietest hours first, up to a common level (water-filling),
    /// so the peak carries only the requests that cannot wait, and a fleet sized for the peak
    /// serves the rest in its troughs for nothing. Levels keep a mean of 1.
    ///
    /// ```
    /// use infercost::fleet::{DailyProfile, LoadProfile};
    /// let p = LoadProfile::new(DailyProfile::Custom, 3.0);
    /// // Half can wait: the peak falls from 3x to 1.5x the mean.
    /// assert!((p.with_deferrable(0.5).peak_to_average() - 1.5).abs() < 1e-9);
    /// // All can wait: flat.
    /// assert!((p.with_deferrable(1.0).peak_to_average() - 1.0).abs() < 1e-9);
    /// assert_eq!(p.with_deferrable(0.0), p);
    /// ```
    pub fn with_deferrable(self, share: f64) -> LoadProfile {
        let d = if share.is_finite() {
            share.clamped(0.0, 1.0)
        } else {
            0.0
        };
        if d <= 0.0 {
            return self;
        }
        let kept = |l: f64| (1.0 - d) * l;
        // Hour-weighted load at a fill level: increasing in the level; 24 at the answer.
        let load = |fill: f64| -> f64 { self.segments().map(|(h, l)| h * kept(l).max(fill)).sum() };
        let (mut low, mut high) = (0.0, 1.0);
        if load(high) > 24.0 {
            for _ in 0..64 {
                let mid = 0.5 * (low + high);
                if load(mid) < 24.0 {
                    low = mid;
                } else {
                    high = mid;
                }
            }
        }
        let fill = high;
        let mut out = self;
        for l in out.level[..self.len.min(24)].iter_mut() {
            *l = kept(*l).max(fill);
        }
        out
    }

    /// Hour-weighted mean level (1 by construction).
    pub fn mean_level(&self) -> f64 {
        let (h, hl) = self
            .segments()
            .fold((0.0, 0.0), |(h, hl), (hd, l)| (h + hd, hl + hd * l));
        if h > 0.0 {
            hl / h
        } else {
            1.0
        }
    }
}

// ---------------------------------------------------------------------------------------
// Queueing
// ---------------------------------------------------------------------------------------

/// Waiting time of an M/M/c queue (Erlang C).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueStats {
    /// Offered load per server, arrival rate x service time / servers.
    pub utilization: f64,
    /// Probability that an arriving request waits for a free slot.
    pub wait_probability: f64,
    /// Mean wait before a slot frees up, seconds.
    pub mean_wait_s: f64,
    /// 95th percentile of the wait, seconds.
    pub p95_wait_s: f64,
    /// False when arrivals exceed capacity (waits are then capped at [`MAX_WAIT_S`]).
    pub stable: bool,
}

/// Cap on reported waits, seconds (one day): an overloaded queue grows without bound.
pub const MAX_WAIT_S: f64 = 86_400.0;

/// Erlang C: probability that an arrival waits, for `servers` servers and an offered load of
/// `offered_erlangs` (arrival rate x mean service time).
///
/// Up to 20,000 servers it uses the stable Erlang B recursion
/// `B(k) = a B(k-1) / (k + a B(k-1))`, then `C = c B / (c - a (1 - B))`; above that the
/// Halfin-Whitt approximation `1 / (1 + beta Phi(beta) / phi(beta))`, `beta = (c - a)/sqrt(a)`.
///
/// ```
/// use infercost::fleet::erlang_c;
/// // One server at 50% load: P(wait) = 0.5.
/// assert!((erlang_c(1, 0.5) - 0.5).abs() < 1e-12);
/// // Two servers, a = 1: C = 1/3.
/// assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
/// ```
pub fn erlang_c(servers: u64, offered_erlangs: f64) -> f64 {
    let a = if offered_erlangs.is_finite() {
        offered_erlangs.max(0.0)
    } else {
        return 1.0;
    };
    let c = servers as f64;
    if servers == 0 || a >= c {
        return 1.0;
    }
    if a == 0.0 {
        return 0.0;
    }
    if servers <= 20_000 {
        let mut b = 1.0;
        for k in 1..=servers {
            b = a * b / (k as f64 + a * b);
        }
        let p = c * b / (c - a * (1.0 - b));
        if p.is_finite() {
            p.clamped(0.0, 1.0)
        } else {
            1.0
        }
    } else {
        let beta = (c - a) / a.sqrt();
        if beta > 37.0 {
            return 0.0;
        }
        let phi = (-0.5 * beta * beta).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let p = 1.0 / (1.0 + beta * normal_cdf(beta) / phi);
        if p.is_finite() {
            p.clamped(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, absolute error < 1.5e-7).
fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// M/M/c waiting time for `arrival_per_s` Poisson arrivals, exponential service of mean
/// `service_time_s`, and `servers` parallel slots.
///
/// `P(W > t) = C exp(-(c mu - lambda) t)`, so the p95 wait is
/// `max(0, ln(C / 0.05) / (c mu - lambda))` and the mean wait `C / (c mu - lambda)`.
///
/// ```
/// use infercost::fleet::mmc_queue;
/// // M/M/1 at 50%: C = 0.5, c mu - lambda = 0.5/s, p95 = ln(10)/0.5 s.
/// let q = mmc_queue(0.5, 1.0, 1);
/// assert!((q.p95_wait_s - 10f64.ln() / 0.5).abs() < 1e-9);
/// assert!((q.mean_wait_s - 1.0).abs() < 1e-9);
/// ```
pub fn mmc_queue(arrival_per_s: f64, service_time_s: f64, servers: u64) -> QueueStats {
    let lambda = finite_nonneg(arrival_per_s);
    let s = finite_nonneg(service_time_s);
    let c = servers as f64;
    let a = lambda * s;
    let utilization = if c > 0.0 { a / c } else { 0.0 };
    if lambda == 0.0 || s == 0.0 {
        return QueueStats {
            utilization: 0.0,
            wait_probability: 0.0,
            mean_wait_s: 0.0,
            p95_wait_s: 0.0,
            stable: true,
        };
    }
    if servers == 0 || a >= c {
        return QueueStats {
            utilization: utilization.min(1e12),
            wait_probability: 1.0,
            mean_wait_s: MAX_WAIT_S,
            p95_wait_s: MAX_WAIT_S,
            stable: false,
        };
    }
    let p_wait = erlang_c(servers, a);
    let drain_per_s = (c - a) / s; // c mu - lambda
    let mean = (p_wait / drain_per_s).min(MAX_WAIT_S);
    let p95 = if p_wait > 0.05 {
        ((p_wait / 0.05).ln() / drain_per_s).min(MAX_WAIT_S)
    } else {
        0.0
    };
    QueueStats {
        utilization,
        wait_probability: p_wait,
        mean_wait_s: finite_nonneg(mean),
        p95_wait_s: finite_nonneg(p95),
        stable: true,
    }
}

fn finite_nonneg(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else {
        0.0
    }
}

// ---------------------------------------------------------------------------------------
// The replica staircase
// ---------------------------------------------------------------------------------------

/// One billing segment of the self-hosted fleet: some hours of the month during which the
/// fleet runs `max(min_replicas, ceil(replicas_per_request x V)) + extra_replicas` replicas
/// for a monthly volume of `V` requests.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StepSegment {
    /// Cost of one replica over this segment's hours, USD per month.
    pub usd_per_replica: f64,
    /// Replicas needed per monthly request (kappa): load in the segment / usable capacity
    /// of one replica, divided by the monthly volume.
    pub replicas_per_request: f64,
    /// Floor on serving replicas (autoscaling minimum; at least 1 when always on).
    pub min_replicas: f64,
    /// Redundancy replicas on top (N+k).
    pub extra_replicas: f64,
}

impl StepSegment {
    /// Serving replicas (without redundancy) at volume `v`.
    pub fn serving_replicas(&self, v: f64) -> f64 {
        let need = (self.replicas_per_request * v.max(0.0)).ceil();
        let need = if need.is_finite() { need } else { 1e15 };
        need.max(self.min_replicas)
    }
}

/// Monthly self-hosted cost as a function of monthly volume `V` (requests):
/// `fixed_usd + usd_per_request x V + sum_j usd_per_replica_j x (serving_j(V) + extra_j)`.
///
/// Piecewise linear, left-continuous, with an upward jump wherever a segment needs one more
/// replica (at `V = t / kappa_j`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staircase {
    /// Volume-independent monthly cost (ops, observability, storage), USD.
    pub fixed_usd: f64,
    /// Volume-linear cost per request (egress), USD.
    pub usd_per_request: f64,
    /// The billing segments.
    pub segments: Vec<StepSegment>,
}

/// Outcome of the break-even search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BreakEven {
    /// Self-hosting is cheaper at every volume above zero.
    Always,
    /// Self-hosting is cheaper at every volume above `requests_per_month` (and the two costs
    /// are equal there).
    At {
        /// The break-even volume, requests per month.
        requests_per_month: f64,
        /// False when the search hit its step budget and the volume is the bound of the
        /// last step examined (only with many autoscaling segments and a near-zero margin).
        exact: bool,
    },
    /// The API stays cheaper at large volumes: its cost per request is at or below the
    /// self-hosted marginal cost per request.
    Never,
}

impl BreakEven {
    /// The break-even volume, if there is one (0 for `Always`).
    pub fn volume(&self) -> Option<f64> {
        match *self {
            BreakEven::Always => Some(0.0),
            BreakEven::At {
                requests_per_month, ..
            } => Some(requests_per_month),
            BreakEven::Never => None,
        }
    }
}

/// A point of a cost curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Monthly volume, requests.
    pub requests_per_month: f64,
    /// Monthly cost, USD.
    pub usd: f64,
}

const SCAN_BUDGET: usize = 200_000;

impl Staircase {
    /// Total serving plus redundancy replica-months weighted by segment cost, at volume `v`.
    fn replica_usd(&self, v: f64) -> f64 {
        self.segments
            .iter()
            .map(|s| s.usd_per_replica * (s.serving_replicas(v) + s.extra_replicas))
            .sum()
    }

    /// Monthly cost at volume `v`, USD.
    ///
    /// ```
    /// use infercost::fleet::{Staircase, StepSegment};
    /// let s = Staircase { fixed_usd: 1000.0, usd_per_request: 0.0, segments: vec![StepSegment {
    ///     usd_per_replica: 5000.0, replicas_per_request: 1e-6, min_replicas: 1.0,
    ///     extra_replicas: 0.0 }] };
    /// assert_eq!(s.cost_usd(1.0e6), 6000.0);      // exactly one replica's worth
    /// assert_eq!(s.cost_usd(1.5e6), 11000.0);     // two replicas
    /// ```
    pub fn cost_usd(&self, v: f64) -> f64 {
        let v = v.max(0.0);
        self.fixed_usd + self.usd_per_request * v + self.replica_usd(v)
    }

    /// The constant part of the cost just right of `v` (the next step's level, without the
    /// volume-linear part).
    fn level_right_of(&self, v: f64) -> f64 {
        let vr = v + v.abs() * 1e-12 + 1e-300;
        self.fixed_usd + self.replica_usd(vr)
    }

    /// The constant part of the cost for volumes just above zero: every segment with load
    /// runs at least one serving replica.
    fn level_at_zero_plus(&self) -> f64 {
        self.fixed_usd
            + self
                .segments
                .iter()
                .map(|s| {
                    let first = if s.replicas_per_request > 0.0 {
                        1.0
                    } else {
                        0.0
                    };
                    s.usd_per_replica * (s.min_replicas.max(first) + s.extra_replicas)
                })
                .sum::<f64>()
    }

    /// Marginal self-hosted cost per request at large volume, USD: egress plus the replica
    /// cost averaged over each step.
    pub fn asymptotic_usd_per_request(&self) -> f64 {
        self.usd_per_request
            + self
                .segments
                .iter()
                .map(|s| s.usd_per_replica * s.replicas_per_request)
                .sum::<f64>()
    }

    /// The first volume after which self-hosting stays cheaper than an API costing
    /// `api_usd_per_request` per request (linear, through the origin).
    ///
    /// Solved exactly on the staircase: on each step the cost gap
    /// `D(V) = (a - e) V - C_step` is linear and increasing, so the answer is
    /// `C_step / (a - e)` on the highest step whose gap starts at or below zero. That step
    /// lies below `V_hi = (fixed + sum_j g_j (1 + min_j + k_j)) / (a - e - sum_j g_j kappa_j)`
    /// (beyond it even a replica too many per segment is cheaper than the API). With one
    /// segment (always on) the step index is closed-form; with several the steps are
    /// scanned downward from `V_hi`, jumping over every step that a positive gap `g` at
    /// step `b` proves positive too (all steps above `b - g / (a - e)`).
    ///
    /// ```
    /// use infercost::fleet::{BreakEven, Staircase, StepSegment};
    /// // $1,000 fixed + $5,000 per replica, one replica per 1M requests; API $0.008 per request.
    /// let s = Staircase { fixed_usd: 1000.0, usd_per_request: 0.0, segments: vec![StepSegment {
    ///     usd_per_replica: 5000.0, replicas_per_request: 1e-6, min_replicas: 1.0,
    ///     extra_replicas: 0.0 }] };
    /// // Step n (n replicas, V in ((n-1)M, nM]) costs 1000 + 5000 n. The gap to the API at
    /// // the step's start, 0.008 (n-1)M - (1000 + 5000 n) = 3000 n - 9000, is negative up to
    /// // n = 2, so the last losing step is n = 2 and the API catches up at 11000 / 0.008.
    /// match s.break_even(0.008) {
    ///     BreakEven::At { requests_per_month, exact } => {
    ///         assert!((requests_per_month - 1.375e6).abs() < 1e-6);
    ///         assert!(exact);
    ///     }
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn break_even(&self, api_usd_per_request: f64) -> BreakEven {
        let a = api_usd_per_request;
        let net = a - self.usd_per_request; // a - e
        if !net.is_finite() || net <= 0.0 {
            return BreakEven::Never;
        }
        let slope = a - self.asymptotic_usd_per_request();
        if !slope.is_finite() || slope <= 0.0 {
            return BreakEven::Never;
        }
        // Level of the first step (volume just above zero).
        let level0 = self.level_at_zero_plus();
        if level0 <= 0.0 {
            return BreakEven::Always;
        }
        let solve = |level: f64| level / net;

        if let [seg] = self.segments.as_slice() {
            // Closed form. For t >= min, on (t/kappa, (t+1)/kappa] the fleet runs t+1 serving
            // replicas; the gap at the step's start is (net/kappa - g) t - fixed - g (1 + k).
            let g = seg.usd_per_replica;
            let kappa = seg.replicas_per_request;
            if kappa <= 0.0 || g <= 0.0 {
                return finish(solve(level0), true);
            }
            let per_step = net / kappa - g;
            if per_step <= 0.0 {
                return BreakEven::Never;
            }
            // Highest t with a strictly negative gap at the step's start.
            let t_max = ((self.fixed_usd + g * (1.0 + seg.extra_replicas)) / per_step).ceil() - 1.0;
            let m = seg.min_replicas.max(0.0);
            if t_max >= m && t_max.is_finite() {
                let level = self.fixed_usd + g * (t_max + 1.0 + seg.extra_replicas);
                return finish(solve(level), true);
            }
            return finish(solve(level0), true);
        }

        // Several segments: scan breakpoints downward from V_hi.
        let bound_usd: f64 = self.fixed_usd
            + self
                .segments
                .iter()
                .map(|s| s.usd_per_replica * (1.0 + s.min_replicas + s.extra_replicas))
                .sum::<f64>();
        let v_hi = bound_usd / slope;
        if !v_hi.is_finite() {
            return BreakEven::Never;
        }
        // Per segment: the index of the highest breakpoint <= v_hi that changes the cost.
        let mut t: Vec<f64> = self
            .segments
            .iter()
            .map(|s| {
                if s.replicas_per_request > 0.0 && s.usd_per_replica > 0.0 {
                    (s.replicas_per_request * v_hi).floor()
                } else {
                    -1.0
                }
            })
            .collect();
        for _ in 0..SCAN_BUDGET {
            // The highest remaining breakpoint.
            let mut best: Option<(usize, f64)> = None;
            for (j, s) in self.segments.iter().enumerate() {
                let tj = t.get(j).copied().unwrap_or(-1.0);
                if tj < s.min_replicas.max(1.0) {
                    continue;
                }
                let b = tj / s.replicas_per_request;
                if best.is_none_or(|(_, bb)| b > bb) {
                    best = Some((j, b));
                }
            }
            let Some((j, b)) = best else {
                return finish(solve(level0), true);
            };
            let level = self.level_right_of(b);
            let gap = net * b - level;
            if gap < 0.0 {
                return finish(solve(level).max(b), true);
            }
            if let Some(tj) = t.get_mut(j) {
                *tj -= 1.0;
            }
            // The level only falls going down, so every breakpoint b' > b - gap/net still
            // has a positive gap: jump below them.
            let target = b - gap / net;
            for (tj, s) in t.iter_mut().zip(&self.segments) {
                if s.replicas_per_request > 0.0 {
                    *tj = tj.min((s.replicas_per_request * target).floor());
                }
            }
        }
        // Budget exhausted: the answer lies below the last breakpoint examined. Report the
        // root of the staircase's upper envelope there as an approximation.
        let b_last = self
            .segments
            .iter()
            .zip(&t)
            .filter(|(s, _)| s.replicas_per_request > 0.0)
            .map(|(s, tj)| (tj + 1.0) / s.replicas_per_request)
            .fold(f64::INFINITY, f64::min);
        let approx = if b_last.is_finite() {
            solve(self.level_right_of(b_last)).min(b_last)
        } else {
            solve(level0)
        };
        BreakEven::At {
            requests_per_month: finite_nonneg(approx),
            exact: false,
        }
    }

    /// The exact polyline of the staircase between `v_lo` and `v_hi` (volumes, requests per
    /// month): at each step two points at the same volume (before and after the jump).
    /// Returns `None` when there are more than `max_steps` steps in range (draw a sampled
    /// curve instead).
    pub fn polyline(&self, v_lo: f64, v_hi: f64, max_steps: usize) -> Option<Vec<CurvePoint>> {
        let lo = v_lo.max(0.0);
        let hi = v_hi.max(lo);
        let mut steps: Vec<f64> = Vec::new();
        for s in &self.segments {
            if s.replicas_per_request <= 0.0 || s.usd_per_replica <= 0.0 {
                continue;
            }
            let t0 = (s.replicas_per_request * lo)
                .floor()
                .max(s.min_replicas.max(1.0));
            let t1 = (s.replicas_per_request * hi).floor();
            if !(t0.is_finite() && t1.is_finite()) || t1 - t0 > max_steps as f64 {
                return None;
            }
            let mut tt = t0;
            while tt <= t1 {
                let b = tt / s.replicas_per_request;
                if b > lo && b < hi {
                    steps.push(b);
                }
                tt += 1.0;
            }
            if steps.len() > max_steps {
                return None;
            }
        }
        crate::sort::sort_by(&mut steps, f64::total_cmp);
        steps.dedup_by(|x, y| (*x - *y).abs() <= 1e-12 * x.abs().max(1.0));
        let mut pts = Vec::with_capacity(2 * steps.len() + 2);
        pts.push(CurvePoint {
            requests_per_month: lo,
            usd: self.cost_usd(lo),
        });
        for b in steps {
            pts.push(CurvePoint {
                requests_per_month: b,
                usd: self.cost_usd(b),
            });
            pts.push(CurvePoint {
                requests_per_month: b,
                usd: self.level_right_of(b) + self.usd_per_request * b,
            });
        }
        pts.push(CurvePoint {
            requests_per_month: hi,
            usd: self.cost_usd(hi),
        });
        Some(pts)
    }
}

fn finish(v: f64, exact: bool) -> BreakEven {
    if v.is_finite() {
        BreakEven::At {
            requests_per_month: v.max(0.0),
            exact,
        }
    } else {
        BreakEven::Never
    }
}

// ---------------------------------------------------------------------------------------
// Hybrid: self-hosted base load, API overflow
// ---------------------------------------------------------------------------------------

/// One traffic segment for the hybrid plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HybridSegment {
    /// Share of the month's requests that arrive in this segment (sums to 1).
    pub request_share: f64,
    /// Requests one always-on replica can serve during this segment, per month.
    pub requests_per_replica: f64,
}

/// Inputs of the hybrid plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HybridInputs {
    /// The traffic segments.
    pub segments: Vec<HybridSegment>,
    /// Cost of one always-on replica, USD per month.
    pub usd_per_replica: f64,
    /// Fixed monthly cost of running any self-hosted replica (ops, observability, storage).
    pub fixed_usd: f64,
    /// Self-hosted volume-linear cost per request (egress), USD.
    pub self_usd_per_request: f64,
    /// API cost per request, USD.
    pub api_usd_per_request: f64,
}

/// A hybrid plan at one volume.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HybridPlan {
    /// Always-on self-hosted replicas (0: all traffic goes to the API; saturates at
    /// `u32::MAX`).
    pub replicas: u32,
    /// Requests served by the self-hosted replicas, per month.
    pub self_hosted_requests: f64,
    /// Requests sent to the API (the overflow), per month.
    pub api_requests: f64,
    /// Monthly cost of the self-hosted part, USD.
    pub self_hosted_usd: f64,
    /// Monthly cost of the API part, USD.
    pub api_usd: f64,
    /// Total monthly cost, USD.
    pub total_usd: f64,
}

impl HybridInputs {
    fn served(&self, v: f64, n: f64) -> f64 {
        self.segments
            .iter()
            .map(|s| (v * s.request_share).min(n * s.requests_per_replica))
            .sum()
    }

    /// Requests the `n`-th replica adds at volume `v`: `served(v, n) - served(v, n - 1)` in one
    /// pass over the segments.
    fn marginal(&self, v: f64, n: f64) -> f64 {
        self.segments
            .iter()
            .map(|s| {
                let load = v * s.request_share;
                load.min(n * s.requests_per_replica) - load.min((n - 1.0) * s.requests_per_replica)
            })
            .sum()
    }

    fn plan_with(&self, v: f64, nf: f64) -> HybridPlan {
        let n = nf.max(0.0).floor();
        let nf = n;
        let served = if n == 0.0 { 0.0 } else { self.served(v, nf) };
        let overflow = (v - served).max(0.0);
        let self_usd = if n == 0.0 {
            0.0
        } else {
            self.fixed_usd + nf * self.usd_per_replica + served * self.self_usd_per_request
        };
        let api_usd = overflow * self.api_usd_per_request;
        HybridPlan {
            replicas: if n < f64::from(u32::MAX) {
                n as u32
            } else {
                u32::MAX
            },
            self_hosted_requests: served,
            api_requests: overflow,
            self_hosted_usd: self_usd,
            api_usd,
            total_usd: self_usd + api_usd,
        }
    }

    /// The cheapest hybrid plan at monthly volume `v`: the number of always-on replicas
    /// that minimizes fixed + replicas + egress on what they serve + API on the overflow.
    ///
    /// The replicas' marginal saving `(a - e) x (extra requests served) - g` falls as
    /// replicas are added (each serves only the load above the previous ones), so the best
    /// count is found by bisection on the marginal, then compared with no replica at all.
    ///
    /// ```
    /// use infercost::fleet::{HybridInputs, HybridSegment};
    /// // Half the month's requests arrive at 3x the rate of the other half.
    /// let h = HybridInputs {
    ///     segments: vec![
    ///         HybridSegment { request_share: 0.75, requests_per_replica: 0.5e6 },
    ///         HybridSegment { request_share: 0.25, requests_per_replica: 0.5e6 },
    ///     ],
    ///     usd_per_replica: 2000.0, fixed_usd: 0.0, self_usd_per_request: 0.0,
    ///     api_usd_per_request: 0.005,
    /// };
    /// let p = h.best_plan(2.0e6);
    /// // Replica 1 serves 0.5M + 0.5M = 1M requests (saves $5,000 for $2,000); replica 2
    /// // serves 0.5M more in the busy half ($2,500 for $2,000); replica 3 another 0.5M.
    /// assert_eq!(p.replicas, 3);
    /// assert!((p.api_requests - 0.0).abs() < 1e-6);
    /// assert!((p.total_usd - 6000.0).abs() < 1e-6);
    /// ```
    pub fn best_plan(&self, v: f64) -> HybridPlan {
        let v = finite_nonneg(v);
        let api_only = self.plan_with(v, 0.0);
        let net = self.api_usd_per_request - self.self_usd_per_request;
        if net.is_nan() || net <= 0.0 || v == 0.0 || self.usd_per_replica.is_nan() {
            return api_only;
        }
        let n_max = self
            .segments
            .iter()
            .filter(|s| s.requests_per_replica > 0.0)
            .map(|s| (v * s.request_share / s.requests_per_replica).ceil())
            .fold(0.0, f64::max)
            .min(1.0e15);
        if n_max.is_nan() || n_max < 1.0 {
            return api_only;
        }
        let gain = |n: f64| net * self.marginal(v, n) - self.usd_per_replica;
        // Largest n in [1, n_max] with gain(n) > 0 (gain is non-increasing in n); if even the
        // first replica does not pay for itself, no self-hosted part at all.
        if gain(1.0) <= 0.0 || gain(1.0).is_nan() {
            return api_only;
        }
        let (mut lo, mut hi) = (1.0f64, n_max);
        if gain(hi) > 0.0 {
            lo = hi;
        } else {
            while hi - lo > 1.0 {
                let mid = ((lo + hi) / 2.0).floor();
                if gain(mid) > 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        let with = self.plan_with(v, lo.max(1.0));
        if with.total_usd < api_only.total_usd {
            with
        } else {
            api_only
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_break_even(s: &Staircase, a: f64, v_max: f64) -> f64 {
        // Last volume on a fine grid where self-hosting is not cheaper.
        let n = 200_000;
        let mut last = 0.0;
        for i in 0..=n {
            let v = v_max * i as f64 / n as f64;
            if s.cost_usd(v) >= a * v {
                last = v;
            }
        }
        last
    }

    #[test]
    fn profiles_have_mean_one() {
        for p in DailyProfile::ALL {
            let lp = LoadProfile::new(p, 2.5);
            assert!((lp.mean_level() - 1.0).abs() < 1e-12, "{p:?}");
            let hours: f64 = lp.segments().map(|(h, _)| h).sum();
            assert!((hours - 24.0).abs() < 1e-9);
        }
        assert_eq!(
            LoadProfile::new(DailyProfile::Custom, f64::NAN).peak_to_average(),
            1.0
        );
        let c = LoadProfile::new(DailyProfile::ConsumerChat, 1.0).peak_to_average();
        assert!(c > 1.5 && c < 2.0, "{c}");
        let b = LoadProfile::new(DailyProfile::BusinessHours, 1.0).peak_to_average();
        assert!(b > 2.0 && b < 2.8, "{b}");
    }

    #[test]
    fn erlang_c_known_values() {
        // c = 10, a = 8: tables give C ~= 0.409.
        assert!((erlang_c(10, 8.0) - 0.4092).abs() < 1e-3);
        assert_eq!(erlang_c(0, 1.0), 1.0);
        assert_eq!(erlang_c(5, 0.0), 0.0);
        assert_eq!(erlang_c(5, 7.0), 1.0);
        assert_eq!(erlang_c(5, f64::NAN), 1.0);
        // Halfin-Whitt branch agrees with the recursion near the switch.
        let exact = erlang_c(20_000, 19_800.0);
        let hw = erlang_c(20_001, 19_800.0 * 20_001.0 / 20_000.0);
        assert!((exact - hw).abs() < 0.02, "{exact} {hw}");
    }

    #[test]
    fn queue_edge_cases() {
        let q = mmc_queue(10.0, 1.0, 5);
        assert!(!q.stable);
        assert_eq!(q.p95_wait_s, MAX_WAIT_S);
        let q = mmc_queue(0.0, 1.0, 5);
        assert_eq!(q.p95_wait_s, 0.0);
        let q = mmc_queue(f64::NAN, f64::INFINITY, 0);
        assert!(q.p95_wait_s.is_finite());
        // Many slots at 70% load: no meaningful wait.
        let q = mmc_queue(70.0, 1.0, 100);
        assert!(q.p95_wait_s < 1e-3 && q.wait_probability < 0.05);
    }

    #[test]
    fn single_segment_matches_brute_force() {
        for (fixed, g, kappa, min, k, e, a) in [
            (1000.0, 5000.0, 1e-6, 1.0, 0.0, 0.0, 0.008),
            (3000.0, 5800.0, 3e-7, 1.0, 1.0, 1e-5, 0.0025),
            (0.0, 100.0, 1e-5, 0.0, 0.0, 0.0, 0.0011),
            (500.0, 100.0, 1e-5, 4.0, 2.0, 0.0, 0.003),
        ] {
            let s = Staircase {
                fixed_usd: fixed,
                usd_per_request: e,
                segments: vec![StepSegment {
                    usd_per_replica: g,
                    replicas_per_request: kappa,
                    min_replicas: min,
                    extra_replicas: k,
                }],
            };
            let v = s.break_even(a).volume().unwrap();
            let brute = brute_break_even(&s, a, v * 3.0 + 1.0);
            assert!(
                (v - brute).abs() <= v * 3.0 / 200_000.0 * 1.5 + 1e-9,
                "{v} vs {brute}"
            );
            // Costs cross at v.
            let api = a * v;
            assert!(
                (s.cost_usd(v) - api).abs() <= 1e-6 * api.max(1.0),
                "{} {api}",
                s.cost_usd(v)
            );
        }
    }

    #[test]
    fn multi_segment_matches_brute_force() {
        let lp = LoadProfile::new(DailyProfile::BusinessHours, 1.0);
        let cap = 2.0; // requests/s per replica
        let segs: Vec<StepSegment> = lp
            .segments()
            .map(|(h, l)| StepSegment {
                usd_per_replica: 4.0 * h * DAYS_PER_MONTH,
                replicas_per_request: l / SECONDS_PER_MONTH / cap,
                min_replicas: 0.0,
                extra_replicas: 0.0,
            })
            .collect();
        let s = Staircase {
            fixed_usd: 2000.0,
            usd_per_request: 0.0,
            segments: segs,
        };
        let a = 0.002;
        let v = s.break_even(a).volume().unwrap();
        let brute = brute_break_even(&s, a, v * 2.0);
        assert!(
            (v - brute).abs() <= v * 2.0 / 200_000.0 * 1.5,
            "{v} vs {brute}"
        );
        assert!((s.cost_usd(v) - a * v).abs() <= 1e-6 * a * v);
    }

    #[test]
    fn never_and_always() {
        let s = Staircase {
            fixed_usd: 0.0,
            usd_per_request: 0.0,
            segments: vec![StepSegment {
                usd_per_replica: 1000.0,
                replicas_per_request: 1e-6,
                min_replicas: 1.0,
                extra_replicas: 0.0,
            }],
        };
        assert_eq!(s.break_even(0.0009), BreakEven::Never);
        assert_eq!(s.break_even(f64::NAN), BreakEven::Never);
        let free = Staircase {
            fixed_usd: 0.0,
            usd_per_request: 0.0,
            segments: vec![],
        };
        assert_eq!(free.break_even(0.01), BreakEven::Always);
    }

    #[test]
    fn polyline_has_every_step() {
        let s = Staircase {
            fixed_usd: 100.0,
            usd_per_request: 0.0,
            segments: vec![StepSegment {
                usd_per_replica: 10.0,
                replicas_per_request: 1.0,
                min_replicas: 1.0,
                extra_replicas: 0.0,
            }],
        };
        let p = s.polyline(0.5, 4.5, 100).unwrap();
        // Start, steps at 1, 2, 3, 4 (two points each), end.
        assert_eq!(p.len(), 10);
        assert_eq!(p[1].usd, 110.0);
        assert_eq!(p[2].usd, 120.0);
        assert!(s.polyline(0.0, 1e9, 100).is_none());
    }

    #[test]
    fn hybrid_never_worse_than_either() {
        let h = HybridInputs {
            segments: vec![
                HybridSegment {
                    request_share: 0.5,
                    requests_per_replica: 1e6,
                },
                HybridSegment {
                    request_share: 0.5,
                    requests_per_replica: 3e6,
                },
            ],
            usd_per_replica: 3000.0,
            fixed_usd: 1000.0,
            self_usd_per_request: 0.0,
            api_usd_per_request: 0.002,
        };
        for v in [0.0, 1e5, 1e6, 5e6, 2e7, 1e9] {
            let p = h.best_plan(v);
            assert!(p.total_usd <= 0.002 * v + 1e-6);
            for n in 0..50u32 {
                let other = h.plan_with(v, f64::from(n)).total_usd;
                assert!(p.total_usd <= other + 1e-6, "v={v} n={n}");
            }
        }
    }
}
