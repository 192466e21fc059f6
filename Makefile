# The two commands the README names, plus a few conveniences. Recipes run under bash, the
# shell the scripts are written for (make's default /bin/sh is dash on Debian).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.PHONY: run test setup seed watch bench size lighthouse

## Install what is missing, build for release, serve on http://127.0.0.1:3000 with demo data.
run:
	scripts/run.sh

## Every check and test (fmt, clippy, Rust tests, PostgreSQL when configured, Playwright).
test:
	scripts/test.sh

## Only install the toolchain pieces and npm packages.
setup:
	scripts/setup.sh

## Add the demo data to the configured store.
seed:
	cargo run --features ssr --bin quire -- seed

## Rebuild and reload while editing.
watch:
	scripts/setup.sh && . scripts/env.sh && cargo leptos watch

## Performance figures: /posts idle and during a log-in flood (release build, wrk).
bench:
	scripts/bench.sh

## Bytes a first visit to each page transfers (fails over the budget), and the WASM's weight.
size:
	scripts/size.sh

## Lighthouse scores (mobile) of the public pages, median of three runs; not part of the tests.
lighthouse:
	scripts/lighthouse.sh
