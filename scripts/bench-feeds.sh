#!/usr/bin/env bash
# Online photos: time from start to the first online photo with a cold cache and with a warm
# one, and the feeds worker's peak memory, against a feed of about 5 MB naming 20 photos of
# 12-24 MP, served on 127.0.0.1 (python3's http.server). Release build, Xvfb 1920x1080.
#   bash scripts/bench-feeds.sh
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cargo build --release -q --locked -p srpss-image --example corpus
www="$work/www"; mkdir -p "$www" "$work/empty"
target/release/examples/corpus "$www" 20 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) & server=$!
trap 'kill $server $pid $xvfb_pid 2>/dev/null || true; rm -rf "$work"' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.1; done
pad=$(head -c 240000 /dev/zero | tr '\0' 'x')
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>'
  for f in "$www"/photo-*.jpg; do
    n=$(basename "$f")
    echo "<item><title>$n</title><description>$pad</description><enclosure url=\"http://127.0.0.1:$port/$n\" type=\"image/jpeg\"/></item>"
  done
  echo '</channel></rss>'
} > "$www/feed.xml"
echo "feed: $(du -h "$www/feed.xml" | cut -f1), 20 photos $(du -ch "$www"/photo-*.jpg | tail -1 | cut -f1)"
printf '[sources]\nfolders = ["%s"]\nrss_feeds = ["http://127.0.0.1:%s/feed.xml"]\n[timing]\ninterval = 60\n' "$work/empty" "$port" > "$work/s.toml"
log="$work/state/srpss/srpss.log"
export SRPSS_PERF_METRICS=1
run() {
  rm -f "$log"
  "$bin" run --config "$work/s.toml" & pid=$!
  until grep -q "$1" "$log" 2>/dev/null; do sleep 0.1; done
  sleep 8  # let the worker fetch all 20
  wpid=$(pgrep -f "srpss worker feeds" | head -1)
  peak=$(awk '/VmHWM/ {print $2/1024 " MiB"}' "/proc/$wpid/status" 2>/dev/null || echo "?")
  xdotool key Escape; wait "$pid" || true; pid=""
  echo "$2: $(grep -o 'online_tick_max=[0-9.]*ms' "$log" | head -1); $(grep -o 'first online photos ([0-9]*) after [0-9]* ms' "$log" | head -1); first photo: $(grep -o 'first photo on screen after [0-9]* ms' "$log" | head -1); feeds worker peak $peak"
}
export XDG_CACHE_HOME="$work/cache"
run "first online photos" "cold cache"
run "first online photos" "warm cache"
