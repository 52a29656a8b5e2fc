#!/bin/sh
# Trunk post-build hook: writes .br and .gz beside every text and wasm asset of
# the staging dir, so servers can send them precompressed.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
[ "${TRUNK_PROFILE:-debug}" = "release" ] || exit 0
find "$dir" -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.wasm' -o -name '*.json' -o -name '*.svg' \) |
while read -r file; do
  brotli --force --best --keep --output="$file.br" "$file"
  gzip --force --best --keep --no-name "$file"
done
