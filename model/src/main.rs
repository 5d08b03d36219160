//! `infercost`: the model as a command-line tool (its commands arrive with the model).
fn main() {
    println!("infercost {}", env!("CARGO_PKG_VERSION"));
}
