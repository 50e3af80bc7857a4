#!/usr/bin/env bash
# Install the Debian chromium used by the real-browser tests (tests/browser/).
#
# Idempotent: does nothing when /usr/bin/chromium already exists. Uses apt-get
# only; never runs `playwright install` (its CDN is not reachable offline).
# Needs root (or sudo). Python side: `pip install playwright` (in .[dev]).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "error: need root (or sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
