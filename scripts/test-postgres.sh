#!/usr/bin/env bash
# Run a command (the arguments) against PostgreSQL, with DATABASE_URL exported.
#
#   scripts/test-postgres.sh .venv/bin/pytest -m "not browser"
#
# With TEST_DATABASE_URL set (postgres://...), that server is used as it is.
# Otherwise a throwaway PostgreSQL cluster is made in a temporary directory, started on
# 127.0.0.1 and a unix socket inside that directory (nothing else touched), and stopped
# and deleted on exit, whatever the command's exit status.
# Settings: PG_BIN (default /usr/lib/postgresql/15/bin), PG_PORT (first port to try, 54329).
#
# PG_KEEP=DIR keeps the cluster in DIR instead (for benchmarks that build once and measure
# later): the first run makes it, later runs start the same cluster again with its data;
# on exit it is stopped, never deleted (delete DIR yourself). Its password is in DIR/password.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if [ -n "${TEST_DATABASE_URL:-}" ]; then
    case "$TEST_DATABASE_URL" in
        postgres://*|postgresql://*|pgsql://*) ;;
        *) echo "test-postgres: TEST_DATABASE_URL must be a postgres:// URL" >&2; exit 2 ;;
    esac
    export DATABASE_URL="$TEST_DATABASE_URL"
    exec "$@"
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
    echo "test-postgres: no PostgreSQL in $PG_BIN (run scripts/setup-system.sh, or set PG_BIN or TEST_DATABASE_URL)" >&2
    exit 2
fi

# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    as_owner=("$(command -v runuser || echo /usr/sbin/runuser)" -u postgres --)
fi

keep=${PG_KEEP:-}
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    dir=$(cd "$keep" && pwd)
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/gender-seal-pg.XXXXXX")
fi
data="$dir/data"
log="$dir/server.log"
started=

# Commands run as the cluster's owner, from a directory it can enter.
owner() { (cd "$dir" && "${as_owner[@]}" "$@"); }

cleanup() {
    local status=$?
    if [ -n "$started" ]; then
        owner "$PG_BIN/pg_ctl" stop -D "$data" -m immediate -s >/dev/null 2>&1 || true
    fi
    [ -n "$keep" ] || rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$dir"
[ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir"

user=genderseal
fresh=1
if [ -n "$keep" ] && [ -f "$dir/data/PG_VERSION" ] && [ -f "$dir/password" ]; then
    fresh=
    password=$(cat "$dir/password")
else
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" >"$dir/pwfile"
    [ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir/pwfile"

    owner "$PG_BIN/initdb" -D "$data" -U "$user" --pwfile="$dir/pwfile" \
        --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pwfile"
    if [ -n "$keep" ]; then
        (umask 077 && printf '%s\n' "$password" >"$dir/password")
    fi
fi

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=${PG_PORT:-54329}
for _ in $(seq 1 50); do
    if port_free "$port"; then
        # Throwaway data: durability settings off for speed.
        if owner "$PG_BIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 -s -o \
            "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
             -c max_connections=100" >/dev/null; then
            started=1
            break
        fi
    fi
    port=$((port + 1))
done
if [ -z "$started" ]; then
    echo "test-postgres: could not start PostgreSQL" >&2
    cat "$log" >&2 2>/dev/null || true
    exit 1
fi

if [ -n "$fresh" ]; then
    export PGPASSWORD="$password"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$user" genderseal
    unset PGPASSWORD
fi

export DATABASE_URL="postgres://$user:$password@127.0.0.1:$port/genderseal"
if [ -n "$keep" ]; then
    echo "test-postgres: PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') kept in $dir, on 127.0.0.1:$port"
else
    echo "test-postgres: throwaway PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$port"
fi

set +e
"$@"
status=$?
set -e
exit "$status"
