#!/usr/bin/env bash
# What the screensaver costs while nothing changes: the real saver under Xvfb 1920x1080
# (release build) in each render group with no widgets (the baseline), a digital clock alone,
# the default widgets as a new user gets them, and pan & scan. After the first photo and a
# settling pause it samples the UI and worker processes' CPU (/proc/PID/stat) and RSS
# (/proc/PID/status) over SECONDS, and counts the frames drawn from the `[PERF] [REST]` lines.
# Then start (first photo) and exit (Esc / SIGTERM -> windows hidden, process gone) times,
# quiet and with two busy loops running: each first start with nothing kept (a new user's
# first start, the baseline), then three with the photo the run before kept for it.
#   bash scripts/bench-rest.sh PHOTO_DIR [SECONDS]     GROUPS_TO_RUN="A B C" to choose groups
#   GROUPS_TO_RUN="" for the start and exit times alone
set -euo pipefail
photos=$(realpath "$1")
seconds=${2:-60}
source "$(dirname "$0")/bench-lib.sh"
export SRPSS_PERF_METRICS=1
log="$work/state/srpss/srpss.log"
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }
worker_pid() { grep -o "$1 worker started: generation [0-9]*, pid [0-9]*" "$log" 2>/dev/null | tail -1 | grep -o '[0-9]*$' || true; }
wait_for() { # needle, seconds
  for _ in $(seq $((${2} * 20))); do grep -q "$1" "$log" 2>/dev/null && return 0; sleep 0.05; done
  return 1
}

base="[sources]\nfolders = [\"$photos\"]\n[timing]\ninterval = 3600\n"
no_widgets=""
digital='[widgets]\nreddit = []\n[[widgets.clocks]]\ndisplay_mode = "digital"\n[widgets.weather.card]\nenabled = false\n[widgets.media.card]\nenabled = false\n[widgets.spotify_visualizer]\nenabled = false\n'
pan='[display]\npan_and_scan = true\n'

echo "$(ls "$photos" | wc -l) photos, ${seconds} s per row, $(date -u +%F)"
printf '%-5s %-14s %9s %9s %9s %9s %9s %9s %9s\n' group widgets ui_cpu% ui_rss_mb frames/s image% feeds% audio% media%
for group in ${GROUPS_TO_RUN-A B C}; do
  for case in none digital defaults pan; do
    rm -rf "$work/state"
    case $case in
      none) extra=$no_widgets env=(SRPSS_WIDGETS=0) ;;
      digital) extra=$digital env=() ;;
      defaults) extra="" env=() ;;
      pan) extra="${pan}" env=(SRPSS_WIDGETS=0) ;;
    esac
    # render_group after [display] (pan & scan has its own [display] table).
    if [ "$case" = pan ]; then
      printf "$base${extra}render_group = \"$group\"\n" > "$work/s.toml"
    else
      printf "$base[display]\nrender_group = \"$group\"\n${extra}" > "$work/s.toml"
    fi
    env "${env[@]}" "$bin" run --config "$work/s.toml" 2>/dev/null & pid=$!
    wait_for "first photo on screen" 30 || { echo "$group $case: no first photo"; kill "$pid"; wait "$pid" || true; continue; }
    sleep 8 # windows placed, widgets faded in, workers settled
    declare -A pids=([ui]=$pid [image]=$(worker_pid image) [feeds]=$(worker_pid feeds) [audio]=$(worker_pid audio) [media]=$(worker_pid media))
    declare -A t0=()
    for k in "${!pids[@]}"; do [ -n "${pids[$k]}" ] && t0[$k]=$(ticks "${pids[$k]}"); done
    rest0=$(grep -c '\[PERF\] \[REST\]' "$log" || true)
    sleep "$seconds"
    declare -A cpu=()
    for k in "${!pids[@]}"; do
      if [ -n "${pids[$k]}" ]; then cpu[$k]=$(awk -v a="${t0[$k]}" -v b="$(ticks "${pids[$k]}")" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.2f", (b - a) * 100 / hz / s }'); else cpu[$k]="-"; fi
    done
    # Frames from the rest lines written during the sample (pan & scan never rests: the
    # whole-run count of frames comes from the summary instead).
    frames=$( (grep '\[PERF\] \[REST\]' "$log" || true) | tail -n +"$((rest0 + 1))" | awk '{ for (i = 1; i <= NF; i++) { if ($i ~ /^frames=/) { split($i, f, "="); n += f[2] } if ($i == "over") s += $(i + 1) } } END { if (s > 0) printf "%.2f", n / s; else print "-" }')
    ui_rss=$(rss "$pid")
    kill -TERM "$pid"; wait "$pid" || true
    if [ "$frames" = "-" ]; then
      frames=$( (grep -o 'idle_frames=[0-9]*' "$log" || true) | tail -1 | cut -d= -f2 | awk -v s="$seconds" 'NF { printf "~%.1f", $1 / (s + 8) }')
    fi
    printf '%-5s %-14s %9s %9s %9s %9s %9s %9s %9s\n' "$group" "$case" "${cpu[ui]}" "$ui_rss" "$frames" "${cpu[image]}" "${cpu[feeds]}" "${cpu[audio]}" "${cpu[media]}"
    pid=""
  done
done

# Start and exit, default settings (fresh state), quiet and under load (two busy loops).
echo
printf '%-6s %-8s %-8s %14s %16s %14s\n' load how start first_photo_ms windows_hidden_ms gone_ms
busy=()
for load in quiet busy; do
  if [ "$load" = busy ]; then for _ in 1 2; do (while :; do :; done) & busy+=($!); done; fi
  for how in esc term; do
    rm -rf "$work/cache"
    for run in 1 2 3 4; do
      rm -rf "$work/state"
      kept=$([ -e "$work/cache/srpss/start/display-0.frame" ] && echo kept || echo nothing)
      printf "[sources]\nfolders = [\"$photos\"]\n" > "$work/s.toml"
      "$bin" run --config "$work/s.toml" 2>/dev/null & pid=$!
      wait_for "first photo on screen" 30 || true
      sleep 2
      first=$( (grep -o 'first photo on screen after [0-9]*' "$log" || true) | grep -o '[0-9]*$' || true)
      t=$(date +%s%N)
      if [ "$how" = esc ]; then xdotool key Escape; else kill -TERM "$pid"; fi
      wait "$pid" || true
      gone=$((($(date +%s%N) - t) / 1000000))
      hidden=$( (grep -o 'windows hidden [0-9]*' "$log" || true) | grep -o '[0-9]*$' || echo "?")
      printf '%-6s %-8s %-8s %14s %16s %14s\n' "$load" "$how" "$kept" "$first" "$hidden" "$gone"
      pid=""
    done
  done
done
if [ ${#busy[@]} -gt 0 ]; then kill "${busy[@]}"; fi
