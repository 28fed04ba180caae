#!/usr/bin/env bash
# Load on loopback against the reference server: builds the release server,
# starts it with a temporary data directory on an ephemeral 127.0.0.1 port, runs `oha`
# against GET /api/settings (bearer) and POST /api/password/check for LOAD_SECONDS each,
# stops the server, and fails unless every response was a 200 with no transport errors.
#
#   bench/load.sh                      (or ./dev bench-load)
#   LOAD_SECONDS=5 LOAD_CONNECTIONS=20 bench/load.sh
#
# Prints requests/s, p50 and p99 per endpoint, and the machine's load average around each
# run, as Markdown rows for bench/README.md. Only loopback traffic; self-stopping.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${LOAD_SECONDS:-30}
CONNECTIONS=${LOAD_CONNECTIONS:-50}
OHA_VERSION=1.16.0
export PATH="$HOME/.cargo/bin:$PATH"

if [ "$(oha --version 2>/dev/null | cut -d' ' -f2)" != "$OHA_VERSION" ]; then
  echo "== cargo install oha $OHA_VERSION" >&2
  cargo install --locked --force oha --version "$OHA_VERSION"
fi
echo "== cargo build --release -p policy-widget-server" >&2
cargo build --release --locked -p policy-widget-server

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')
# The default log level (info: one line per request) as in production, into a file.
POLICY_WIDGET_ADMIN_TOKEN=$token "$ROOT/target/release/policy-widget-server" \
  --listen 127.0.0.1:0 --data-dir "$work/data" --www-dir "$ROOT/www" --pkg-dir "$ROOT/pkg" \
  >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/stdout" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$work/stdout")
if [ -z "$base" ]; then
  echo "the server did not start:" >&2
  cat "$work/stderr" >&2
  exit 1
fi
echo "== server at $base (pid $server_pid)" >&2

failed=0
rows=()
# run NAME -- oha arguments...
run() {
  local name=$1
  shift
  local before after report
  report="$work/run-${#rows[@]}.json"
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== $name: ${SECONDS_EACH}s, $CONNECTIONS connections (load before: $before)" >&2
  # -w: requests in flight at the deadline finish instead of counting as aborted.
  oha --no-tui --output-format json -z "${SECONDS_EACH}s" -c "$CONNECTIONS" -w \
    -H "Authorization: Bearer $token" "$@" >"$report"
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  local row
  if ! row=$(python3 - "$report" "$name" "$before" "$after" <<'PY'
import json, sys
path, name, before, after = sys.argv[1:5]
report = json.load(open(path))
summary = report["summary"]
codes = report.get("statusCodeDistribution", {})
errors = report.get("errorDistribution", {})
total = sum(codes.values()) + sum(errors.values())
ok = codes.get("200", 0)
p = report["latencyPercentiles"]
row = "| `%s` | %d | %.0f | %.2f ms | %.2f ms | %d non-200, %d errors | %s → %s |" % (
    name, total, summary["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000,
    total - ok - sum(errors.values()), sum(errors.values()), before, after)
print(row)
if ok != total or ok == 0:
    print("not every response was a 200: %s %s" % (codes, errors), file=sys.stderr)
    sys.exit(1)
PY
  ); then
    failed=1
  fi
  rows+=("$row")
}

run "GET /api/settings" "$base/api/settings"
run "POST /api/password/check" -m POST -T application/json \
  -d '{"password":"correct horse battery staple 42!","userInputs":["alice@example.com"]}' \
  "$base/api/password/check"

kill -TERM "$server_pid"
wait "$server_pid" || { echo "the server did not exit cleanly" >&2; failed=1; }
server_pid=
if grep -q panicked "$work/stderr"; then
  echo "the server panicked:" >&2
  grep -A3 panicked "$work/stderr" >&2
  failed=1
fi

echo
echo "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), oha $OHA_VERSION," \
  "$CONNECTIONS connections, ${SECONDS_EACH} s per endpoint, release build, RUST_LOG=info"
echo
echo "| endpoint | requests | requests/s | p50 | p99 | failures | load average (1/5/15 min) before → after |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
