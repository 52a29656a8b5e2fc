#!/usr/bin/env bash
# Builds the portal in release mode into dist/ (offline, pinned tools).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
say "trunk build --release"
trunk build --release
