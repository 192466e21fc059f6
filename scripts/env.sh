# Sourced by the other scripts: puts the npm wasm-opt (binaryen 132) first on PATH.
# Debian's binaryen (wasm-opt 108) builds a WASM that fails at hydration, so it must never win.
QUIRE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$QUIRE_ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH:/usr/sbin"
