# Shared set-up for the benchmark scripts (sourced): release build, a temporary work folder,
# an Xvfb server at 1920x1080 on a free display, all torn down on exit.
# Sets: bin, work, DISPLAY, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME; kills $pid (if set)
# on exit.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh test
cargo build --release -q --locked
bin=$PWD/target/release/srpss
work=$(mktemp -d)
xvfb_pid="" pid=""
trap 'kill $pid $xvfb_pid 2>/dev/null || true; rm -rf "$work"' EXIT
exec 3< <(Xvfb -screen 0 1920x1080x24 -nolisten tcp -displayfd 1 2>/dev/null)
read -r disp <&3
xvfb_pid=$(pgrep -n Xvfb)
export DISPLAY=":$disp" XDG_CONFIG_HOME="$work/cfg" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
