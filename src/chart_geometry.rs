//! Chart geometry as pure functions: axes (data to pixels), nice ticks, SVG paths, stacked and
//! tornado bar layout, and where a pointer or a key moves a chart's readout.
//!
//! Components only render what these return, so every pixel decision is unit-tested on the
//! host. Charts draw in a fixed viewBox (`Frame`) and CSS scales the SVG to its container.

use infercost::float::Clamp;
use std::fmt::{self, Write};

/// Where a chart draws: the SVG viewBox and the inner plot area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// Left margin (y-axis labels).
    pub left: f64,
    /// Right margin.
    pub right: f64,
    /// Top margin.
    pub top: f64,
    /// Bottom margin (x-axis labels).
    pub bottom: f64,
}

impl Frame {
    /// The standard frame of our line charts.
    pub const STANDARD: Frame = Frame {
        width: 640.0,
        height: 300.0,
        left: 64.0,
        right: 16.0,
        top: 12.0,
        bottom: 40.0,
    };

    /// Left edge of the plot area.
    pub fn x0(&self) -> f64 {
        self.left
    }
    /// Right edge of the plot area.
    pub fn x1(&self) -> f64 {
        self.width - self.right
    }
    /// Top edge of the plot area.
    pub fn y0(&self) -> f64 {
        self.top
    }
    /// Bottom edge of the plot area.
    pub fn y1(&self) -> f64 {
        self.height - self.bottom
    }
}

/// A mapping from data values to pixels, linear or base-10 logarithmic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    lo: f64,
    hi: f64,
    px_lo: f64,
    px_hi: f64,
    log: bool,
}

impl Axis {
    /// A linear axis from `[lo, hi]` to `[px_lo, px_hi]`. A degenerate or non-finite domain
    /// is widened so the mapping stays finite.
    pub fn linear(lo: f64, hi: f64, px_lo: f64, px_hi: f64) -> Axis {
        let (lo, hi) = sane_domain(lo, hi, false);
        Axis {
            lo,
            hi,
            px_lo,
            px_hi,
            log: false,
        }
    }

    /// A log10 axis; values at or below zero clamp to the low end.
    pub fn log(lo: f64, hi: f64, px_lo: f64, px_hi: f64) -> Axis {
        let (lo, hi) = sane_domain(lo, hi, true);
        Axis {
            lo,
            hi,
            px_lo,
            px_hi,
            log: true,
        }
    }

    /// Domain low end.
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// Domain high end.
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// Pixel position of `v` (clamped to the domain, so a stray value stays on the chart).
    pub fn px(&self, v: f64) -> f64 {
        let t = if self.log {
            let v = if v.is_finite() && v > 0.0 { v } else { self.lo };
            (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            let v = if v.is_finite() { v } else { self.lo };
            (v - self.lo) / (self.hi - self.lo)
        };
        let t = t.clamped(0.0, 1.0);
        self.px_lo + t * (self.px_hi - self.px_lo)
    }

    /// The data value at pixel `px` (inverse of [`Axis::px`]).
    pub fn value(&self, px: f64) -> f64 {
        let t = ((px - self.px_lo) / (self.px_hi - self.px_lo)).clamped(0.0, 1.0);
        let t = if t.is_finite() { t } else { 0.0 };
        if self.log {
            10f64.powf(self.lo.log10() + t * (self.hi.log10() - self.lo.log10()))
        } else {
            self.lo + t * (self.hi - self.lo)
        }
    }

    /// Tick values: 1-2-5 steps for linear axes, powers of ten for log axes (with 2 and 5
    /// added when the domain spans fewer than three decades).
    pub fn ticks(&self, target: usize) -> Vec<f64> {
        if self.log {
            log_ticks(self.lo, self.hi)
        } else {
            nice_ticks(self.lo, self.hi, target)
        }
    }
}

fn sane_domain(lo: f64, hi: f64, log: bool) -> (f64, f64) {
    let floor = if log { 1e-12 } else { f64::MIN };
    let lo = if lo.is_finite() {
        lo.max(floor)
    } else {
        floor.max(0.0)
    };
    let hi = if hi.is_finite() { hi } else { lo + 1.0 };
    let (lo, hi) = if hi < lo {
        (hi.max(floor), lo)
    } else {
        (lo, hi)
    };
    if hi - lo <= f64::EPSILON * lo.abs().max(1.0) {
        if log {
            (lo / 10.0, lo * 10.0)
        } else {
            (lo - 1.0, lo + 1.0)
        }
    } else {
        (lo, hi)
    }
}

/// About `target` evenly spaced round values covering `[lo, hi]` (steps of 1, 2 or 5 x 10^k).
///
/// ```
/// assert_eq!(infercost_web::chart_geometry::nice_ticks(0.0, 97.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
/// ```
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut i = 0.0;
    loop {
        let v = first + i * step;
        // Clean floating noise (3 x 0.1 = 0.30000000000000004) at the step's decimals.
        let decimals = (-step.log10().floor()).max(0.0) as i32;
        let p = 10f64.powi(decimals);
        let v = (v * p).round() / p;
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        if v >= hi - step * 1e-9 || out.len() > 50 {
            break;
        }
        i += 1.0;
    }
    out
}

