#!/usr/bin/env bash
# Installs npm dependencies from the lockfile when node_modules is missing or older than it.
# The Electron binary cannot be downloaded everywhere; the npm package works without it.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
