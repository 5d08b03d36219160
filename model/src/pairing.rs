//! Automatic choices that keep a comparison coherent when a pick changes.
//!
//! Picking a self-hosted model re-pairs the API comparator with a hosted offer of the same
//! model and sizes the deployment for it; picking a GPU gives it its own price and sizes the
//! deployment again. A value the person chose themselves is pinned ([`Pins`]) and never
//! overwritten; unpinning gives back the automatic choice. `docs/MODEL.md` ("Coherent picks")
//! has the rules and why.

use crate::catalog;
use crate::evaluate::{api_usd_per_request, fit};
use crate::prices::{self, ApiPrice};
use crate::scenario::{Pins, Scenario};
use crate::WeightPrecision;

/// GPUs per replica the automatic deployment tries, smallest first: one node.
pub const AUTO_GPU_COUNTS: [u32; 4] = [1, 2, 4, 8];

/// Sequences one replica's KV cache must hold for a deployment to have room to batch. Below
/// this a replica serves a handful of requests at a time and most of the GPU's throughput
/// is lost to memory pressure.
pub const HEADROOM_SEQUENCES: u32 = 8;

/// Which hosted offer the API comparator was paired with.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiChoice {
    /// An offer of the same open weights: the median of `offers` bundled offers.
    SameModel {
        /// The offer's price id.
        price_id: String,
        /// How many bundled offers serve the model.
        offers: usize,
    },
    /// No bundled host serves the model: the median offer of the catalog model nearest in
    /// size that has hosted offers.
    Comparable {
        /// The offer's price id.
        price_id: String,
        /// The comparable model's catalog id.
        model_id: &'static str,
        /// How many bundled offers serve the comparable model.
        offers: usize,
    },
}

impl ApiChoice {
    /// The chosen offer's price id.
    pub fn price_id(&self) -> &str {
        match self {
            ApiChoice::SameModel { price_id, .. } | ApiChoice::Comparable { price_id, .. } => {
                price_id
            }
        }
    }
}

/// How the automatic deployment came out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sizing {
    /// Fits with room to batch and meets the latency targets.
    Comfortable,
    /// Fits with room to batch, but no count on one node meets the latency targets.
    MissesTargets,
    /// Fits, but the KV cache holds fewer than [`HEADROOM_SEQUENCES`] sequences.
    Tight,
    /// Nothing on one node of this GPU fits; `elsewhere` is the cheapest GPU and count that
    /// would, if any.
    NothingFits {
        /// The cheapest (by hourly price of a replica) catalog GPU and GPUs per replica on
        /// which the model fits with room to batch.
        elsewhere: Option<(&'static str, u32)>,
    },
}

/// The automatic deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeploymentChoice {
    /// GPUs per replica chosen (the largest tried when nothing fits).
    pub gpus_per_replica: u32,
    /// Weight precision chosen.
    pub weight_precision: WeightPrecision,
    /// How it came out.
    pub sizing: Sizing,
}

/// What an automatic re-pairing changed (`None`: pinned, or nothing to choose).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Repaired {
    /// The API comparator, when it was re-paired.
    pub api: Option<ApiChoice>,
    /// The deployment, when it was re-sized.
    pub deployment: Option<DeploymentChoice>,
}

/// The median of the bundled hosted offers of one catalog model, by cost per user request
/// at the scenario's workload (the lower of the two middle offers when their number is even,
/// so the choice is an actual offer). Ties are broken by id, so the choice is stable.
pub fn median_offer(s: &Scenario, model_id: &str) -> Option<(&'static ApiPrice, usize)> {
    let mut offers: Vec<(f64, &'static ApiPrice)> = prices::hosted_offers(model_id)
        .into_iter()
        .map(|p| {
            let mut t = s.clone();
            t.api.apply_price(&p.id);
            (api_usd_per_request(&t), p)
        })
        .collect();
    crate::sort::sort_by(&mut offers, |a, b| {
        a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id))
    });
    let n = offers.len();
    offers.get(n.checked_sub(1)? / 2).map(|(_, p)| (*p, n))
}

