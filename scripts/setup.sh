#!/usr/bin/env bash
# Installs what building and testing need, only what is missing or at the wrong
# version, so running it again is quick. Sourced by run.sh and test.sh.
# Debian 12 with rustup; everything comes from apt, crates.io and npm (no other downloads).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Chromium and its driver for browser tests, brotli for
# precompressed assets, curl and patch for the splitter, CJK fonts so screenshots show Chinese.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v curl >/dev/null || need_apt+=(curl)
command -v patch >/dev/null || need_apt+=(patch)
command -v node >/dev/null || need_apt+=(nodejs npm)
[ -d /usr/share/fonts/opentype/noto ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The toolchain and wasm32 target pinned in rust-toolchain.toml, with std's source:
# the shipped module rebuilds std for size under the old webviews' feature floor.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup target list --installed --toolchain "$toolchain" 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || ! rustup component list --installed --toolchain "$toolchain" 2>/dev/null | grep -q '^rust-src'; then
  say "rustup toolchain $toolchain with wasm32-unknown-unknown and rust-src"
  rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy,rust-src --target wasm32-unknown-unknown
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

# The splitter that cuts the module into per-route pieces (wasm_split_cli_support,
# whose version must read what the wasm_split_helpers in Cargo.lock writes), with one
# patch: code shared by several areas goes into two shared pieces (what home or the
# WeChat sign-in shares, and what only the later areas share) rather than a piece per
# set of areas (scripts/wasm-split-shared-pieces.patch). The crate comes from
# crates.io, checked against the registry's checksum.
split_version=0.2.4
split_sha256=f6c1f994b196e31969f4cdbe37d051362659567efc0f5c90cb931a8a5cdc530f
if ! cargo install --list | grep -q "^wasm_split_cli_support v$split_version+portal.2 "; then
  say "cargo install wasm_split_cli_support $split_version, patched (about 4 minutes on 2 cores)"
  split_src=$(mktemp -d)
  curl -sSfL -o "$split_src/crate.tar.gz" \
    "https://static.crates.io/crates/wasm_split_cli_support/wasm_split_cli_support-$split_version.crate"
  echo "$split_sha256  $split_src/crate.tar.gz" | sha256sum --check --quiet
  tar -xzf "$split_src/crate.tar.gz" -C "$split_src"
  patch -s -d "$split_src/wasm_split_cli_support-$split_version" -p1 < scripts/wasm-split-shared-pieces.patch
  cargo install --path "$split_src/wasm_split_cli_support-$split_version" --features build-binary --locked --force
  rm -rf "$split_src"
fi

# npm tools pinned by package-lock.json: binaryen's wasm-opt, axe-core.
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
