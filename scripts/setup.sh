#!/usr/bin/env bash
# One idempotent set-up for InferCost: installs only what is missing or at the wrong
# version, so a second run on a set-up machine takes seconds. Called by `make serve`,
# `make test`, `make build` and `make bench`.
#
#   wasm32 target, trunk 0.21.14, wasm-bindgen-cli at Cargo.lock's version,
#   npm packages from package-lock.json (binaryen 132 for wasm-opt, playwright-core,
#   axe-core, lighthouse 12.2.3), Debian chromium + chromium-driver + brotli,
#   then `cargo fetch --locked`.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf 'setup: %s\n' "$*"; }

# 1. Rust target for the page.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# 2. Trunk at the one version that builds with this rustc.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version (Trunk uses the CLI on
#    PATH only when the versions are equal; the test runner ships with it).
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then
    say "cannot read the wasm-bindgen version from Cargo.lock"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ] \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $WBG_VERSION (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --locked --force
fi

# 4. Browser and compression tools from Debian (never a browser download).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        say "installing ${missing[*]} from Debian"
        apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    else
        say "missing ${missing[*]}; run as root:"
        printf '  sudo apt-get install -y %s\n' "${missing[*]}"
        exit 1
    fi
fi

# 5. npm packages from the committed lockfile; re-run only when the lockfile changed.
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | awk '{print $1}')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
fi

# 6. Crates, so Trunk's offline cargo runs find everything.
cargo fetch --locked --quiet
say "ready"
