#!/usr/bin/env bash
# Installs what building and testing Quire needs, skipping each step that is already done:
# the wasm32 target, cargo-leptos, wasm-bindgen-cli (the exact version Cargo.lock pins),
# the end2end npm packages (Playwright and binaryen's wasm-opt), and Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The test command formats with rustfmt and lints with clippy (its driver as the compiler
# wrapper, scripts/test.sh): a minimal toolchain profile has neither.
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component-"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes)"
  # no_downloads: never fetch tools from the network at build time; we provide them.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked \
    --ignore-rust-version --features no_downloads
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile names a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ ! -x end2end/node_modules/.bin/wasm-opt || ! -d end2end/node_modules/@playwright/test \
  || end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  say "installing the end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund)
fi

# Debian's chromium drives the browser tests; its nginx balances two servers in the
# cluster tests (installed, never started as a service).
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing Debian's ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  # Debian starts the nginx service on install; the tests run their own.
  if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
  pgrep -x nginx >/dev/null && $SUDO nginx -s stop >/dev/null 2>&1 || true
fi
