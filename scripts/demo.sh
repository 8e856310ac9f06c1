#!/usr/bin/env bash
# The one demo command (README): installs what is missing, builds, and runs the whole stack
# on this machine: record store (embedded PGlite, data in .rig/demo-db), the dev PBX
# (Kamailio), the workstation (Electron when its binary is present, else the browser) and
# the caller simulator. Ctrl+C stops everything. Works from a fresh clone: it creates every
# folder it writes to and says what it is doing at each step (a first start takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> demo [%s] %s\n' "$1" "$2"; }
t0=$(date +%s)

# Before anything slow: a port another program (or an earlier demo) holds would only fail
# after the builds and the seed, so check first and say which variable moves it.
step 1/6 'checking the ports the demo listens on'
if command -v node >/dev/null 2>&1; then
  node scripts/demo-ports.mjs
else
  echo 'Node.js is not installed: install Node.js 20.19 or newer (with npm), then run this again.' >&2
  exit 1
fi

step 2/6 'checking system packages (chromium, kamailio, ...; installed with apt-get only when missing)'
bash scripts/ensure-system-deps.sh

step 3/6 'checking npm packages (npm ci from the lockfile only when node_modules is missing or older; a first install takes a few minutes)'
bash scripts/ensure-node-deps.sh
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

step 4/6 'building the workstation (web renderer) and the caller simulator (about a minute)'
npx vite build -c vite.web.config.ts --logLevel warn
npx vite build -c test/rig/caller/vite.config.ts --logLevel warn

# Seed the demo database once (org tree, users, templates, synthetic freeze records, demo
# warnings). It is idempotent, but reopening PGlite costs seconds, so later starts skip it;
# delete .rig/demo-db (and .rig/demo-db.seeded) to seed again. An interrupted first seed
# leaves no marker, so the next start finishes it.
mkdir -p .rig
if [ ! -d .rig/demo-db ] || [ ! -f .rig/demo-db.seeded ]; then
  step 5/6 "seeding the demo database in .rig/demo-db (${DEMO_FREEZE_RECORDS:-100000} synthetic freeze records; first start only, about a minute)"
  env -u DATABASE_URL PGLITE_DIR=.rig/demo-db node --import tsx server/seed.ts --freeze "${DEMO_FREEZE_RECORDS:-100000}"
  date -u +%FT%TZ > .rig/demo-db.seeded
else
  step 5/6 "reusing the seeded demo database in .rig/demo-db (seeded $(cat .rig/demo-db.seeded 2>/dev/null || echo earlier); delete .rig/demo-db to seed again)"
fi

step 6/6 "starting the record store, the PBX and the web pages (prepared in $(( $(date +%s) - t0 )) s)"
exec node --import tsx scripts/demo.ts "$@"
