#!/usr/bin/env bash
# `make size`: builds for release, then prints what a first visit to each page transfers
# (end2end/size.mjs, in Chromium; fails when a page is over its brotli budget) and what
# weighs most in the WebAssembly (twiggy, installed from crates.io if missing).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh
source scripts/env.sh
if [[ -z "${QUIRE_SIZE_SKIP_BUILD:-}" ]]; then
  say "release build"
  scripts/build_release.sh
fi

say "bytes per first visit"
status=0
node end2end/size.mjs || status=$?

if [[ -z "${QUIRE_SIZE_SKIP_TWIGGY:-}" ]]; then
  if ! command -v twiggy >/dev/null; then
    say "installing twiggy"
    cargo install twiggy --locked
  fi
  # The module as wasm-bindgen leaves it, optimized like the shipped one but keeping its
  # names, so twiggy can say what is what (the build splits it into chunks afterwards).
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  wasm-bindgen --target web --out-dir "$work" target/front/wasm32-unknown-unknown/wasm-release/quire.wasm
  wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int "$work/quire_bg.wasm" -o "$work/named.wasm"
  say "the WebAssembly by crate (all islands together, before splitting)"
  twiggy top -n 1000000 --format csv "$work/named.wasm" | python3 scripts/twiggy_crates.py
  say "its heaviest functions"
  twiggy top -n 20 "$work/named.wasm"
fi
exit "$status"