/// The API comparator for the scenario's self-hosted model: the median offer of the same
/// model, or of the catalog model nearest in total parameters (log scale) that has offers.
pub fn api_comparator(s: &Scenario) -> Option<ApiChoice> {
    let own_id = match &s.self_host.custom_model {
        Some(_) => None,
        None => catalog::find_model(&s.self_host.model_id).map(|m| m.id),
    };
    if let Some((p, offers)) = own_id.and_then(|id| median_offer(s, id)) {
        return Some(ApiChoice::SameModel {
            price_id: p.id.clone(),
            offers,
        });
    }
    let params = match &s.self_host.custom_model {
        Some(a) => a.params_total,
        None => {
            catalog::find_model(&s.self_host.model_id)?
                .arch
                .params_total
        }
    };
    let distance = |m: &catalog::ModelEntry| (m.arch.params_total / params).ln().abs();
    let mut nearest: Option<(f64, &'static catalog::ModelEntry)> = None;
    for m in catalog::models() {
        if prices::hosted_offers(m.id).is_empty() || Some(m.id) == own_id {
            continue;
        }
        let d = distance(m);
        if d.is_finite() && nearest.is_none_or(|(best, _)| d < best) {
            nearest = Some((d, m));
        }
    }
    let (_, m) = nearest?;
    let (p, offers) = median_offer(s, m.id)?;
    Some(ApiChoice::Comparable {
        price_id: p.id.clone(),
        model_id: m.id,
        offers,
    })
}

/// The weight precision the automatic deployment uses: the one the model's checkpoint ships
/// in (DeepSeek-V3 FP8, gpt-oss MXFP4), otherwise the scenario's.
pub fn auto_precision(s: &Scenario) -> WeightPrecision {
    match &s.self_host.custom_model {
        Some(_) => s.self_host.weight_precision,
        None => catalog::find_model(&s.self_host.model_id)
            .and_then(|m| m.shipped_precision)
            .unwrap_or(s.self_host.weight_precision),
    }
}

/// The smallest deployment on the scenario's GPU that fits the workload with room to batch
/// and meets the latency targets; failing that, the smallest with room to batch, then the
/// smallest that fits at all. When nothing on one node fits, the cheapest other GPU that
/// would is named.
pub fn auto_deployment(s: &Scenario) -> DeploymentChoice {
    let precision = auto_precision(s);
    let mut t = s.clone();
    t.self_host.weight_precision = precision;
    let fits: Vec<(u32, crate::evaluate::Fit)> = AUTO_GPU_COUNTS
        .iter()
        .map(|n| {
            t.self_host.gpus_per_replica = *n;
            (*n, fit(&t))
        })
        .collect();
    let roomy = |f: &crate::evaluate::Fit| f.feasible && f.max_concurrency >= HEADROOM_SEQUENCES;
    let first = |pred: &dyn Fn(&crate::evaluate::Fit) -> bool| {
        fits.iter().find(|(_, f)| pred(f)).map(|(n, _)| *n)
    };
    let (n, sizing) = if let Some(n) = first(&|f| roomy(f) && f.meets_targets) {
        (n, Sizing::Comfortable)
    } else if let Some(n) = first(&roomy) {
        (n, Sizing::MissesTargets)
    } else if let Some(n) = first(&|f| f.feasible) {
        (n, Sizing::Tight)
    } else {
        let largest = AUTO_GPU_COUNTS[AUTO_GPU_COUNTS.len() - 1];
        (
            largest,
            Sizing::NothingFits {
                elsewhere: cheapest_gpu_that_fits(&t),
            },
        )
    };
    DeploymentChoice {
        gpus_per_replica: n,
        weight_precision: precision,
        sizing,
    }
}

/// The catalog GPU and count (one node) with the lowest hourly price per replica on which
/// the scenario's model fits with room to batch; GPUs without a bundled price are skipped.
fn cheapest_gpu_that_fits(s: &Scenario) -> Option<(&'static str, u32)> {
    let mut t = s.clone();
    t.self_host.custom_gpu = None;
    let mut best: Option<(f64, &'static str, u32)> = None;
    for g in catalog::gpus() {
        let Some(price) = prices::median_gpu_price(g.id) else {
            continue;
        };
        t.self_host.gpu_id = g.id.to_string();
        for n in AUTO_GPU_COUNTS {
            let usd = price.usd_per_gpu_hour * f64::from(n);
            if best.is_some_and(|(b, _, _)| usd >= b) {
                break;
            }
            t.self_host.gpus_per_replica = n;
            let f = fit(&t);
            if f.feasible && f.max_concurrency >= HEADROOM_SEQUENCES {
                best = Some((usd, g.id, n));
                break;
            }
        }
    }
    best.map(|(_, id, n)| (id, n))
}

/// Applies every automatic choice that is not pinned: the API comparator, then the
/// deployment. Returns what changed.
pub fn repair(s: &mut Scenario) -> Repaired {
    let mut out = Repaired::default();
    if !s.pins.api {
        if let Some(c) = api_comparator(s) {
            s.api.apply_price(c.price_id());
            out.api = Some(c);
        }
    }
    out.deployment = resize(s);
    out
}

/// Re-sizes the deployment unless it is pinned.
pub fn resize(s: &mut Scenario) -> Option<DeploymentChoice> {
    if s.pins.deployment {
        return None;
    }
    let d = auto_deployment(s);
    s.self_host.gpus_per_replica = d.gpus_per_replica;
    s.self_host.weight_precision = d.weight_precision;
    Some(d)
}

/// Gives the GPU its default price (the median reading) unless the price is pinned; a GPU
/// without readings keeps the hourly price, labelled custom. Returns whether a bundled price
/// was applied.
pub fn price_gpu(s: &mut Scenario) -> bool {
    if s.pins.gpu_price || s.self_host.custom_gpu.is_some() {
        return false;
    }
    match prices::median_gpu_price(&s.self_host.gpu_id) {
        Some(p) => s.self_host.apply_gpu_price(&p.id),
        None => {
            s.self_host.gpu_price_id = crate::link::CUSTOM_PRICE_ID.to_string();
            false
        }
    }
}

impl Scenario {
    /// Selects a catalog model and re-pairs what is not pinned ([`repair`]). An unknown id
    /// changes nothing and returns `None`.
    pub fn select_model(&mut self, id: &str) -> Option<Repaired> {
        let m = catalog::find_model(id)?;
        self.self_host.model_id = m.id.to_string();
        self.self_host.custom_model = None;
        Some(repair(self))
    }

    /// Selects a catalog GPU: its default price unless pinned ([`price_gpu`]), then the
    /// deployment re-sized unless pinned. An unknown id changes nothing and returns `None`.
    pub fn select_gpu(&mut self, id: &str) -> Option<Repaired> {
        let g = catalog::find_gpu(id)?;
        self.self_host.gpu_id = g.id.to_string();
        self.self_host.custom_gpu = None;
        price_gpu(self);
        Some(Repaired {
            api: None,
            deployment: resize(self),
        })
    }

    /// Clears pins and re-applies the automatic choices they held.
    pub fn unpin(&mut self, which: Pins) {
        if which.api {
            self.pins.api = false;
            if let Some(c) = api_comparator(self) {
                self.api.apply_price(c.price_id());
            }
        }
        if which.deployment {
            self.pins.deployment = false;
            resize(self);
        }
        if which.gpu_price {
            self.pins.gpu_price = false;
            price_gpu(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{evaluate, Outcome};
    use crate::scenario::{DEFAULT_API_PRICE_ID, DEFAULT_GPU_PRICE_ID, DEFAULT_MODEL_ID};

    #[test]
    fn the_defaults_are_what_the_rules_choose() {
        let s = Scenario::default();
        let (offer, _) = median_offer(&s, DEFAULT_MODEL_ID).expect("the default model is hosted");
        assert_eq!(offer.id, DEFAULT_API_PRICE_ID);
        assert_eq!(
            prices::median_gpu_price(&s.self_host.gpu_id).map(|p| p.id.as_str()),
            Some(DEFAULT_GPU_PRICE_ID)
        );
        let d = auto_deployment(&s);
        assert_eq!(
            (d.gpus_per_replica, d.weight_precision, d.sizing),
            (
                s.self_host.gpus_per_replica,
                s.self_host.weight_precision,
                Sizing::Comfortable
            )
        );
        let mut again = s.clone();
        again.select_model(DEFAULT_MODEL_ID);
        again.select_gpu(&s.self_host.gpu_id);
        assert_eq!(again, s, "re-picking the defaults changes nothing");
    }

    #[test]
    fn every_model_gets_a_coherent_comparator_and_deployment() {
        for m in catalog::models() {
            let mut s = Scenario::default();
            let r = s.select_model(m.id).expect("a catalog id");
            let api = r.api.expect("not pinned");
            let offer = prices::find_api_price(&s.api.price_id).expect("a bundled offer");
            assert!(!offer.retired, "{}", m.id);
            match api {
                ApiChoice::SameModel { offers, .. } => {
                    assert_eq!(offer.serves, m.id);
                    assert_eq!(offers, prices::hosted_offers(m.id).len());
                }
                ApiChoice::Comparable { model_id, .. } => {
                    assert!(prices::hosted_offers(m.id).is_empty(), "{}", m.id);
                    assert_eq!(offer.serves, model_id);
                }
            }
            if let Some(p) = m.shipped_precision {
                assert_eq!(s.self_host.weight_precision, p, "{}", m.id);
            }
            let d = r.deployment.expect("not pinned");
            let report = evaluate(&s);
            match d.sizing {
                Sizing::NothingFits { elsewhere } => {
                    assert!(!report.self_host.is_feasible(), "{}", m.id);
                    if let Some((gpu, n)) = elsewhere {
                        let mut t = s.clone();
                        t.select_gpu(gpu);
                        assert_eq!(t.self_host.gpus_per_replica, n, "{} on {gpu}", m.id);
                        assert!(evaluate(&t).self_host.is_feasible(), "{} on {gpu}", m.id);
                    }
                }
                _ => assert!(report.self_host.is_feasible(), "{}", m.id),
            }
            if let Outcome::Compared { monthly_usd, .. } = report.verdict.outcome {
                assert!(
                    monthly_usd.iter().all(|x| x.is_finite() && *x > 0.0),
                    "{}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn a_smaller_model_gets_fewer_gpus() {
        let mut s = Scenario::default();
        s.select_model("llama-3.1-8b");
        assert_eq!(s.self_host.gpus_per_replica, 1);
        s.select_model("llama-3.1-405b");
        assert_eq!(s.self_host.gpus_per_replica, 8);
        s.select_model("gpt-oss-120b");
        assert_eq!(s.self_host.weight_precision, WeightPrecision::Fp4);
    }

    #[test]
    fn each_gpu_gets_its_own_median_price_and_gives_it_back() {
        let mut s = Scenario::default();
        for g in catalog::gpus() {
            s.select_gpu(g.id);
            match prices::median_gpu_price(g.id) {
                Some(p) => {
                    assert_eq!(s.self_host.gpu_price_id, p.id, "{}", g.id);
                    assert_eq!(s.self_host.gpu_usd_per_hour, p.usd_per_gpu_hour);
                }
                None => assert_eq!(s.self_host.gpu_price_id, crate::link::CUSTOM_PRICE_ID),
            }
        }
        let mut t = Scenario::default();
        let h100 = t.self_host.gpu_usd_per_hour;
        t.select_gpu("h200");
        assert_ne!(t.self_host.gpu_usd_per_hour, h100);
        t.select_gpu("h100-sxm");
        assert_eq!(t.self_host.gpu_usd_per_hour, h100);
        assert_eq!(t, Scenario::default());
    }

    #[test]
    fn pinned_choices_survive_picks_and_unpinning_restores_them() {
        let mut s = Scenario::default();
        s.api.apply_price("openai:gpt-5-mini");
        s.pins.api = true;
        s.self_host.gpu_usd_per_hour = 2.5;
        s.self_host.gpu_price_id = crate::link::CUSTOM_PRICE_ID.into();
        s.pins.gpu_price = true;
        s.self_host.gpus_per_replica = 4;
        s.pins.deployment = true;
        s.select_model("llama-3.1-8b");
        s.select_gpu("h200");
        assert_eq!(s.api.price_id, "openai:gpt-5-mini");
        assert_eq!(s.self_host.gpu_usd_per_hour, 2.5);
        assert_eq!(s.self_host.gpus_per_replica, 4);
        s.unpin(Pins {
            api: true,
            deployment: true,
            gpu_price: true,
        });
        assert_eq!(s.pins, Pins::default());
        assert_eq!(
            prices::find_api_price(&s.api.price_id).unwrap().serves,
            "llama-3.1-8b"
        );
        assert_eq!(s.self_host.gpus_per_replica, 1);
        assert_eq!(
            s.self_host.gpu_price_id,
            prices::median_gpu_price("h200").unwrap().id
        );
    }
}
