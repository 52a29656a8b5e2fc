#!/usr/bin/env bash
# Runs every test: formatting, clippy (native and wasm32), unit and server
# tests, contract tests, the release module's feature check, end-to-end tests
# in headless Chromium, the contract gate (schemathesis against the reference
# server), and wasm-bindgen tests inside Chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

# A one-off run (CI builds a fresh clone) gains nothing from incremental
# caches, which would otherwise double the size of target/.
if [[ "${CI:-}" == "true" ]]; then export CARGO_INCREMENTAL=0; fi

say "cargo fmt --check"
cargo fmt --all --check

say "clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "clippy (wasm32)"
cargo clippy -p portal --target wasm32-unknown-unknown --lib --bins --tests --locked -- -D warnings

export CHROMEDRIVER=/usr/bin/chromedriver CHROME_PATH=/usr/bin/chromium

say "native tests: units, reference server, contract, wasm features, end to end"
cargo test --workspace --locked

say "contract gate: schemathesis against the reference server (scripts/schemathesis.sh)"
scripts/schemathesis.sh

say "wasm-bindgen tests in headless Chromium"
# These build in debug without the shipped module's MVP flags: std's prebuilt
# objects carry reference-types, and mixing both breaks wasm-bindgen in debug.
# The shipped module's features are checked by tests/wasm_features.rs.
RUSTFLAGS="-Cdebuginfo=0" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 \
  cargo test --target wasm32-unknown-unknown -p portal --test wasm_browser --locked

say "benchmark: chart rendering in headless Chromium (release build; prints, never fails on time)"
# The release profile with .cargo/config.toml's feature floor (its `strip` drops the
# target-features section); the shipped pieces are built by scripts/wasm.sh.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 \
  cargo test --release --target wasm32-unknown-unknown -p portal --test render_bench --locked -- --nocapture

say "first-load budget, measured in headless Chromium (scripts/budget.mjs)"
cargo build -p refserver --locked
node scripts/budget.mjs
# Its negative control: the same build with a heavier sign-in page must be refused.
node scripts/budget.mjs --negative-control

say "benchmark: Lighthouse, median of 3 (scripts/lighthouse.mjs; prints, never fails on a figure)"
node scripts/lighthouse.mjs

say "disk: target/ holds $(du -sh target | cut -f1)"
say "all tests passed"
