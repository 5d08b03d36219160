//! The charts as SVG markup, built by pure functions from a [`Report`]. Only SVG: the
//! legends, notes and data tables beside the charts are in `chart_text`.
//!
//! Building the markup as a string (rather than as a tree of reactive view nodes) keeps the
//! page's WebAssembly small: four charts as views cost ~24 KB brotli, as strings a fraction
//! of that. The text in the markup is only numbers we format and static labels, and all of
//! it is XML-escaped anyway, so no outside string can inject markup.

use crate::chart_geometry::{line_path, nice_top, stack, tick_step, tornado, Axis, Frame, Px};
use crate::chart_text::{gib, memory_parts};
use crate::format;
use crate::html::escape;
use infercost::evaluate::Report;
use infercost::float::fixed;
use std::fmt::Write;

thread_local! {
    static WIDTH: std::cell::Cell<f64> = const { std::cell::Cell::new(Frame::STANDARD.width) };
}

/// The frame the charts draw in now: the line charts' viewBox and plot area (the memory bar
/// and the tornado share its width), at the page's chart width ([`set_width`]). The viewBox
/// is as wide as the drawing is shown, so text drawn at 12 px reads at 12 CSS px at every
/// width, and the ticks thin out to fit.
pub fn frame() -> Frame {
    Frame {
        width: WIDTH.with(std::cell::Cell::get),
        ..Frame::STANDARD
    }
}

/// Sets the chart width from the CSS pixels the charts' column offers: at most the standard
/// 640, at least 240 (narrower columns scroll sideways), in steps of 20 px so a resize
/// redraws only when a step changes. Returns whether it changed.
pub fn set_width(css_px: f64) -> bool {
    let px = if css_px.is_finite() { css_px } else { 640.0 };
    let w = ((px / 20.0).floor() * 20.0).clamp(240.0, Frame::STANDARD.width);
    WIDTH.with(|c| c.replace(w) != w)
}

/// How an x-axis label at `x` is anchored: centred on its tick, unless that would cross the
/// drawing's right edge (a label is at most ~40 px of 12 px text). No axis starts near the
/// left edge (the line charts' left margin, the tornado's label or inset).
fn anchor(x: f64) -> &'static str {
    if x > frame().width - 20.0 {
        "end"
    } else {
        "middle"
    }
}

/// A small SVG writer: numbers with one decimal, text escaped.
struct Svg(String);

impl Svg {
    fn new(width: f64, height: f64, label: &str, testid: &str) -> Svg {
        let (w, h) = (fixed(width, 0), fixed(height, 0));
        Svg(format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" data-testid="{}">"#,
            escape(label),
            escape(testid)
        ))
    }
    fn line(&mut self, class: &str, x1: f64, y1: f64, x2: f64, y2: f64) {
        let _ = write!(
            self.0,
            r#"<line class="{class}" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            Px(x1),
            Px(y1),
            Px(x2),
            Px(y2)
        );
    }
    fn text(&mut self, class: &str, x: f64, y: f64, anchor: &str, text: &str) {
        let _ = write!(
            self.0,
            r#"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
            Px(x),
            Px(y),
            escape(text)
        );
    }
    fn path(&mut self, class: &str, d: &str) {
        if !d.is_empty() {
            let _ = write!(self.0, r#"<path class="{class}" d="{d}"/>"#);
        }
    }
    fn circle(&mut self, class: &str, cx: f64, cy: f64, r: f64) {
        let _ = write!(
            self.0,
            r#"<circle class="{class}" cx="{}" cy="{}" r="{}"/>"#,
            Px(cx),
            Px(cy),
            Px(r)
        );
    }
    fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64, title: &str) {
        let _ = write!(
            self.0,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>"#,
            Px(x),
            Px(y),
            Px(w.max(0.0)),
            Px(h.max(0.0)),
            escape(title)
        );
    }
    fn x_axis(&mut self, axis: &Axis, fmt: fn(f64) -> String) {
        // A label is at most ~6 characters of 12 px text: one per 64 px of axis.
        let room = ((frame().x1() - frame().x0()) / 64.0) as usize;
        let ticks = axis.ticks(room.clamp(3, 6));
        for t in ticks.iter().step_by(tick_step(ticks.len(), room)).copied() {
            let x = axis.px(t);
            self.line("tick", x, frame().y1(), x, frame().y1() + 5.0);
            self.text("tick", x, frame().y1() + 18.0, anchor(x), &fmt(t));
        }
        self.line(
            "axis",
            frame().x0(),
            frame().y1(),
            frame().x1(),
            frame().y1(),
        );
    }
    fn y_axis(&mut self, axis: &Axis, fmt: fn(f64) -> String) {
        for t in axis.ticks(5) {
            let y = axis.px(t);
            self.line("grid", frame().x0(), y, frame().x1(), y);
            self.text("tick", frame().x0() - 6.0, y + 4.0, "end", &fmt(t));
        }
    }
    fn finish(mut self) -> String {
        self.0.push_str("</svg>");
        self.0
    }
}

