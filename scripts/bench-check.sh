#!/usr/bin/env bash
# Throughput of `srpss check` on a folder of large JPEGs: through the image worker with 1 and 2
# decoder threads, beside the foundation's in-thread decoder (--in-process) in the same run.
#   bash scripts/bench-check.sh PHOTO_DIR
# PHOTO_DIR: e.g. `cargo run --release -p srpss-image --example corpus -- DIR 200` (12-24 MP).
set -euo pipefail
photos=$(realpath "$1")
cd "$(dirname "$0")/.."
cargo build --release -q --locked
bin=$PWD/target/release/srpss
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/cfg" XDG_STATE_HOME="$work/state"
n=$(find "$photos" -type f | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $n photos, $(du -sh "$photos" | cut -f1)"
cat "$photos"/* > /dev/null # warm the page cache so every run reads from memory
for how in "--in-process" "--decoders 1" "--decoders 2"; do
  # shellcheck disable=SC2086 # $how is two words on purpose
  line=$("$bin" check $how "$photos" | tail -1)
  secs=$(echo "$line" | grep -o '[0-9.]* s,' | grep -o '[0-9.]*')
  awk -v h="$how" -v s="$secs" -v n="$n" -v l="$line" 'BEGIN { printf "%-14s %6.1f s  %5.2f photos/s   (%s)\n", h, s, n / s, l }'
done
