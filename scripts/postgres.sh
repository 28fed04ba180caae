#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests and the load benchmark: Debian's postgresql package
# (14 or later), a cluster made with initdb in a new temporary folder, listening only on a
# unix socket inside that folder (no TCP port, so nothing can collide with it), run as the
# `postgres` user when this runs as root, and stopped and deleted when the command ends,
# whether it passed, failed or was interrupted.
#
#   scripts/postgres.sh install              apt-get install postgresql if it is missing
#   scripts/postgres.sh run -- COMMAND...    start a cluster, run COMMAND, stop the cluster
#   scripts/postgres.sh run --durable -- COMMAND...
#
# COMMAND sees POLICY_WIDGET_TEST_POSTGRES, a URL of the cluster's `postgres` database
# (superuser `postgres`, trust authentication over the socket; the folder is private to the
# cluster's owner). `run` turns fsync off — the tests need no durability from a cluster they
# delete — unless `--durable` (the benchmark: PostgreSQL as it would run in production).
set -euo pipefail

install() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "== apt-get install postgresql" >&2
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql
  fi
}

# The newest installed server's bin folder, refusing anything older than 14.
bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "postgres.sh: no PostgreSQL server installed (scripts/postgres.sh install, or ./dev setup)" >&2
    return 1
  fi
  local major
  major=$(basename "$(dirname "$dir")")
  if [ "${major%%.*}" -lt 14 ]; then
    echo "postgres.sh: PostgreSQL $major is installed; the server needs 14 or later" >&2
    return 1
  fi
  echo "$dir"
}

run() {
  local durable=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --durable) durable=1; shift ;;
      --) shift; break ;;
      *) echo "postgres.sh run: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [ $# -gt 0 ] || { echo "postgres.sh run: no command" >&2; exit 2; }
  # Globals, not locals: the EXIT trap runs after this function has returned.
  bin=$(bin_dir)
  dir=$(mktemp -d /tmp/pw-postgres.XXXXXX)
  # As root, the cluster runs as `postgres` (initdb refuses root) and owns the folder.
  as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    as=(runuser -u postgres --)
  fi
  started=0
  stop() {
    local status=$?
    if [ "$started" = 1 ]; then
      "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
        echo "postgres.sh: pg_ctl stop failed; the log: $dir/server.log" >&2
    fi
    if [ "$status" != 0 ] && [ -f "$dir/server.log" ]; then
      echo "== the last lines of PostgreSQL's log:" >&2
      tail -20 "$dir/server.log" >&2 || true
    fi
    rm -rf "$dir"
    exit "$status"
  }
  trap stop EXIT
  trap 'exit 130' INT TERM

  "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local settings=(-c listen_addresses= -c "unix_socket_directories=$dir" -c max_connections=300)
  if [ "$durable" = 0 ]; then
    settings+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 -o "${settings[*]}" start >/dev/null
  started=1
  local version
  version=$("$bin/psql" -h "$dir" -U postgres -d postgres -Atc 'SHOW server_version')
  echo "== PostgreSQL $version on $dir (fsync $([ "$durable" = 1 ] && echo on || echo off))" >&2
  export POLICY_WIDGET_TEST_POSTGRES="postgres://postgres@localhost/postgres?host=$dir"
  "$@"
}

case "${1:-}" in
  install) install ;;
  run) shift; run "$@" ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
