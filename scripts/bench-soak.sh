#!/usr/bin/env bash
# Memory over a long slideshow: RSS of the UI process and of the image worker while `srpss run`
# changes photos every second under Xvfb (release build), sampled every 10 changes, until
# CHANGES changes. Growth is measured from change 100 (after the frame cache has filled).
#   bash scripts/bench-soak.sh PHOTO_DIR [CHANGES]
# PHOTO_DIR: e.g. 200 photos from `cargo run --release -p srpss-image --example corpus -- DIR 200`
set -euo pipefail
cd "$(dirname "$0")/.."
photos=$(realpath "$1")
changes=${2:-1000}
bash scripts/deps.sh test
cargo build --release -q --locked
bin=$PWD/target/release/srpss
work=$(mktemp -d)
xvfb_pid="" pid=""
trap 'kill $pid $xvfb_pid 2>/dev/null || true; rm -rf "$work"' EXIT

exec 3< <(Xvfb -screen 0 1920x1080x24 -nolisten tcp -displayfd 1 2>/dev/null)
read -r disp <&3
xvfb_pid=$(pgrep -n Xvfb)
export DISPLAY=":$disp" XDG_CONFIG_HOME="$work/cfg" XDG_STATE_HOME="$work/state" SRPSS_PERF_METRICS=1
printf '[sources]\nfolders = ["%s"]\n[timing]\ninterval = 1\n[transitions]\nduration_ms = 300\n' "$photos" > "$work/s.toml"
log="$work/state/srpss/srpss.log"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(ls "$photos" | wc -l) photos"
"$bin" run --config "$work/s.toml" & pid=$!
echo "changes ui_rss_kib worker_rss_kib"
next=10 warm_ui="" warm_worker=""
while kill -0 "$pid" 2>/dev/null; do
  n=$(grep -c '\[PERF\] \[TRANSITION\]' "$log" 2>/dev/null || true)
  if [ "${n:-0}" -ge "$next" ]; then
    worker=$(grep -o 'image worker started: generation [0-9]*, pid [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    ui=$(rss "$pid") wk=$(rss "$worker")
    echo "$n $ui $wk"
    if [ "$next" -eq 100 ]; then warm_ui=$ui warm_worker=$wk; fi
    if [ "$n" -ge "$changes" ]; then break; fi
    next=$((next + 10))
  fi
  sleep 0.5
done
xdotool key Escape; wait "$pid" || true
restarts=$(grep -c 'worker lost' "$log" || true)
echo "warm (change 100): ui ${warm_ui} KiB, worker ${warm_worker} KiB; end: ui ${ui} KiB, worker ${wk} KiB"
awk -v a="$warm_ui" -v b="$ui" -v c="$warm_worker" -v d="$wk" 'BEGIN { printf "growth after warm-up: ui %+.1f%%, worker %+.1f%%\n", (b-a)*100/a, (d-c)*100/c }'
echo "worker restarts: $restarts"
grep '\[PERF\] Summary' "$log" || true
