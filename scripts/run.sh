#!/usr/bin/env bash
# The README's run command: install what is missing, build for release, then serve on
# http://127.0.0.1:3000 with the embedded SQLite store (data/quire.db, demo data on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

scripts/build_release.sh
# A local run is dev mode unless told otherwise: cookies work on plain http, and without a
# SESSION_SECRET one is generated once in data/ (production refuses to start without it).
export LEPTOS_ENV="${LEPTOS_ENV:-DEV}"
exec ./target/release/quire "$@"
