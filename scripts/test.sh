#!/usr/bin/env bash
# The one test command (README): lint, type-check, unit and integration tests (PGlite and a
# real PostgreSQL), the builds, and the end-to-end suite with real Kamailio, Chromium and
# WebRTC inside a loopback-only network namespace. Every stage runs; the exit code is
# non-zero if any failed. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
mkdir -p reports
rm -f reports/*.json
failed_stages=()

stage() {
  local name=$1
  shift
  local t0=$(date +%s)
  echo "::: ${name}"
  if "$@"; then
    echo "::: ${name} ok ($(( $(date +%s) - t0 )) s)"
  else
    echo "::: ${name} FAILED ($(( $(date +%s) - t0 )) s)"
    failed_stages+=("$name")
  fi
}

stage "system packages" bash scripts/ensure-system-deps.sh || true
stage "npm dependencies" bash scripts/ensure-node-deps.sh
if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "cannot continue without dependencies: ${failed_stages[*]}"
  exit 1
fi
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

stage "lint" npx eslint --max-warnings 0 .
stage "type-check" npm run --silent typecheck
stage "build (web renderer, caller simulator, electron main/preload/renderer)" bash -c 'npx vite build -c vite.web.config.ts --logLevel warn && npx vite build -c test/rig/caller/vite.config.ts --logLevel warn && npx electron-vite build --logLevel warn'
stage "unit and integration tests (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json
# The e2e stage includes the demo smoke test (test/e2e/demo-smoke.spec.ts): the README's
# `bash scripts/demo.sh` run from a git clone of HEAD, one answered call, then Ctrl+C.
stage "end-to-end tests (Playwright, Chromium, Kamailio, loopback netns; with the demo smoke test)" bash scripts/in-netns.sh npx playwright test
stage "real-Electron suite" npx playwright test -c playwright.electron.config.ts
node scripts/test-summary.mjs "$started" "${failed_stages[@]}"
