# Sourced (POSIX sh or bash) from the project root by the Makefile and the other scripts:
# puts the npm wasm-opt (binaryen 132) first on PATH, then cargo's bin folder. Debian's
# binaryen (wasm-opt 108) builds a WASM that fails at hydration, so it must never win.
QUIRE_ROOT="${QUIRE_ROOT:-$(pwd)}"
export QUIRE_ROOT
PATH="$QUIRE_ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH:/usr/sbin"
export PATH
