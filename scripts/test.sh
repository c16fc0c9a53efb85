#!/usr/bin/env bash
# Installs what the tests need and runs every test. The tests start their own Xvfb servers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
if ! command -v cargo-nextest >/dev/null 2>&1 && ! cargo nextest --version >/dev/null 2>&1; then
  exec cargo test --workspace --locked
fi
cargo nextest run --workspace --locked --no-fail-fast
