//! Slider scales: the mapping between a range input's integer position and a value.
//!
//! Inputs whose range spans decades (requests per month, tokens) use a log scale so every
//! decade gets the same travel; the others are linear. Positions are integers 0..=STEPS
//! so keyboard arrows move by one step, and values are rounded to a "nice" precision so a
//! slider never shows 1,003,817 requests.

use infercost::float::Clamp;

/// Number of slider positions from one end to the other.
pub const STEPS: u32 = 1000;

/// How a slider position maps to a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Linear from `min` to `max`, rounded to the fewest decimals (0 to 6) that keep the
    /// position.
    Linear {
        /// Value at position 0.
        min: f64,
        /// Value at position STEPS.
        max: f64,
    },
    /// Logarithmic from `min` to `max` (both > 0), rounded to the fewest significant
    /// digits (2 to 6) that keep the position.
    Log {
        /// Value at position 0.
        min: f64,
        /// Value at position STEPS.
        max: f64,
    },
}

impl Scale {
    /// Smallest value.
    pub fn min(self) -> f64 {
        match self {
            Scale::Linear { min, .. } | Scale::Log { min, .. } => min,
        }
    }

    /// Largest value.
    pub fn max(self) -> f64 {
        match self {
            Scale::Linear { max, .. } | Scale::Log { max, .. } => max,
        }
    }

    /// The value at a slider position (clamped to 0..=STEPS).
    pub fn value_at(self, position: u32) -> f64 {
        let t = f64::from(position.min(STEPS)) / f64::from(STEPS);
        match self {
            Scale::Linear { min, max } => {
                let v = min + t * (max - min);
                (0..=6)
                    .map(|decimals| round_decimals(v, decimals).clamped(min, max))
                    .find(|&rounded| self.position_of(rounded) == position.min(STEPS))
                    .unwrap_or(v)
            }
            Scale::Log { min, max } => {
                let v = (min.ln() + t * (max.ln() - min.ln())).exp();
                // The roundest value that still maps back to this position, so a slider
                // shows 1,000,000 rather than 1,003,817 yet every keyboard step moves it.
                (2..=6)
                    .map(|digits| round_sig(v, digits).clamped(min, max))
                    .find(|&rounded| self.position_of(rounded) == position.min(STEPS))
                    .unwrap_or(v)
            }
        }
    }

    /// The slider position nearest to `value` (values outside the range clamp to its ends).
    pub fn position_of(self, value: f64) -> u32 {
        if !value.is_finite() {
            return 0;
        }
        let t = match self {
            Scale::Linear { min, max, .. } => (value - min) / (max - min),
            Scale::Log { min, max } => {
                if value <= 0.0 {
                    0.0
                } else {
                    (value.ln() - min.ln()) / (max.ln() - min.ln())
                }
            }
        };
        let t = if t.is_finite() {
            t.clamped(0.0, 1.0)
        } else {
            0.0
        };
        (t * f64::from(STEPS)).round() as u32
    }
}

fn round_decimals(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}

/// Rounds to `digits` significant digits: `round_sig(1_003_817.0, 2) == 1_000_000.0`.
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let magnitude = 10f64.powi(v.abs().log10().floor() as i32 - digits + 1);
    (v / magnitude).round() * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQ: Scale = Scale::Log {
        min: 1e3,
        max: 1e10,
    };

    #[test]
    fn log_ends_and_middle() {
        assert_eq!(REQ.value_at(0), 1e3);
        assert_eq!(REQ.value_at(STEPS), 1e10);
        // Halfway in log space between 1e3 and 1e10 is 10^6.5 = 3.16e6 at 3 digits.
        assert_eq!(REQ.value_at(STEPS / 2), 3.16e6);
        assert_eq!(REQ.value_at(STEPS + 50), 1e10);
    }

    #[test]
    fn positions_round_trip_within_a_step() {
        for p in [0, 1, 137, 500, 999, 1000] {
            let v = REQ.value_at(p);
            let back = REQ.position_of(v);
            assert!(back.abs_diff(p) <= 3, "{p} -> {v} -> {back}");
        }
        assert_eq!(REQ.position_of(f64::NAN), 0);
        assert_eq!(REQ.position_of(-5.0), 0);
        assert_eq!(REQ.position_of(1e99), STEPS);
    }

    #[test]
    fn every_position_is_stable() {
        // A keyboard arrow moves one position; the value it yields must map back to that
        // position, or the bound slider would snap back and never move.
        let scales = [
            REQ,
            Scale::Log {
                min: 10.0,
                max: 200_000.0,
            },
            Scale::Log {
                min: 0.01,
                max: 100.0,
            },
            Scale::Linear {
                min: 0.05,
                max: 1.0,
            },
        ];
        for scale in scales {
            for p in 0..=STEPS {
                let v = scale.value_at(p);
                assert_eq!(scale.position_of(v), p, "{scale:?} at {p} gives {v}");
            }
        }
    }

    #[test]
    fn linear_rounds() {
        let s = Scale::Linear {
            min: 0.05,
            max: 1.0,
        };
        assert!((s.value_at(STEPS / 2) - 0.525).abs() < 1e-9);
        assert_eq!(s.value_at(0), 0.05);
        assert_eq!(s.position_of(1.0), STEPS);
    }

    #[test]
    fn round_sig_examples() {
        assert_eq!(round_sig(1_003_817.0, 2), 1_000_000.0);
        assert_eq!(round_sig(0.0347, 2), 0.035);
        assert_eq!(round_sig(0.0, 2), 0.0);
    }
}
