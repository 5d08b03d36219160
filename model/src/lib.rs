//! InferCost's model: should a team self-host an open LLM on rented GPUs or keep paying a
//! hosted API, and at what volume does the answer flip?
//!
//! One honest chain, pure Rust with no I/O and no panics:
//! architecture -> memory -> throughput and latency vs concurrency -> fleet -> monthly
//! cost -> break-even against the API. The same code serves the web page (compiled to
//! WebAssembly), the `infercost` CLI (crate `infercost-cli` in `cli/`) and the tests.
//! `docs/MODEL.md` explains every formula.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// Physics: architecture -> memory -> throughput and latency.
pub mod catalog;
pub mod deployment;
pub mod engine;
pub mod memory;
pub mod perf;
pub mod precision;
pub mod validate;

// Economics: workload and prices -> fleet -> cost -> break-even.
#[cfg(feature = "import")]
pub mod calibrate;
pub mod evaluate;
pub mod fleet;
#[cfg(feature = "import")]
pub mod import;
pub mod input;
pub mod link;
pub mod pairing;
pub mod presets;
pub mod prices;
pub mod scenario;
pub mod search;

pub mod float;
mod sort;
pub mod words;

pub use engine::Engine;
pub use precision::{ComputeClass, KvPrecision, WeightPrecision};
