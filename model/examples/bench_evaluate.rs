//! Times `evaluate` on the default scenario (curves, hybrid, sensitivity and efficiency band
//! included). Budget: <= 200 us per call in a release build.
//!
//! ```text
//! cargo run --release -p infercost --example bench_evaluate
//! ```

use infercost::evaluate::evaluate;
use infercost::scenario::Scenario;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let scenario = Scenario::default();
    // Warm up (parses the catalogs once).
    for _ in 0..200 {
        black_box(evaluate(black_box(&scenario)));
    }
    let mut best_us = f64::INFINITY;
    let mut all = Vec::new();
    for _ in 0..7 {
        let n = 1000;
        let t = Instant::now();
        for _ in 0..n {
            black_box(evaluate(black_box(&scenario)));
        }
        let us = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        best_us = best_us.min(us);
        all.push(us);
    }
    all.sort_by(f64::total_cmp);
    let median_us = all[all.len() / 2];
    println!(
        "evaluate(default scenario): median {median_us:.1} us, best {best_us:.1} us per call (budget 200 us)"
    );
    // Machine-readable line for scripts/bench.mjs.
    println!("BENCH evaluate_default_us {median_us:.1} us");
}
