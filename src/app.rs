//! The page.

use crate::controls::SliderField;
use crate::format;
use crate::scale::Scale;
use leptos::prelude::*;

/// Hosted API monthly cost of a workload, in USD: requests x (input tokens x input price +
/// output tokens x output price), prices in USD per million tokens.
pub fn api_monthly_usd(
    requests_per_month: f64,
    input_tokens: f64,
    output_tokens: f64,
    input_usd_per_mtok: f64,
    output_usd_per_mtok: f64,
) -> f64 {
    let per_request_usd =
        (input_tokens * input_usd_per_mtok + output_tokens * output_usd_per_mtok) / 1e6;
    requests_per_month * per_request_usd
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let requests = RwSignal::new(1_000_000.0);
    let input_tokens = RwSignal::new(1_000.0);
    let output_tokens = RwSignal::new(300.0);
    let input_price = RwSignal::new(0.88);
    let output_price = RwSignal::new(0.88);

    let monthly = Memo::new(move |_| {
        api_monthly_usd(
            requests.get(),
            input_tokens.get(),
            output_tokens.get(),
            input_price.get(),
            output_price.get(),
        )
    });

    view! {
        <header class="masthead">
            <h1>"InferCost"</h1>
            <p class="tagline">"Self-host an open LLM on rented GPUs, or keep paying an API?"</p>
        </header>
        <main>
            <section class="verdict" aria-labelledby="verdict-h">
                <h2 id="verdict-h" class="visually-hidden">"Verdict"</h2>
                <p data-testid="verdict">
                    "At " {move || format::count(requests.get())} " requests a month, the API costs "
                    <strong>{move || format::usd(monthly.get())}</strong> " a month."
                </p>
            </section>
            <section class="inputs" aria-labelledby="inputs-h">
                <h2 id="inputs-h">"Workload and API prices"</h2>
                <SliderField label="Requests per month" unit="req/mo" testid="requests-per-month"
                    scale=Scale::Log { min: 1e3, max: 1e10 } display=format::count value=requests />
                <SliderField label="Input tokens per request" unit="tokens" testid="input-tokens"
                    scale=Scale::Log { min: 10.0, max: 200_000.0 } display=format::count value=input_tokens />
                <SliderField label="Output tokens per request" unit="tokens" testid="output-tokens"
                    scale=Scale::Log { min: 1.0, max: 32_000.0 } display=format::count value=output_tokens />
                <SliderField label="API input price" unit="USD/1M tokens" testid="api-input-usd-per-mtok"
                    scale=Scale::Log { min: 0.01, max: 100.0 } display=format::usd value=input_price />
                <SliderField label="API output price" unit="USD/1M tokens" testid="api-output-usd-per-mtok"
                    scale=Scale::Log { min: 0.01, max: 200.0 } display=format::usd value=output_price />
            </section>
            <section class="results" aria-labelledby="results-h">
                <h2 id="results-h">"Results"</h2>
                <div class="cards">
                    <div class="card">
                        <h3>"API, per month"</h3>
                        <p class="big" data-testid="api-monthly-usd" data-value=move || monthly.get().to_string()>
                            {move || format::usd(monthly.get())}
                        </p>
                    </div>
                </div>
            </section>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_cost_by_hand() {
        // 1M requests x (1000 x $0.88 + 300 x $0.88) / 1e6 = 1M x $0.001144 = $1,144.
        let usd = api_monthly_usd(1e6, 1000.0, 300.0, 0.88, 0.88);
        assert!((usd - 1144.0).abs() < 1e-6, "{usd}");
        assert_eq!(api_monthly_usd(0.0, 1000.0, 300.0, 1.0, 1.0), 0.0);
    }
}
