#!/bin/bash
# Set-up for the side-by-side benchmark (bench/xbench.py), and for it only: `make test` and
# `make run` never need any of this.
#
#   bash bench/setup.sh           # installs what is missing, then says what it found
#
# - Debian packages (apt-get, as root or through sudo): the X server (Xvfb), a window manager
#   that makes full-screen windows really cover the screen (matchbox), libX11 for the
#   screenshot probe, the X libraries Qt's xcb platform needs, Chromium and the fonts its deck uses.
# - reveal.js from npm, into bench/node_modules (ignored by git), for bench/deck.html.
# - psutil into the project's .venv (the `bench` extra of pyproject.toml).
# Idempotent: each step is skipped when its result is there. Every step is bounded in time.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
REVEAL_VERSION="${REVEAL_VERSION:-6.0.2}"

PKGS="xvfb matchbox-window-manager libx11-6 xauth chromium fonts-dejavu-core fonts-liberation
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1
  libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libegl1 libgl1"
# shellcheck disable=SC2086
if ! dpkg -s $PKGS >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      echo "bench/setup.sh: missing Debian packages; run as root:" >&2
      echo "  apt-get update && apt-get install -y --no-install-recommends $(echo $PKGS)" >&2
      exit 1
    fi
  fi
  echo "bench/setup.sh: installing Debian packages (a few minutes the first time)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 $SUDO apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  timeout 1200 $SUDO apt-get install -y -q --no-install-recommends $PKGS >/dev/null
fi

if [ ! -f "$HERE/node_modules/reveal.js/dist/reveal.js" ]; then
  command -v npm >/dev/null || { echo "bench/setup.sh: npm is missing (apt-get install npm)" >&2; exit 1; }
  echo "bench/setup.sh: npm install reveal.js@$REVEAL_VERSION into bench/node_modules..." >&2
  # --prefix keeps it in bench/; --no-save and --no-package-lock leave no package files behind.
  timeout 300 npm install --prefix "$HERE" --no-save --no-package-lock --no-audit --no-fund \
    "reveal.js@$REVEAL_VERSION" >/dev/null
fi

if [ -x "$ROOT/.venv/bin/python" ] && ! "$ROOT/.venv/bin/python" -c 'import psutil' 2>/dev/null; then
  echo "bench/setup.sh: installing the bench extra (psutil) into .venv..." >&2
  timeout 600 "$ROOT/.venv/bin/pip" install --quiet -e "$ROOT[bench]"
fi

echo "bench/setup.sh: Xvfb $(dpkg-query -W -f='${Version}' xvfb 2>/dev/null); $(chromium --version 2>/dev/null);" \
  "reveal.js $(node -p "require('$HERE/node_modules/reveal.js/package.json').version" 2>/dev/null || echo '?')" >&2
