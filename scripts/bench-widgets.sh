#!/usr/bin/env bash
# What the overlay widgets cost the UI thread, at 1920x1080 under Xvfb (release build, group B
# on Mesa llvmpipe, and group C on Slint's software renderer): ROUNDS Crossfade transitions of
# 2 s, one change every 5 s (3 s of stillness between), with
#   none    - no widgets (the baseline, same run)
#   digital - one digital clock with seconds (ticks once a second)
#   all     - analog clock with a smooth second hand, two digital clocks, weather, two Reddit
#             cards (saved data), dimming and pixel shift
# From the [PERF] lines: renderer time per frame during transitions, our animation tick,
# the widget layer's time per poll tick, and frames drawn per second when nothing moves.
#   bash scripts/bench-widgets.sh PHOTO_DIR [ROUNDS]
#   GROUPS_TO_RUN=B SETS=all bash scripts/bench-widgets.sh PHOTO_DIR
set -euo pipefail
photos=$(realpath "$1")
rounds=${2:-4}
source "$(dirname "$0")/bench-lib.sh"
export SRPSS_PERF_METRICS=1
log="$work/state/srpss/srpss.log"
mkdir -p "$work/state/srpss"
now=$(date +%s)
printf '{"place":"Johannesburg","temperature_c":23.4,"weather_code":2,"humidity":40,"wind_kmh":9,"tomorrow_min_c":12.2,"tomorrow_max_c":25.1,"tomorrow_code":61,"fetched_unix":%s}' "$now" > "$work/state/srpss/weather.json"
item() { printf '{"title":"Headline number %s with a reasonably long title","url":"https://www.reddit.com/r/x/%s","created_unix":%s}' "$1" "$1" "$((now - $1 * 600))"; }
printf '[{"subreddit":"All","fetched_unix":%s,"items":[%s,%s,%s,%s]},{"subreddit":"Games","fetched_unix":%s,"items":[%s,%s,%s,%s]}]' \
  "$now" "$(item 1)" "$(item 2)" "$(item 3)" "$(item 4)" "$now" "$(item 5)" "$(item 6)" "$(item 7)" "$(item 8)" > "$work/state/srpss/headlines.json"
# Nothing is fetched: the loopback port answers nothing, the saved data is shown.
export SRPSS_OPEN_METEO_GEOCODE=http://127.0.0.1:9/g SRPSS_OPEN_METEO_FORECAST=http://127.0.0.1:9/f SRPSS_REDDIT_URL=http://127.0.0.1:9
count() { local n; n=$(grep -c '\[PERF\] \[TRANSITION\]' "$log" 2>/dev/null) || true; echo "${n:-0}"; }
none='[widgets]
clocks = []
reddit = []
[widgets.weather.card]
enabled = false'
digital='[widgets]
reddit = []
[widgets.weather.card]
enabled = false
[[widgets.clocks]]
display_mode = "digital"'
all='[accessibility.dimming]
enabled = true
[accessibility.pixel_shift]
enabled = true
rate = 5
[[widgets.clocks]]
[[widgets.clocks]]
display_mode = "digital"
timezone = "Asia/Tokyo"
[widgets.clocks.card]
position = "Bottom Left"
show_background = true
font_size = 32
[[widgets.clocks]]
display_mode = "digital"
timezone = "UTC-3:30"
[widgets.clocks.card]
position = "Bottom Left"
font_size = 32'
echo "group widgets transitions ui_render_avg_ms ui_render_max_ms ui_tick_avg_ms widget_tick_avg_ms widget_tick_max_ms idle_fps"
for group in ${GROUPS_TO_RUN:-B C}; do
  for set in ${SETS:-none digital all}; do
    rm -f "$log"
    printf '[sources]\nfolders = ["%s"]\n[timing]\ninterval = 5\n[display]\nrender_group = "%s"\n[transitions]\ntype = "Crossfade"\nrandom_always = false\n[transitions.durations]\nCrossfade = 2000\n%s\n' \
      "$photos" "$group" "${!set}" > "$work/s.toml"
    "$bin" run --config "$work/s.toml" & pid=$!
    while [ "$(count)" -lt $((rounds + 1)) ]; do sleep 0.2; done
    sleep 2.5
    xdotool key Escape; wait "$pid" || true; pid=""
    summary=$(grep '\[PERF\] Summary' "$log" | tail -n1)
    grep '\[PERF\] \[TRANSITION\]' "$log" | tail -n "$rounds" | awk -v g="$group" -v w="$set" -v s="$summary" '
      { match($0, /ui_render_avg=[0-9.]+/); rd += substr($0, RSTART + 14, RLENGTH - 14)
        match($0, /ui_render_max=[0-9.]+/); m = substr($0, RSTART + 14, RLENGTH - 14) + 0; if (m > rm) rm = m
        match($0, /ui_tick_avg=[0-9.]+/); tk += substr($0, RSTART + 12, RLENGTH - 12); n++ }
      END { match(s, /widget_tick_avg=[0-9.]+/); wa = substr(s, RSTART + 16, RLENGTH - 16)
            match(s, /widget_tick_max=[0-9.]+/); wm = substr(s, RSTART + 16, RLENGTH - 16)
            match(s, /idle_fps=[0-9.]+/); idle = substr(s, RSTART + 9, RLENGTH - 9)
            printf "%s %s %d %.2f %.2f %.2f %s %s %s\n", g, w, n, rd / n, rm, tk / n, wa, wm, idle }'
  done
done
