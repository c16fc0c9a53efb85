#!/usr/bin/env bash
# The UI thread's longest frame interval while the image worker is killed and restarted in the
# middle of a crossfade, beside the same figure for crossfades without a kill (same run).
# Release build under Xvfb; [PERF] lines give each transition's frame intervals.
#   bash scripts/bench-restart-stall.sh PHOTO_DIR [KILLS]
set -euo pipefail
photos=$(realpath "$1")
kills=${2:-5}
source "$(dirname "$0")/bench-lib.sh"
export SRPSS_PERF_METRICS=1
# 3 s interval with 2 s crossfades: a kill 1.3 s after a crossfade ends lands inside the next.
printf '[sources]\nfolders = ["%s"]\n[timing]\ninterval = 3\n[transitions]\ntype = "Crossfade"\nrandom_always = false\nduration_ms = 2000\n[transitions.durations]\nCrossfade = 2000\n' "$photos" > "$work/s.toml"
log="$work/state/srpss/srpss.log"
count() { local n; n=$(grep -c '\[PERF\] \[TRANSITION\]' "$log" 2>/dev/null) || true; echo "${n:-0}"; }
wait_count() { while [ "$(count)" -lt "$1" ]; do sleep 0.02; done; }

"$bin" run --config "$work/s.toml" & pid=$!
wait_count 3
killed=()
for ((k = 0; k < kills; k++)); do
  n=$(count)
  wait_count $((n + 1))        # a crossfade just ended
  wait_count $((n + 2))        # and one without a kill (baseline)
  sleep 1.3                    # inside the next one
  worker=$(grep -o 'image worker started: generation [0-9]*, pid [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  kill -9 "$worker"
  killed+=($((n + 3)))
  wait_count $((n + 3))
  sleep 3                      # back before the next round
done
xdotool key Escape; wait "$pid" || true
grep '\[PERF\] \[TRANSITION\]' "$log" | awk -v k="${killed[*]}" '
  BEGIN { split(k, a, " "); for (i in a) kill[a[i]] = 1 }
  { n++; match($0, /dt_max=[0-9.]+/); v = substr($0, RSTART + 7, RLENGTH - 7) + 0
    match($0, /dt_p95=[0-9.]+/); p = substr($0, RSTART + 7, RLENGTH - 7) + 0
    if (n in kill) { kmax = (v > kmax ? v : kmax); kp = (p > kp ? p : kp); nk++ }
    else if (n > 1) { bmax = (v > bmax ? v : bmax); bp = (p > bp ? p : bp); nb++ } }
  END { printf "crossfades with a worker kill: %d, worst dt_max %.1f ms, worst dt_p95 %.1f ms\n", nk, kmax, kp
        printf "crossfades without:           %d, worst dt_max %.1f ms, worst dt_p95 %.1f ms\n", nb, bmax, bp }'
grep -c 'image worker started' "$log" | sed 's/^/worker starts: /'
