# InferCost. Two commands do everything on a fresh machine:
#   make serve   set up what is missing, build, serve http://127.0.0.1:8080 (rebuilds on change)
#   make test    the same set-up, then every test layer
# Also: make build (release into dist/), make bench (performance budgets).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROME_PATH := /usr/bin/chromium
export CARGO_TERM_COLOR := never

.PHONY: setup serve build test test-native test-wasm test-e2e test-size bench clean

setup:
	@scripts/setup.sh

serve: setup
	trunk serve --address 127.0.0.1 --port 8080

build: setup
	trunk build --release

# Layer 1: the model and pure helpers natively, formatting, lints.
test-native:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --locked

# Layer 3: components in headless Chromium (wasm-bindgen-test).
test-wasm:
	cargo test --locked -p infercost-web --target wasm32-unknown-unknown --test web

# Layer 4: journeys, accessibility and network isolation against the built dist/.
test-e2e:
	node tests/e2e/run.mjs

# Layer 5: first-load transfer budget.
test-size:
	node scripts/bundle-size.mjs

test: setup
	$(MAKE) --no-print-directory test-native
	trunk build --release
	$(MAKE) --no-print-directory test-wasm test-e2e test-size

bench: build
	node scripts/bench.mjs

clean:
	rm -rf dist target/bench
