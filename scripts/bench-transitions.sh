#!/usr/bin/env bash
# Frame intervals of each transition type per render group at 1920x1080 under Xvfb (release
# build, Mesa llvmpipe for groups A (forced) and B, Slint's software renderer for group C), from
# the [PERF] lines: ROUNDS transitions of each type, 2 s each, one change every 3 s. Group A
# runs all twelve types, B and C the five they draw themselves.
#   GROUPS_TO_RUN="A B C" TYPES="Crossfade Wipe" bash scripts/bench-transitions.sh PHOTO_DIR
#   bash scripts/bench-transitions.sh PHOTO_DIR [ROUNDS]
set -euo pipefail
photos=$(realpath "$1")
rounds=${2:-4}
source "$(dirname "$0")/bench-lib.sh"
export SRPSS_PERF_METRICS=1
log="$work/state/srpss/srpss.log"
count() { local n; n=$(grep -c '\[PERF\] \[TRANSITION\]' "$log" 2>/dev/null) || true; echo "${n:-0}"; }
echo "type group transitions avg_fps mean_p50_ms worst_p95_ms worst_p99_ms worst_max_ms ui_tick_avg_ms ui_render_avg_ms"
for group in ${GROUPS_TO_RUN:-B C}; do
  if [ "$group" = A ]; then
    all="Crossfade Slide Wipe Diffuse Blinds Peel Block_Puzzle_Flip 3D_Block_Spins Ripple Warp_Dissolve Crumble Particle"
  else
    all="Crossfade Slide Wipe Diffuse Blinds"
  fi
  for type in ${TYPES:-$all}; do
    type=${type//_/ }
    rm -f "$log"
    printf '[sources]\nfolders = ["%s"]\n[timing]\ninterval = 3\n[display]\nrender_group = "%s"\n[transitions]\ntype = "%s"\nrandom_always = false\n[transitions.durations]\n"%s" = 2000\n' \
      "$photos" "$group" "$type" "$type" > "$work/s.toml"
    "$bin" run --config "$work/s.toml" & pid=$!
    while [ "$(count)" -lt $((rounds + 1)) ]; do sleep 0.2; done
    xdotool key Escape; wait "$pid" || true; pid=""
    # The first change shows the first photo; the rest are transitions.
    grep '\[PERF\] \[TRANSITION\]' "$log" | tail -n "$rounds" | awk -v t="${type// /_}" -v g="$group" '
      { match($0, /avg_fps=[0-9.]+/); f += substr($0, RSTART + 8, RLENGTH - 8)
        match($0, /dt_p50=[0-9.]+/); m5 += substr($0, RSTART + 7, RLENGTH - 7)
        match($0, /dt_p95=[0-9.]+/); p = substr($0, RSTART + 7, RLENGTH - 7) + 0; if (p > wp) wp = p
        match($0, /dt_p99=[0-9.]+/); q = substr($0, RSTART + 7, RLENGTH - 7) + 0; if (q > wq) wq = q
        match($0, /dt_max=[0-9.]+/); m = substr($0, RSTART + 7, RLENGTH - 7) + 0; if (m > wm) wm = m
        match($0, /ui_tick_avg=[0-9.]+/); tk += substr($0, RSTART + 12, RLENGTH - 12)
        match($0, /ui_render_avg=[0-9.]+/); rd += substr($0, RSTART + 14, RLENGTH - 14); n++ }
      END { printf "%s %s %d %.1f %.1f %.1f %.1f %.1f %.2f %.2f\n", t, g, n, f / n, m5 / n, wp, wq, wm, tk / n, rd / n }'
  done
done
