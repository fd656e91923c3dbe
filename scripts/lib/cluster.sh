# Sourced by scripts: a private throwaway PostgreSQL cluster in a temporary directory.
# It listens on a Unix socket in that directory only (no TCP), so it never meets a user's server.
# cluster_start exports PGHOST/PGPORT/PGUSER/PGDATABASE; the cluster is removed when the shell exits.

PG_BINDIR=$(pg_config --bindir)

# Runs a command as the cluster's owner: postgres when we are root (PostgreSQL refuses root), else us.
as_cluster_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Creates and starts the cluster; extra server settings may be passed as -c name=value arguments.
cluster_start() {
    ECOM_CLUSTER_DIR=$(mktemp -d -t ecom_analytics.XXXXXX)
    chmod 755 "$ECOM_CLUSTER_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$ECOM_CLUSTER_DIR"
    trap cluster_stop EXIT
    as_cluster_owner "$PG_BINDIR/initdb" -D "$ECOM_CLUSTER_DIR/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$ECOM_CLUSTER_DIR/initdb.log" 2>&1 \
        || { cat "$ECOM_CLUSTER_DIR/initdb.log" >&2; return 1; }
    as_cluster_owner "$PG_BINDIR/pg_ctl" -D "$ECOM_CLUSTER_DIR/data" -l "$ECOM_CLUSTER_DIR/server.log" -w \
        -o "-k $ECOM_CLUSTER_DIR -c listen_addresses='' -c port=5432 -c max_worker_processes=8 \
            -c max_parallel_workers=4 -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB $*" \
        start >/dev/null \
        || { cat "$ECOM_CLUSTER_DIR/server.log" >&2; return 1; }
    export PGHOST="$ECOM_CLUSTER_DIR" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
}

# Stops the cluster and deletes its directory (safe to call twice).
cluster_stop() {
    [ -n "${ECOM_CLUSTER_DIR:-}" ] && [ -d "$ECOM_CLUSTER_DIR" ] || return 0
    as_cluster_owner "$PG_BINDIR/pg_ctl" -D "$ECOM_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$ECOM_CLUSTER_DIR"
    ECOM_CLUSTER_DIR=
}
