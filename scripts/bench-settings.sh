#!/usr/bin/env bash
# `srpss bench --settings` five times on its own Xvfb (release build), beside the process floor
# (`srpss --version`, same binary). Prints each run; docs/PERFORMANCE.md has the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
home=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$home"' EXIT
Xvfb :93 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
run() {
  DISPLAY=:93 HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
    XDG_CACHE_HOME="$home/cache" SLINT_SCALE_FACTOR=1 "$@"
}
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  run target/release/srpss --version >/dev/null
  echo "process floor (srpss --version): $(( ($(date +%s%N) - start) / 1000000 )) ms"
  run target/release/srpss bench --settings 2>/dev/null
done
