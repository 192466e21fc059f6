#!/usr/bin/env bash
# Part of `make bench`: two Quire servers (release build, production mode) on one
# PostgreSQL database behind Debian's nginx. Prints /posts throughput and p99 through one
# server and through both, and how stale server B's /posts is after a post is written on
# server A (the time until B lists it; p50/p99 over many writes, under load on both).
# Needs a PostgreSQL URL (QUIRE_BENCH_POSTGRES_URL, else QUIRE_TEST_POSTGRES_URL) and a
# release build in target/.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

admin_url="${QUIRE_BENCH_POSTGRES_URL:-${QUIRE_TEST_POSTGRES_URL:-}}"
DURATION="${QUIRE_BENCH_SECONDS:-10}"
CONNECTIONS="${QUIRE_BENCH_CONNECTIONS:-32}"
WRITES="${QUIRE_BENCH_WRITES:-60}"

work=$(mktemp -d)
name="quire_bench_$(date +%s)_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$admin_url" -c "CREATE DATABASE \"$name\"" >/dev/null
port_a=$(free_port); port_b=$(free_port); port_lb=$(free_port)
export DATABASE_URL="${admin_url%/*}/$name" LEPTOS_ENV=PROD LEPTOS_SITE_ROOT="$PWD/target/site" \
  RUST_LOG=warn QUIRE_SITE_ORIGIN="http://127.0.0.1:$port_lb" QUIRE_TRUSTED_PROXIES=127.0.0.1
SESSION_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export SESSION_SECRET
./target/release/quire seed >/dev/null
for port in "$port_a" "$port_b"; do
  LEPTOS_SITE_ADDR="127.0.0.1:$port" ./target/release/quire >"$work/server-$port.log" 2>&1 &
  pids+=($!)
done
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
error_log $work/logs/error.log warn;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  client_max_body_size 2m; client_body_buffer_size 2m;
  upstream quire { server 127.0.0.1:$port_a; server 127.0.0.1:$port_b; keepalive 64; }
  server {
    listen 127.0.0.1:$port_lb;
    location / {
      proxy_pass http://quire; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_buffering off;
    }
  }
}
CONF
PATH="$PATH:/usr/sbin" nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
pids+=($!)
for port in "$port_a" "$port_b" "$port_lb"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done

p99() { awk '/^ +99%/ { print $2 }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
wrk -t2 -c4 -d2s "http://127.0.0.1:$port_a/posts" >/dev/null
wrk -t2 -c4 -d2s "http://127.0.0.1:$port_b/posts" >/dev/null

say "/posts through one server (${DURATION}s, $CONNECTIONS connections)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port_a/posts" | tee "$work/one.txt"
say "/posts through nginx, two servers"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port_lb/posts" | tee "$work/two.txt"

say "staleness: $WRITES posts written on A, each timed until B lists it, under load"
wrk -t1 -c16 -d600s "http://127.0.0.1:$port_lb/posts" >/dev/null 2>&1 &
load=$!
python3 - "$port_a" "$port_b" "$WRITES" "$port_lb" >"$work/stale.txt" <<'PY'
import http.client, re, statistics, sys, time, urllib.parse
port_a, port_b, writes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data
_, page = request(port_a, "GET", "/login", headers={"Accept-Encoding": "identity"})
login = re.search(rb'action="(/api/login[^"]*)"', page).group(1).decode()
form = urllib.parse.urlencode({"email": "ada@quire.test", "password": "User123!x"})
# The servers' site origin is the load balancer's.
origin = f"http://127.0.0.1:{sys.argv[4]}"
json_headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                "Origin": origin}
response, _ = request(port_a, "POST", login, form, json_headers)
cookie = [v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith("session=")][0].split(";")[0]
_, page = request(port_a, "GET", "/posts/new", headers={"Cookie": cookie, "Accept-Encoding": "identity"})
create = re.search(rb'action="(/api/create_post[^"]*)"', page).group(1).decode()
delays = []
for n in range(writes):
    title = f"Staleness probe {n} {time.time_ns()}"
    request(port_b, "GET", "/posts")  # B has the list cached
    body = urllib.parse.urlencode({"title": title, "content": "Probe."})
    response, _ = request(port_a, "POST", create, body, {**json_headers, "Cookie": cookie})
    assert response.status == 200, response.status
    written = time.monotonic()
    while True:
        _, page = request(port_b, "GET", "/posts", headers={"Accept-Encoding": "identity"})
        if title.encode() in page:
            delays.append((time.monotonic() - written) * 1000)
            break
        if time.monotonic() - written > 10:
            delays.append(10_000)
            break
delays.sort()
p = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
print(f"{p(0.5):.1f} {p(0.99):.1f} {max(delays):.1f}")
PY
kill "$load" 2>/dev/null || true
read -r stale_p50 stale_p99 stale_max <"$work/stale.txt"

cat <<SUMMARY

Two servers on PostgreSQL ($(nproc) cores, release build, production mode, wrk -c$CONNECTIONS ${DURATION}s)
  /posts, one server:          $(rps "$work/one.txt") req/s, p99 $(p99 "$work/one.txt")
  /posts, two behind nginx:    $(rps "$work/two.txt") req/s, p99 $(p99 "$work/two.txt")
  B's staleness after a write on A: p50 ${stale_p50} ms, p99 ${stale_p99} ms, max ${stale_max} ms ($WRITES writes, under load)
SUMMARY
