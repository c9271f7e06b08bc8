#!/usr/bin/env bash
# Set up crmdesk on a fresh Debian/Ubuntu machine: system libraries Qt needs
# (when run as root, or with sudo available), then a virtualenv in .venv with
# crmdesk and its test tools installed.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="python3 python3-venv ca-certificates libglib2.0-0 libegl1 libgl1 libfontconfig1
  libfreetype6 libxkbcommon0 libdbus-1-3 libx11-6 fonts-dejavu-core fonts-wqy-microhei poppler-utils
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth strace"

if command -v apt-get >/dev/null 2>&1; then
  missing=$(for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "Installing system packages: $(echo $missing)"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev,build]"