/// The top of a linear axis from 0 that shows `max`: the round tick at or above it (of about
/// `target` ticks), so the axis ends on a labelled tick rather than between two (a tick past
/// the end would be drawn at the edge, labelled a value the edge is not).
pub fn nice_top(max: f64, target: usize) -> f64 {
    nice_ticks(0.0, max, target)
        .last()
        .copied()
        .filter(|t| *t >= max)
        .unwrap_or(max)
}

/// Keeping every k-th of `n` ticks from the first shows at most `max` of them: this k (1 when
/// they all fit).
pub fn tick_step(n: usize, max: usize) -> usize {
    n.div_ceil(max.max(1)).max(1)
}

/// Powers of ten within `[lo, hi]`; with 2 x and 5 x added when there are fewer than three.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return vec![];
    }
    let k0 = lo.log10().ceil() as i32;
    let k1 = hi.log10().floor() as i32;
    let decades: Vec<f64> = (k0..=k1).map(|k| 10f64.powi(k)).collect();
    if decades.len() >= 3 {
        return decades;
    }
    let k_lo = lo.log10().floor() as i32;
    let mut out = Vec::new();
    for k in k_lo..=k1 {
        for m in [1.0, 2.0, 5.0] {
            let v = m * 10f64.powi(k);
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                out.push(v);
            }
        }
    }
    out
}

/// A pixel coordinate written with one decimal (`12.3`, `-0.5`): integer arithmetic, so
/// charts do not link core's float formatting (several KB of WebAssembly). Halves round to
/// even, as `{:.1}` does; a coordinate beyond ±9e17 px saturates.
pub struct Px(pub f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round_ties_even() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", t / 10, t % 10)
    }
}

/// An SVG path through `points` (pixel coordinates), one decimal each: `M1.0 2.0L3.0 4.0`.
/// Non-finite points are skipped.
pub fn line_path(points: &[(f64, f64)]) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (x, y) in points
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
    {
        let cmd = if d.is_empty() { 'M' } else { 'L' };
        let _ = write!(d, "{cmd}{} {}", Px(*x), Px(*y));
    }
    d
}

/// A pointer's x in viewBox units: `client_x` over an element at `left` that is `width`
/// pixels wide and draws a viewBox `viewbox_width` wide.
pub fn viewbox_x(client_x: f64, left: f64, width: f64, viewbox_width: f64) -> f64 {
    (client_x - left) * viewbox_width / width
}

/// Where a key press moves a chart's readout over `n` samples: arrows step by one (the first
/// press lands on `at_scenario()`, the scenario's own sample), Home and End jump to the
/// ends. `None` for other keys and for no samples (the key is then left to the browser).
pub fn key_step(
    key: &str,
    selected: Option<usize>,
    at_scenario: impl FnOnce() -> usize,
    n: usize,
) -> Option<usize> {
    if n == 0 {
        return None;
    }
    let arrow_up = matches!(key, "ArrowRight" | "ArrowUp");
    let arrow_down = matches!(key, "ArrowLeft" | "ArrowDown");
    Some(match (selected, key) {
        (None, _) if arrow_up || arrow_down => at_scenario().min(n - 1),
        (_, "Home") => 0,
        (_, "End") => n - 1,
        (Some(i), _) if arrow_up => (i + 1).min(n - 1),
        (Some(i), _) if arrow_down => i.saturating_sub(1).min(n - 1),
        _ => return None,
    })
}

/// The index of the sample whose x is nearest to `px` (`None` for no samples).
pub fn nearest_index(xs: &[f64], px: f64) -> Option<usize> {
    xs.iter()
        .enumerate()
        .filter(|(_, x)| x.is_finite())
        .min_by(|(_, a), (_, b)| (*a - px).abs().total_cmp(&(*b - px).abs()))
        .map(|(i, _)| i)
}

/// One stacked bar segment, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Label of the part.
    pub label: &'static str,
    /// The part's value (data units).
    pub value: f64,
    /// Left edge.
    pub x: f64,
    /// Width.
    pub width: f64,
}

