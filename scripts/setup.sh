#!/usr/bin/env bash
# Installs what building and testing need, only what is missing or at the wrong
# version, so running it again is quick. Sourced by run.sh and test.sh.
# Debian 12 with rustup; everything comes from apt, crates.io and npm (no other downloads).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Chromium and its driver for browser tests, brotli for
# precompressed assets and the size budget, CJK fonts so screenshots show Chinese.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v node >/dev/null || need_apt+=(nodejs npm)
[ -d /usr/share/fonts/opentype/noto ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The toolchain and wasm32 target pinned in rust-toolchain.toml.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup target list --installed --toolchain "$toolchain" 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup toolchain $toolchain with wasm32-unknown-unknown"
  rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
fi

# trunk, pinned. --ignore-rust-version: trunk's own MSRV check refuses newer rustc.
trunk_version=0.22.1
if [ "$(trunk --version 2>/dev/null)" != "trunk $trunk_version" ]; then
  say "cargo install trunk $trunk_version (about 12 minutes on 2 cores)"
  cargo install trunk --version "=$trunk_version" --locked --ignore-rust-version
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "cargo install wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "=$bindgen_version"
fi

# npm tools pinned by package-lock.json: binaryen's wasm-opt, axe-core.
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
