#!/usr/bin/env bash
# The one release build every script uses: optimized, precompressed, and the WebAssembly
# split per island (`--split` with the `split-islands` feature, which makes each island
# `#[island(lazy)]`; the two only work together, so they are named here once).
# Extra arguments go to cargo-leptos (the tests add the server's `test-hooks` feature).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
exec cargo leptos build --release --precompress --split \
  --lib-features hydrate --lib-features split-islands "$@"
