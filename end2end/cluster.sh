#!/usr/bin/env bash
# Two Quire servers on one fresh PostgreSQL database behind Debian's nginx, for the
# Playwright `cluster` run (end2end/cluster.config.ts starts this and waits for nginx).
# Usage: cluster.sh <nginx port>. Needs QUIRE_TEST_POSTGRES_URL and a release build.
# Runs until stopped; then stops the servers and nginx and drops the database.
set -Eeuo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# The servers read Leptos.toml (hashed asset names, among others) from the project root.
cd "$root"
port="$1"
admin_url="${QUIRE_TEST_POSTGRES_URL:?QUIRE_TEST_POSTGRES_URL must name a PostgreSQL server}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
name="quire_e2e_cluster_$(date +%s)_$$"
database_url="${admin_url%/*}/$name"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 0' TERM INT

psql -q "$admin_url" -c "CREATE DATABASE \"$name\"" >/dev/null
export DATABASE_URL="$database_url"
# Both servers must agree on the secret; dev mode keeps cookies usable on plain http.
export SESSION_SECRET="e2e-cluster-secret-e2e-cluster-secret-0123"
export LEPTOS_ENV=DEV
export LEPTOS_SITE_ROOT="$root/target/site"
export QUIRE_SITE_ORIGIN="http://127.0.0.1:$port"
export QUIRE_TRUSTED_PROXIES=127.0.0.1
export RUST_LOG=warn
# Demo data, asked for explicitly (the servers would add it too, in dev mode; two at once
# would race for it).
"$root/target/release/quire" seed >/dev/null

upstreams=""
for _ in 1 2; do
  server_port=$(free_port)
  LEPTOS_SITE_ADDR="127.0.0.1:$server_port" QUIRE_SEED_EMPTY=false "$root/target/release/quire" &
  pids+=($!)
  upstreams+="server 127.0.0.1:$server_port;"
done

mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
error_log $work/logs/error.log warn;
pid $work/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  client_max_body_size 2m;
  # Bodies stay in memory: the temporary files would be written by a worker that may not
  # write to this run's folder.
  client_body_buffer_size 2m;
  # Round robin: consecutive requests of one browser land on alternate servers.
  upstream quire { $upstreams }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://quire;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_buffering off;
    }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
pids+=($!)
wait -n "${pids[@]}"
