//! The headline numbers of the default scenario and of the models the physics issue names,
//! each picked on the default page (API comparator and deployment re-paired as the page
//! does): self-hosted monthly cost, break-even volume and the deployment. Used to state a
//! physics change's effect before and after.
//!
//! `cargo run -p infercost --release --example headline`

use infercost::evaluate::{evaluate, Feasibility};
use infercost::scenario::Scenario;

fn main() {
    println!(
        "model            deployment                 self-host $/mo   API $/mo  break-even req/mo"
    );
    for id in [
        "",
        "mixtral-8x7b",
        "deepseek-v3",
        "gpt-oss-120b",
        "llama-3.1-8b",
    ] {
        let mut s = Scenario::default();
        if !id.is_empty() && s.select_model(id).is_none() {
            println!("{id}: not in the catalog");
            continue;
        }
        let r = evaluate(&s);
        let h = &s.self_host;
        let deployment = format!(
            "{} x {} GPUs {:?} ",
            h.gpu_id, h.gpus_per_replica, h.weight_precision
        );
        let self_usd = match &r.self_host.feasibility {
            Feasibility::Feasible(x) => format!(
                "{:.0} ({} seq, {} repl)",
                x.total_usd_per_month, x.max_concurrent_sequences, x.replicas_total
            ),
            _ => "infeasible".to_string(),
        };
        let be = r
            .break_even_requests_per_month
            .map_or("none".to_string(), |v| format!("{v:.3e}"));
        println!(
            "{:<16} {:<26} {:>14} {:>10.0} {:>18}",
            if id.is_empty() { "default" } else { id },
            deployment,
            self_usd,
            r.api.total_usd_per_month,
            be
        );
    }
}