/// Pixel x of each sample of the break-even chart (for the pointer and keyboard readout).
pub fn break_even_xs(r: &Report) -> Vec<f64> {
    let x = volume_axis(r);
    r.curves.volumes.iter().map(|v| x.px(*v)).collect()
}

fn volume_axis(r: &Report) -> Axis {
    let c = &r.curves;
    let lo = c.volumes.first().copied().unwrap_or(1.0);
    let hi = c.volumes.last().copied().unwrap_or(10.0);
    Axis::log(lo, hi, frame().x0(), frame().x1())
}

fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

/// The API's monthly cost at volume `v`: linear in volume, so the scenario's cost scaled.
pub fn api_cost_at(r: &Report, v: f64) -> f64 {
    if r.requests_per_month > 0.0 {
        r.api.total_usd_per_month / r.requests_per_month * v
    } else {
        0.0
    }
}

/// The id of the break-even chart's "you" marker group.
pub const YOU_ID: &str = "be-you";

/// Where the break-even chart's "you" marker sits: the `transform` of its group.
pub fn break_even_you_transform(r: &Report) -> String {
    format!(
        "translate({} 0)",
        Px(volume_axis(r).px(r.requests_per_month))
    )
}

/// The break-even chart without the "you" marker's place ([`break_even`] with the marker at
/// x = 0), which a volume step within the chart's decades leaves unchanged: the page writes
/// this, and places the marker on its own.
pub fn break_even_unplaced(r: &Report, selected: Option<usize>) -> String {
    break_even_with_you(r, selected, "translate(0.0 0)")
}

/// Cost vs monthly volume on log axes: the API line, the self-hosted staircase (its exact
/// steps), the hybrid plan, a marker at the scenario's volume, a ring at the break-even,
/// and a readout line at sample `selected`.
pub fn break_even(r: &Report, selected: Option<usize>) -> String {
    break_even_with_you(r, selected, &break_even_you_transform(r))
}

