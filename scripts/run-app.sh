#!/usr/bin/env bash
# Set up (first time) and open crmdesk.  On a new, empty database it offers demo data.
# Without a display, the window is rendered offscreen: use --screenshot FILE.png.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/crmdesk ] || scripts/setup.sh
exec .venv/bin/crmdesk "$@"