/// Lays out `parts` as a horizontal stacked bar from `x0` over `width` pixels, scaled so
/// that `full` (or the parts' sum, if larger) spans the width. Negative or non-finite parts
/// count as zero.
pub fn stack(parts: &[(&'static str, f64)], full: f64, x0: f64, width: f64) -> Vec<Segment> {
    let positive_or_zero = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
    let sum: f64 = parts.iter().map(|(_, v)| positive_or_zero(*v)).sum();
    let scale_max = positive_or_zero(full).max(sum);
    let mut x = x0;
    parts
        .iter()
        .map(|(label, v)| {
            let w = if scale_max > 0.0 {
                positive_or_zero(*v) / scale_max * width
            } else {
                0.0
            };
            let seg = Segment {
                label,
                value: positive_or_zero(*v),
                x,
                width: w,
            };
            x += w;
            seg
        })
        .collect()
}

/// A tornado bar: the span between the low-input and high-input outcomes around zero.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// Pixel x of the low-input end.
    pub x_low: f64,
    /// Pixel x of the high-input end.
    pub x_high: f64,
}

/// Lays out tornado bars for `(delta_low, delta_high)` pairs on one symmetric axis.
/// Returns the axis (for ticks and the zero line) and a bar per row.
pub fn tornado(deltas: &[(f64, f64)], px_lo: f64, px_hi: f64) -> (Axis, Vec<TornadoBar>) {
    let finite_or_zero = |v: f64| if v.is_finite() { v } else { 0.0 };
    let reach = deltas
        .iter()
        .flat_map(|(a, b)| [finite_or_zero(*a).abs(), finite_or_zero(*b).abs()])
        .fold(0.0, f64::max)
        .max(1.0);
    let axis = Axis::linear(-nice_top(reach, 2), nice_top(reach, 2), px_lo, px_hi);
    let bars = deltas
        .iter()
        .map(|(a, b)| TornadoBar {
            x_low: axis.px(finite_or_zero(*a)),
            x_high: axis.px(finite_or_zero(*b)),
        })
        .collect();
    (axis, bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_top_is_a_round_tick_at_or_above_the_max() {
        // The throughput chart's axes: 5% headroom over the curve, then the round tick.
        for max in [0.0_f64, 0.7, 63.0, 97.0, 2330.0, 1.9e5] {
            let top = nice_top(max.max(1.0) * 1.05, 5);
            assert!(
                top >= max * 1.05 && top <= max.max(1.0) * 2.2,
                "{max} -> {top}"
            );
            // The top is itself a round tick.
            let ticks = nice_ticks(0.0, top, 5);
            assert_eq!(ticks.last(), Some(&top), "{max}: {ticks:?}");
        }
    }

    #[test]
    fn thinning_keeps_every_kth_tick_to_fit() {
        let kept = |n: usize, max| (0..n).step_by(tick_step(n, max)).collect::<Vec<_>>();
        assert_eq!(kept(7, 7), vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(kept(7, 4), vec![0, 2, 4, 6]);
        assert_eq!(kept(7, 3), vec![0, 3, 6]);
        assert_eq!(kept(7, 0), vec![0]);
        assert!(kept(0, 3).is_empty());
    }

    #[test]
    fn linear_axis_maps_and_inverts() {
        let a = Axis::linear(0.0, 100.0, 64.0, 624.0);
        assert_eq!(a.px(0.0), 64.0);
        assert_eq!(a.px(50.0), 344.0);
        assert_eq!(a.px(1e9), 624.0);
        assert_eq!(a.px(f64::NAN), 64.0);
        assert!((a.value(344.0) - 50.0).abs() < 1e-9);
        // y axes run downwards.
        let y = Axis::linear(0.0, 10.0, 260.0, 12.0);
        assert_eq!(y.px(10.0), 12.0);
    }

    #[test]
    fn log_axis_maps_decades_evenly() {
        let a = Axis::log(1e3, 1e7, 0.0, 400.0);
        assert!((a.px(1e4) - 100.0).abs() < 1e-9);
        assert!((a.px(1e6) - 300.0).abs() < 1e-9);
        assert_eq!(a.px(0.0), 0.0);
        assert_eq!(a.px(-5.0), 0.0);
        assert!((a.value(200.0) - 1e5).abs() < 1e-6);
        assert_eq!(a.ticks(5), vec![1e3, 1e4, 1e5, 1e6, 1e7]);
    }

    #[test]
    fn degenerate_domains_stay_finite() {
        for a in [
            Axis::linear(5.0, 5.0, 0.0, 100.0),
            Axis::linear(f64::NAN, f64::INFINITY, 0.0, 100.0),
            Axis::log(0.0, 0.0, 0.0, 100.0),
            Axis::log(-1.0, 1e6, 0.0, 100.0),
            Axis::linear(10.0, 0.0, 0.0, 100.0),
        ] {
            for v in [0.0, 1.0, 5.0, 1e6, f64::NAN] {
                assert!(a.px(v).is_finite(), "{a:?} {v}");
                assert!((0.0..=100.0).contains(&a.px(v)));
            }
        }
    }

    #[test]
    fn nice_ticks_cover_the_domain() {
        assert_eq!(
            nice_ticks(0.0, 97.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        assert_eq!(nice_ticks(0.0, 0.3, 3), vec![0.0, 0.1, 0.2, 0.3]);
        let t = nice_ticks(1234.0, 98765.0, 5);
        assert!(t[0] <= 1234.0 && *t.last().unwrap() >= 98765.0, "{t:?}");
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    }

    #[test]
    fn log_ticks_add_2_and_5_on_short_ranges() {
        assert_eq!(log_ticks(1e5, 1e6 * 3.0), vec![1e5, 2e5, 5e5, 1e6, 2e6]);
        assert_eq!(log_ticks(1.0, 1000.0), vec![1.0, 10.0, 100.0, 1000.0]);
        assert!(log_ticks(0.0, 10.0).is_empty());
    }

    #[test]
    fn paths_skip_bad_points() {
        assert_eq!(line_path(&[(1.0, 2.0), (3.25, 4.0)]), "M1.0 2.0L3.2 4.0");
        assert_eq!(line_path(&[(f64::NAN, 1.0), (1.0, 1.0)]), "M1.0 1.0");
        assert_eq!(line_path(&[]), "");
    }

    #[test]
    fn keys_step_the_readout() {
        let at = || 5;
        assert_eq!(
            key_step("ArrowRight", None, at, 10),
            Some(5),
            "first press: the scenario"
        );
        assert_eq!(key_step("ArrowLeft", None, at, 10), Some(5));
        assert_eq!(key_step("ArrowRight", Some(5), at, 10), Some(6));
        assert_eq!(
            key_step("ArrowUp", Some(9), at, 10),
            Some(9),
            "stops at the end"
        );
        assert_eq!(
            key_step("ArrowDown", Some(0), at, 10),
            Some(0),
            "stops at the start"
        );
        assert_eq!(key_step("Home", None, at, 10), Some(0));
        assert_eq!(key_step("End", Some(2), at, 10), Some(9));
        assert_eq!(
            key_step("Tab", Some(2), at, 10),
            None,
            "other keys are the browser's"
        );
        assert_eq!(key_step("ArrowRight", None, at, 0), None, "no samples");
        assert_eq!(
            key_step("ArrowRight", None, || 50, 10),
            Some(9),
            "clamped to the samples"
        );
        assert_eq!(key_step("ArrowLeft", Some(40), at, 10), Some(9));
    }

    #[test]
    fn pointer_maps_to_the_viewbox() {
        assert_eq!(viewbox_x(100.0, 100.0, 320.0, 640.0), 0.0);
        assert_eq!(viewbox_x(420.0, 100.0, 320.0, 640.0), 640.0);
        assert_eq!(viewbox_x(260.0, 100.0, 320.0, 640.0), 320.0);
    }

    #[test]
    fn pixels_have_one_decimal() {
        for (v, s) in [
            (0.0, "0.0"),
            (-0.04, "0.0"),
            (-0.5, "-0.5"),
            (12.34, "12.3"),
            (9.96, "10.0"),
            (-3.25, "-3.2"),
        ] {
            assert_eq!(Px(v).to_string(), s, "{v}");
        }
    }

    #[test]
    fn nearest() {
        assert_eq!(nearest_index(&[0.0, 10.0, 20.0], 14.0), Some(1));
        assert_eq!(nearest_index(&[0.0, 10.0, 20.0], 16.0), Some(2));
        assert_eq!(nearest_index(&[], 1.0), None);
    }

    #[test]
    fn stacks_fill_to_capacity() {
        let s = stack(&[("weights", 60.0), ("kv", 20.0)], 80.0, 10.0, 400.0);
        assert_eq!(s[0].x, 10.0);
        assert_eq!(s[0].width, 300.0);
        assert_eq!(s[1].x, 310.0);
        assert_eq!(s[1].width, 100.0);
        // Overflow: the sum sets the scale, so the bar never leaves its box.
        let s = stack(&[("a", 150.0), ("b", f64::NAN)], 100.0, 0.0, 300.0);
        assert_eq!(s[0].width, 300.0);
        assert_eq!(s[1].width, 0.0);
    }

    #[test]
    fn tornado_is_symmetric_around_zero() {
        let (axis, bars) = tornado(&[(-300.0, 800.0), (50.0, -20.0)], 0.0, 200.0);
        assert_eq!(axis.px(0.0), 100.0);
        assert_eq!(axis.lo(), -1000.0);
        assert!(bars[0].x_low < 100.0 && bars[0].x_high > 100.0);
        assert_eq!(bars.len(), 2);
    }
}