/// [`break_even`] with the "you" marker's group at `you` (its `transform`).
fn break_even_with_you(r: &Report, selected: Option<usize>, you: &str) -> String {
    let c = &r.curves;
    let x = volume_axis(r);
    let all = c
        .api_usd
        .iter()
        .chain(&c.self_host_usd)
        .chain(&c.hybrid_usd)
        .copied()
        .filter(|v| positive(*v));
    let (lo, hi) = all.fold((f64::INFINITY, 0.0_f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let y = Axis::log(lo.max(1.0), hi.max(10.0), frame().y1(), frame().y0());
    let series = |ys: &[f64]| -> Vec<(f64, f64)> {
        c.volumes
            .iter()
            .zip(ys)
            .filter(|(_, u)| positive(**u))
            .map(|(v, u)| (x.px(*v), y.px(*u)))
            .collect()
    };
    let steps: Vec<(f64, f64)> = c
        .self_host_steps
        .iter()
        .filter(|p| positive(p.usd))
        .map(|p| (x.px(p.requests_per_month), y.px(p.usd)))
        .collect();

    let mut s = Svg::new(
        frame().width,
        frame().height,
        "Monthly cost vs monthly volume: API, self-hosted and hybrid",
        "chart-break-even-svg",
    );
    s.y_axis(&y, format::usd_axis);
    s.x_axis(&x, format::count_axis);
    s.path("line api", &line_path(&series(&c.api_usd)));
    if steps.len() >= 2 {
        s.path("line self", &line_path(&steps));
    } else {
        s.path("line self", &line_path(&series(&c.self_host_usd)));
    }
    s.path("line hybrid", &line_path(&series(&c.hybrid_usd)));
    // The scenario's volume: drawn at x = 0 and placed by its transform
    // (`break_even_you_transform`), so a volume step within the chart's decades moves the
    // marker without redrawing the chart.
    let _ = write!(s.0, r#"<g id="{YOU_ID}" transform="{you}">"#);
    s.line("marker you", 0.0, frame().y0(), 0.0, frame().y1());
    s.text("marker-label", 4.0, frame().y0() + 12.0, "start", "you");
    s.0.push_str("</g>");
    if let Some(v) = r.break_even_requests_per_month {
        let usd = api_cost_at(r, v);
        if v >= x.lo() && v <= x.hi() && positive(usd) {
            s.circle("marker cross", x.px(v), y.px(usd), 6.0);
        }
    }
    if let Some(px) = selected.and_then(|i| c.volumes.get(i)).map(|v| x.px(*v)) {
        s.line("marker readout", px, frame().y0(), px, frame().y1());
    }
    s.finish()
}

/// Memory per GPU as one stacked bar against capacity; `None` without a memory figure.
pub fn memory(r: &Report) -> Option<String> {
    let m = r.self_host.memory.as_ref()?;
    let parts = memory_parts(r)?;
    let mut s = Svg::new(
        frame().width,
        56.0,
        "Memory per GPU at the operating point",
        "chart-memory-svg",
    );
    s.rect(
        "capacity",
        0.0,
        8.0,
        frame().width,
        40.0,
        &format!("Capacity {}", gib(m.capacity_bytes)),
    );
    for (i, seg) in stack(&parts, m.capacity_bytes, 0.0, frame().width)
        .into_iter()
        .enumerate()
    {
        s.rect(
            &format!("seg seg{i}"),
            seg.x,
            8.0,
            seg.width,
            40.0,
            &format!("{}: {}", seg.label, gib(seg.value)),
        );
    }
    Some(s.finish())
}

/// One replica's output throughput (left axis) and time per output token (right labels)
/// vs concurrency on a log axis, with the operating point.
pub fn throughput(r: &Report) -> String {
    let serving = r.self_host.serving();
    let pts: &[infercost::perf::PerfPoint] = serving.map_or(&[], |s| &s.curve);
    let cmax = pts.last().map(|p| f64::from(p.concurrency)).unwrap_or(1.0);
    let x = Axis::log(1.0, cmax.max(2.0), frame().x0(), frame().x1());
    let tmax = pts
        .iter()
        .map(|p| p.output_tokens_per_s_total)
        .fold(0.0, f64::max);
    // Both axes end on a round tick, with 5% headroom over the curve.
    let top = |max: f64| nice_top(max.max(1.0) * 1.05, 5);
    let y = Axis::linear(0.0, top(tmax), frame().y1(), frame().y0());
    let lmax = pts.iter().map(|p| p.tpot_s * 1e3).fold(0.0, f64::max);
    let y2 = Axis::linear(0.0, top(lmax), frame().y1(), frame().y0());
    let mut s = Svg::new(
        frame().width,
        frame().height,
        "One replica: output throughput and time per token vs concurrency",
        "chart-throughput-svg",
    );
    s.y_axis(&y, format::count_axis);
    s.x_axis(&x, format::count_axis);
    for t in y2.ticks(5) {
        s.text(
            "tick alt",
            frame().x1() - 2.0,
            y2.px(t) - 3.0,
            "end",
            &format!("{} ms", format::plain(t)),
        );
    }
    let at = |f: fn(&infercost::perf::PerfPoint) -> f64, axis: &Axis| -> Vec<(f64, f64)> {
        pts.iter()
            .map(|p| (x.px(f64::from(p.concurrency)), axis.px(f(p))))
            .collect()
    };
    s.path(
        "line self",
        &line_path(&at(|p| p.output_tokens_per_s_total, &y)),
    );
    s.path("line latency", &line_path(&at(|p| p.tpot_s * 1e3, &y2)));
    if let Some(p) = serving.and_then(|s| s.operating_point.as_ref()) {
        s.circle(
            "marker cross",
            x.px(f64::from(p.concurrency)),
            y.px(p.output_tokens_per_s_total),
            6.0,
        );
    }
    s.finish()
}

/// The sensitivity tornado: for each input (ranked), the change in monthly savings when it
/// moves to its low and its high value.
pub fn sensitivity(r: &Report) -> String {
    // Wide: the label left of its bars. Narrow (a phone): the label above them, so the bars
    // keep the whole width and the labels their whole text.
    let narrow = frame().width < 480.0;
    let (row_h, label_w, bar_dy) = if narrow {
        (40.0, 20.0, 17.0)
    } else {
        (26.0, 230.0, 3.0)
    };
    let rows = &r.sensitivity;
    let deltas: Vec<(f64, f64)> = rows
        .iter()
        .map(|s| (s.delta_low_usd, s.delta_high_usd))
        .collect();
    let (axis, bars) = tornado(&deltas, label_w, frame().width - 24.0);
    let h = row_h * rows.len() as f64 + 30.0;
    let zero = axis.px(0.0);
    let mut s = Svg::new(
        frame().width,
        h,
        "What moves the savings most",
        "chart-tornado-svg",
    );
    for (i, (row, bar)) in rows.iter().zip(bars).enumerate() {
        let y = 4.0 + row_h * i as f64;
        if narrow {
            s.text("tick label", 4.0, y + 12.0, "start", row.label);
        } else {
            s.text("tick label", label_w - 8.0, y + 15.0, "end", row.label);
        }
        for (class, end, delta) in [
            ("bar low", bar.x_low, row.delta_low_usd),
            ("bar high", bar.x_high, row.delta_high_usd),
        ] {
            s.rect(
                class,
                end.min(zero),
                y + bar_dy,
                (end - zero).abs(),
                16.0,
                &format!("{}: {}", row.label, format::usd(delta)),
            );
        }
    }
    s.line("zero", zero, 0.0, zero, h - 26.0);
    // One money label per 64 px of the bars' width.
    let room = ((frame().width - 24.0 - label_w) / 64.0) as usize;
    let ticks = axis.ticks(4);
    for t in ticks.iter().step_by(tick_step(ticks.len(), room)).copied() {
        s.text(
            "tick",
            axis.px(t),
            h - 8.0,
            anchor(axis.px(t)),
            &format::usd_axis(t),
        );
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_reports::{default_report, infeasible_report};

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
        assert!(
            !svg.contains("NaN") && !svg.contains("inf"),
            "no non-finite numbers"
        );
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }

    #[test]
    fn break_even_draws_three_series_and_both_markers() {
        // The version-1 defaults (API at $0.88) break even inside the plotted range.
        let r = infercost::evaluate::evaluate(&infercost::link::v1_defaults());
        let svg = break_even(&r, None);
        well_formed(&svg);
        for class in ["line api", "line self", "line hybrid", "marker you"] {
            assert!(svg.contains(&format!("class=\"{class}\"")), "{class}");
        }
        assert!(r.break_even_requests_per_month.is_some());
        assert!(svg.contains("marker cross"));
        assert!(!svg.contains("marker readout"));
        assert!(break_even(&r, Some(3)).contains("marker readout"));
        assert_eq!(break_even_xs(&r).len(), r.curves.volumes.len());
    }

    #[test]
    fn a_volume_step_within_a_decade_moves_only_the_marker() {
        let mut s = infercost::scenario::Scenario::default();
        s.workload.requests_per_month = 12e6;
        let a = infercost::evaluate::evaluate(&s);
        s.workload.requests_per_month = 31e6;
        let b = infercost::evaluate::evaluate(&s);
        assert_eq!(break_even_unplaced(&a, None), break_even_unplaced(&b, None));
        // A decade includes its lower end: the default's exact 10M draws the same.
        s.workload.requests_per_month = 10e6;
        let ten = infercost::evaluate::evaluate(&s);
        assert_eq!(
            break_even_unplaced(&a, None),
            break_even_unplaced(&ten, None)
        );
        assert_ne!(break_even(&a, None), break_even(&b, None));
        assert_ne!(break_even_you_transform(&a), break_even_you_transform(&b));
        assert!(break_even_unplaced(&a, None)
            .contains(r#"<g id="be-you" transform="translate(0.0 0)">"#));
    }

    #[test]
    fn throughput_ticks_sit_inside_their_axes() {
        // Every tick label is drawn at its own value (`nice_top`): the default's right-hand labels (ms per token) are evenly spaced, none squeezed
        // against another at the top.
        let svg = throughput(&default_report());
        let mut ys: Vec<f64> = svg
            .split(r#"<text class="tick alt""#)
            .skip(1)
            .filter_map(|t| t.split(r#"y=""#).nth(1)?.split('"').next()?.parse().ok())
            .collect();
        ys.sort_by(f64::total_cmp);
        assert!(ys.len() >= 3, "{ys:?}");
        let gaps: Vec<f64> = ys.windows(2).map(|w| w[1] - w[0]).collect();
        let (lo, hi) = gaps
            .iter()
            .fold((f64::MAX, 0.0_f64), |(a, b), g| (a.min(*g), b.max(*g)));
        assert!(lo >= 14.0 && hi - lo < 1.0, "label gaps {gaps:?}");
    }

    #[test]
    fn other_charts_are_well_formed() {
        let r = default_report();
        well_formed(&throughput(&r));
        well_formed(&sensitivity(&r));
        let m = memory(&r).expect("the default fits");
        well_formed(&m);
        assert_eq!(m.matches("class=\"seg seg").count(), 5);
    }

    #[test]
    fn an_infeasible_setup_still_draws() {
        let r = infeasible_report();
        assert!(!r.self_host.is_feasible());
        well_formed(&break_even(&r, Some(0)));
        well_formed(&throughput(&r));
        well_formed(&sensitivity(&r));
    }
}
