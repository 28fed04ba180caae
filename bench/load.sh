#!/usr/bin/env bash
# Load on loopback against the reference server, in the two deployments it supports:
#   - one release instance on SQLite (the default), and
#   - two release instances on one PostgreSQL (a throwaway cluster from scripts/postgres.sh,
#     fsync on, as in production), each loaded by its own oha with half the connections,
#     as a balancer would split them.
# Each runs `oha` against GET /api/settings (bearer) and POST /api/password/check for
# LOAD_SECONDS each, and fails unless every response was a 200 with no transport errors.
#
#   bench/load.sh                      (or ./dev bench-load)
#   LOAD_SECONDS=5 LOAD_CONNECTIONS=20 bench/load.sh
#
# Prints requests/s, p50 and p99 per endpoint and setup, and the machine's load average
# around each run, as Markdown rows for bench/README.md. Only loopback traffic (PostgreSQL:
# a unix socket); every server and the cluster are stopped at the end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${LOAD_SECONDS:-30}
CONNECTIONS=${LOAD_CONNECTIONS:-50}
OHA_VERSION=1.16.0
export PATH="$HOME/.cargo/bin:$PATH"

# The whole run happens inside a PostgreSQL cluster's lifetime.
if [ -z "${POLICY_WIDGET_TEST_POSTGRES:-}" ]; then
  scripts/postgres.sh install
  exec scripts/postgres.sh run --durable -- "$0" "$@"
fi

if [ "$(oha --version 2>/dev/null | cut -d' ' -f2)" != "$OHA_VERSION" ]; then
  echo "== cargo install oha $OHA_VERSION" >&2
  cargo install --locked --force oha --version "$OHA_VERSION"
fi
echo "== cargo build --release -p policy-widget-server" >&2
cargo build --release --locked -p policy-widget-server

work=$(mktemp -d)
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')
socket_dir=${POLICY_WIDGET_TEST_POSTGRES##*host=}
psql -h "$socket_dir" -U postgres -d postgres -qc 'CREATE DATABASE policy_widget_bench'
postgres_url="postgres://postgres@localhost/policy_widget_bench?host=$socket_dir"

# start NAME [flags...]: a release server, its URL in $base.
start() {
  local name=$1
  shift
  # The default log level (info: one line per request) as in production, into a file.
  POLICY_WIDGET_ADMIN_TOKEN=$token "$ROOT/target/release/policy-widget-server" \
    --listen 127.0.0.1:0 --data-dir "$work/data-$name" --www-dir "$ROOT/www" --pkg-dir "$ROOT/pkg" "$@" \
    >"$work/stdout-$name" 2>"$work/stderr-$name" &
  server_pids+=($!)
  for _ in $(seq 300); do
    grep -q '^listening on ' "$work/stdout-$name" 2>/dev/null && break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$work/stdout-$name")
  if [ -z "$base" ]; then
    echo "the server $name did not start:" >&2
    cat "$work/stderr-$name" >&2
    exit 1
  fi
  echo "== $name at $base" >&2
}

failed=0
rows=()
# load SETUP ENDPOINT BASE... : oha on each base at once (connections split evenly), one row.
load() {
  local setup=$1 endpoint=$2
  shift 2
  local bases=("$@")
  local each=$((CONNECTIONS / ${#bases[@]}))
  local before after reports=()
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== $setup, $endpoint: ${SECONDS_EACH}s, $CONNECTIONS connections over ${#bases[@]} (load before: $before)" >&2
  local pids=() index=0
  for b in "${bases[@]}"; do
    local report="$work/run-${#rows[@]}-$index.json"
    reports+=("$report")
    local args=()
    if [ "$endpoint" = "POST /api/password/check" ]; then
      args=(-m POST -T application/json
        -d '{"password":"correct horse battery staple 42!","userInputs":["alice@example.com"]}'
        "$b/api/password/check")
    else
      args=("$b/api/settings")
    fi
    # -w: requests in flight at the deadline finish instead of counting as aborted.
    oha --no-tui --output-format json -z "${SECONDS_EACH}s" -c "$each" -w \
      -H "Authorization: Bearer $token" "${args[@]}" >"$report" &
    pids+=($!)
    index=$((index + 1))
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  local row
  if ! row=$(python3 - "$setup" "$endpoint" "$before" "$after" "${reports[@]}" <<'PY'
import json, sys
setup, endpoint, before, after, *paths = sys.argv[1:]
total = ok = errors = 0
rate = 0.0
p50s, p99s = [], []
for path in paths:
    report = json.load(open(path))
    codes = report.get("statusCodeDistribution", {})
    errs = report.get("errorDistribution", {})
    total += sum(codes.values()) + sum(errs.values())
    ok += codes.get("200", 0)
    errors += sum(errs.values())
    rate += report["summary"]["requestsPerSec"]
    p50s.append("%.2f" % (report["latencyPercentiles"]["p50"] * 1000))
    p99s.append("%.2f" % (report["latencyPercentiles"]["p99"] * 1000))
print("| %s | `%s` | %d | %.0f | %s ms | %s ms | %d non-200, %d errors | %s → %s |" % (
    setup, endpoint, total, rate, " / ".join(p50s), " / ".join(p99s),
    total - ok - errors, errors, before, after))
if ok != total or ok == 0:
    print("not every response was a 200", file=sys.stderr)
    sys.exit(1)
PY
  ); then
    failed=1
  fi
  rows+=("$row")
}

# stop_all: SIGTERM every server started so far; each must exit cleanly, without a panic.
stop_all() {
  for pid in "${server_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || { echo "a server did not exit cleanly" >&2; failed=1; }
  done
  server_pids=()
  if grep -l panicked "$work"/stderr-* >/dev/null 2>&1; then
    echo "a server panicked:" >&2
    grep -A3 panicked "$work"/stderr-* >&2
    failed=1
  fi
}

start sqlite
sqlite_base=$base
load "1 × SQLite" "GET /api/settings" "$sqlite_base"
load "1 × SQLite" "POST /api/password/check" "$sqlite_base"
stop_all

start postgres-a --database "$postgres_url"
a=$base
start postgres-b --database "$postgres_url"
b=$base
load "2 × PostgreSQL" "GET /api/settings" "$a" "$b"
load "2 × PostgreSQL" "POST /api/password/check" "$a" "$b"
stop_all

echo
echo "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), oha $OHA_VERSION," \
  "$CONNECTIONS connections in all, ${SECONDS_EACH} s per endpoint, release build, RUST_LOG=info," \
  "$(psql -h "$socket_dir" -U postgres -d postgres -Atc 'SELECT version()' | cut -d' ' -f1-2) (fsync on)"
echo
echo "| setup | endpoint | requests | requests/s | p50 (per instance) | p99 (per instance) | failures | load average (1/5/15 min) before → after |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
