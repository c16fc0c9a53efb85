#!/usr/bin/env bash
# Type-checks and lints the whole workspace for Windows from Linux (no linking, nothing run):
# the cfg(windows) code (WASAPI loopback, GSMTC, the mixer session volume) must at least
# compile. Needs the Windows target's std and a MinGW C compiler for the C parts (ring,
# libjpeg-turbo). Not part of scripts/test.sh: it downloads the target.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add x86_64-pc-windows-gnu
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
fi
cargo clippy --target x86_64-pc-windows-gnu --workspace -- -D warnings
