#!/usr/bin/env bash
# The one demo command (README): installs what is missing, builds, and runs the whole stack
# on this machine: record store (embedded PGlite, data in .rig/demo-db), the dev PBX
# (Kamailio), the workstation (Electron when its binary is present, else the browser) and
# the caller simulator. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-node-deps.sh
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npx vite build -c vite.web.config.ts --logLevel warn
npx vite build -c test/rig/caller/vite.config.ts --logLevel warn
# Seed the demo database once (npm run seed: org tree, users, templates, 100k synthetic freeze
# records, demo warnings; about 20 s). It is idempotent, but reopening PGlite costs seconds, so
# later starts skip it; delete .rig/demo-db (or the marker) to seed again.
if [ ! -d .rig/demo-db ] || [ ! -f .rig/demo-db.seeded ]; then
  env -u DATABASE_URL PGLITE_DIR=.rig/demo-db node --import tsx server/seed.ts --freeze "${DEMO_FREEZE_RECORDS:-100000}"
  touch .rig/demo-db.seeded
fi
exec node --import tsx scripts/demo.ts "$@"
