#!/usr/bin/env bash
# Builds the portal's WebAssembly in pieces: the landing module and one piece per
# area, fetched on the area's first visit. Trunk runs this as a pre_build hook
# (trunk 0.22 cannot run a step between cargo and wasm-bindgen, trunk#1022);
# scripts/postbuild.mjs then gives each piece a hashed name and wires index.html.
#
#   cargo (std rebuilt for size, relocations kept, table exported)
#   → wasm-split-cli (main.wasm, split_<area>.wasm, chunk_N.wasm, __wasm_split.js)
#   → wasm-bindgen (main.js + main_bg.wasm)
#   → wasm-opt on every module.
#
# Writes into $TRUNK_STAGING_DIR when trunk runs it, else into the folder given.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=${TRUNK_STAGING_DIR:-${1:?usage: scripts/wasm.sh OUT_DIR (or run by trunk)}}
work=target/split
mkdir -p "$out" "$work"

# The floor every shipped module keeps (Chromium 89, Safari 15): the MVP plus
# bulk memory, sign extension, saturating float-to-int and mutable globals.
# Rebuilding std under the same flags keeps reference-types out of it too.
floor="-Ctarget-cpu=mvp -Ctarget-feature=+bulk-memory,+sign-ext,+nontrapping-fptoint,+mutable-globals"
# Panics abort without formatting a message, and no file:line strings ship.
size="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
# The splitter reads the linker's relocations; wasm-bindgen needs the table
# exported, or the main module gets both an imported and a defined table.
split="-Clink-args=--emit-relocs -Clink-arg=--export-table"

# An env RUSTFLAGS replaces .cargo/config.toml's target rustflags, so the floor is
# repeated here. RUSTC_BOOTSTRAP lets the pinned stable toolchain rebuild std.
RUSTC_BOOTSTRAP=1 CARGO_PROFILE_RELEASE_STRIP=false RUSTFLAGS="$floor $size $split" \
  cargo build --release --locked --target wasm32-unknown-unknown --bin portal --target-dir "$work/cargo" \
  -Zbuild-std=core,std,panic_abort -Zbuild-std-features=optimize_for_size

rm -rf "$work/pieces" "$work/bindgen"
# Code the pieces share goes into two shared pieces (scripts/wasm-split-shared-pieces.patch):
# what home or the WeChat sign-in shares with any piece, which every piece loads, and
# what only the later areas share, which home and sign-in never fetch.
PORTAL_SPLIT_FIRST=home,wechat \
  wasm-split-cli "$work/cargo/wasm32-unknown-unknown/release/portal.wasm" "$work/pieces"
wasm-bindgen "$work/pieces/main.wasm" --out-dir "$work/bindgen" --target web --no-typescript \
  --no-demangle --keep-lld-exports

cp "$work/bindgen/main.js" "$work/pieces/__wasm_split.js" "$out/"
pieces=("$work/bindgen/main_bg.wasm")
for piece in "$work/pieces"/*.wasm; do
  [ "$(basename "$piece")" = main.wasm ] || pieces+=("$piece")
done
for piece in "${pieces[@]}"; do
  wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$piece" -o "$out/$(basename "$piece")"
done
