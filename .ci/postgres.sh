# A throwaway PostgreSQL cluster for the storage tests; sourced by .ci/run.
#
#   . .ci/postgres.sh && start_postgres   # exports TRADEQA_TEST_POSTGRES_URL, stops at exit
#
# The cluster lives in a temporary folder and listens on a unix socket there only (no TCP
# port to collide with). PostgreSQL refuses to run as root, so as root it runs as the
# `postgres` user (or `nobody`). Where it cannot be started the URL stays unset and the
# PostgreSQL tests skip, saying why.

_pg_bin() {
    command -v "$1" 2>/dev/null && return
    ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

start_postgres() {
    if [ -n "${TRADEQA_TEST_POSTGRES_URL:-}" ]; then
        return 0 # a server was given
    fi
    if [ -z "$(_pg_bin initdb)" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        echo "ci: installing PostgreSQL (apt-get install postgresql)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1; } ||
            echo "ci: could not install PostgreSQL" >&2
    fi
    local initdb pg_ctl
    initdb="$(_pg_bin initdb)"
    pg_ctl="$(_pg_bin pg_ctl)"
    if [ -z "$initdb" ] || [ -z "$pg_ctl" ]; then
        echo "ci: no initdb/pg_ctl: the PostgreSQL storage tests will skip" >&2
        return 0
    fi
    PG_DIR="$(mktemp -d /tmp/tradeqa-pg.XXXXXX)"
    local run=()
    if [ "$(id -u)" = 0 ]; then
        local user=postgres
        id "$user" >/dev/null 2>&1 || user=nobody
        chown "$user" "$PG_DIR"
        run=(runuser -u "$user" --)
    fi
    chmod 755 "$PG_DIR"
    if "${run[@]}" "$initdb" -D "$PG_DIR/data" -U tradeqa -A trust --no-sync -E UTF8 \
            >"$PG_DIR/initdb.log" 2>&1 &&
        "${run[@]}" "$pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-k $PG_DIR -c listen_addresses=" start >/dev/null; then
        export TRADEQA_TEST_POSTGRES_URL="postgresql://tradeqa@/postgres?host=$PG_DIR"
        PG_STOP=("${run[@]}" "$pg_ctl" -D "$PG_DIR/data" -m immediate -w stop)
        trap stop_postgres EXIT
        echo "ci: PostgreSQL at $TRADEQA_TEST_POSTGRES_URL" >&2
    else
        echo "ci: PostgreSQL did not start: the PostgreSQL storage tests will skip" >&2
        cat "$PG_DIR"/*.log >&2 2>/dev/null || true
    fi
}

stop_postgres() {
    if [ -n "${PG_DIR:-}" ]; then
        "${PG_STOP[@]}" >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
