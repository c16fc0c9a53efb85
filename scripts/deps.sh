#!/usr/bin/env bash
# Installs the system packages SRPSS needs, only those missing. The one list of them.
#   bash scripts/deps.sh        what running the screensaver needs (and building it)
#   bash scripts/deps.sh test   that, plus what the tests need (Xvfb, Xorg dummy, xdotool, ImageMagick, D-Bus,
#                               the screensaver hosts)
#
# Other distributions, the same things by their names:
#   Fedora:  dnf install gcc cmake nasm pkgconf fontconfig-devel libxkbcommon-devel libxkbcommon-x11 alsa-lib-devel \
#            mesa-libGL mesa-libEGL mesa-dri-drivers dejavu-sans-fonts
#            (tests: xorg-x11-server-Xvfb xorg-x11-server-Xorg xorg-x11-drv-dummy xrandr xdotool ImageMagick dbus-daemon)
#   Arch:    pacman -S base-devel cmake nasm pkgconf fontconfig libxkbcommon libxkbcommon-x11 alsa-lib mesa ttf-dejavu
#            (tests: xorg-server-xvfb xorg-server xf86-video-dummy xorg-xrandr xdotool imagemagick dbus)
set -euo pipefail

run_pkgs=(
  gcc cmake nasm pkg-config libfontconfig1-dev libfontconfig1 libxkbcommon-dev libxkbcommon-x11-0
  libx11-xcb1 libxcursor1 libxrandr2 libxi6 libgl1 libegl1 libegl-mesa0 libgl1-mesa-dri fonts-dejavu-core
  libasound2-dev
)
# The screensaver hosts run for real in the tests (hosts.rs): XScreenSaver, XSecureLock, xss-lock.
test_pkgs=(xvfb xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils xauth xdotool imagemagick x11-utils dbus
  xscreensaver xscreensaver-data xsecurelock xss-lock python3-dbusmock passwd
  sway swayidle grim wtype wayland-utils)

want=("${run_pkgs[@]}")
if [ "${1:-}" = "test" ]; then
  want+=("${test_pkgs[@]}")
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: not a Debian/Ubuntu system; install the equivalents listed at the top of $0" >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
