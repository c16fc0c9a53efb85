#!/usr/bin/env bash
# Time from `srpss run` to the first photo on screen, under Xvfb, release build, for folders of
# 10 (the baseline), 1,000 and 100,000 photos. Prints the median of RUNS starts per folder.
#   bash scripts/bench-startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bash scripts/deps.sh test
cargo build --release -q
bin=$PWD/target/release/srpss
work=$(mktemp -d)
xvfb_pid=""
trap 'kill $xvfb_pid 2>/dev/null || true; rm -rf "$work"' EXIT

# One 12-megapixel photo-like JPEG, symlinked under many names (same decode cost as distinct files).
"$bin" render --size 4000x3000 --folder "$work/none" --seed 3 -o "$work/photo.png" 2>/dev/null
convert "$work/photo.png" -quality 90 "$work/photo.jpg"
for n in 10 1000 100000; do
  mkdir -p "$work/f$n"
  for ((i = 0; i < n; i++)); do ln -s "$work/photo.jpg" "$work/f$n/p$i.jpg"; done
done

exec 3< <(Xvfb -screen 0 1920x1080x24 -nolisten tcp -displayfd 1 2>/dev/null)
read -r disp <&3
xvfb_pid=$(pgrep -n Xvfb)
export DISPLAY=":$disp" XDG_CONFIG_HOME="$work/cfg" XDG_STATE_HOME="$work/state"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(glxinfo -B 2>/dev/null | grep -m1 'renderer string' | cut -d: -f2 | xargs || echo 'GL renderer unknown')"
for n in 10 1000 100000; do
  printf '[sources]\nfolders = ["%s"]\n' "$work/f$n" > "$work/s$n.toml"
  times=()
  for ((r = 0; r < runs; r++)); do
    rm -f "$work/state/srpss/srpss.log"
    "$bin" run --config "$work/s$n.toml" & pid=$!
    for _ in $(seq 200); do
      grep -q "first photo on screen" "$work/state/srpss/srpss.log" 2>/dev/null && break
      sleep 0.05
    done
    xdotool key Escape; wait $pid || true
    times+=("$(grep -o 'first photo on screen after [0-9]*' "$work/state/srpss/srpss.log" | grep -o '[0-9]*$')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "photos=$n first_photo_ms median=$median all=[ $sorted]"
done
