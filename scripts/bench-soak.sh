#!/usr/bin/env bash
# Memory over a long slideshow: RSS of the UI process and of the image worker while `srpss run`
# changes photos under Xvfb (release build), sampled every 10 changes, until CHANGES changes.
# Settings as a new user gets them (the default widgets, transition pool, durations and render
# group) except the interval: 1 s after each transition ends. Growth compares changes 100-200
# with the last 100.
#   bash scripts/bench-soak.sh PHOTO_DIR [CHANGES]
# PHOTO_DIR: e.g. 200 photos from `cargo run --release -p srpss-image --example corpus -- DIR 200`
set -euo pipefail
photos=$(realpath "$1")
changes=${2:-1000}
source "$(dirname "$0")/bench-lib.sh"
export SRPSS_PERF_METRICS=1
printf '[sources]\nfolders = ["%s"]\n[timing]\ninterval = 1\n' "$photos" > "$work/s.toml"
log="$work/state/srpss/srpss.log"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

echo "$(ls "$photos" | wc -l) photos"
"$bin" run --config "$work/s.toml" & pid=$!
echo "changes ui_rss_kib worker_rss_kib"
next=10
while kill -0 "$pid" 2>/dev/null; do
  n=$(grep -c '\[PERF\] \[TRANSITION\]' "$log" 2>/dev/null || true)
  if [ "${n:-0}" -ge "$next" ]; then
    worker=$(grep -o 'image worker started: generation [0-9]*, pid [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    ui=$(rss "$pid") wk=$(rss "$worker")
    echo "$n $ui $wk" | tee -a "$work/samples"
    if [ "$n" -ge "$changes" ]; then break; fi
    next=$((next + 10))
  fi
  sleep 0.5
done
xdotool key Escape; wait "$pid" || true
restarts=$(grep -c 'worker lost' "$log" || true)
# Growth: the mean and the peak of the first 100 changes after warm-up against the last 100
# (single samples swing by a few frames' worth as the cache turns over).
awk -v end="$changes" 'NF == 3 && $1 ~ /^[0-9]+$/ {
    if ($1 >= 100 && $1 <= 200) { a += $2; na++; if ($2 > am) am = $2; c += $3; if ($3 > cm) cm = $3 }
    if ($1 >= end - 100) { b += $2; nb++; if ($2 > bm) bm = $2; d += $3; if ($3 > dm) dm = $3 } }
  END { printf "ui: changes 100-200 mean %d KiB (peak %d), last 100 mean %d KiB (peak %d): %+.1f%% (peak %+.1f%%)\n", a/na, am, b/nb, bm, (b/nb-a/na)*100/(a/na), (bm-am)*100/am
        printf "worker: changes 100-200 mean %d KiB, last 100 mean %d KiB: %+.1f%%\n", c/na, d/nb, (d/nb-c/na)*100/(c/na) }' "$work/samples"
echo "worker restarts: $restarts"
grep '\[PERF\] Summary' "$log" || true
