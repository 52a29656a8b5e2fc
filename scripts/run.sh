#!/usr/bin/env bash
# Builds the portal (release) and starts the reference server with a seeded
# database on 127.0.0.1, serving the portal and the API together.
# PORT (default 8080) and DB (default data/utility.sqlite3) can be set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
say "cargo build -p refserver"
cargo build -p refserver
exec "${CARGO_TARGET_DIR:-target}/debug/refserver" --addr "127.0.0.1:${PORT:-8080}" --db "${DB:-data/utility.sqlite3}" --dist dist --demo
