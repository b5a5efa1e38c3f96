#!/usr/bin/env bash
# The query benchmark: items (a million rows) in PostgreSQL, orders (a quarter as many) in
# MongoDB, one schema over both, and two queries across them, each answered by `mmcat query`
# with every pushdown, with each switched off, and next to the floor: the two native queries
# alone (pymongo's find, then psql's COPY of the items those orders hold). Then a month of
# orders with their items with both tables in PostgreSQL, where the join runs inside it.
#
#   scripts/bench_query.sh [ITEMS]     (default 1000000)
#
# Needs PostgreSQL and MongoDB from scripts/services.sh (MMCAT_PG_URL, MMCAT_MONGO_URI), a
# release build (swift build -c release --product mmcat) and pymongo in the venv. Prints wall
# time and peak memory of each run (GNU time); docs/performance.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-1000000}
orders=$((items / 4))
mmcat=$PWD/.build/release/mmcat
python=${MMCAT_VENV:-/tmp/mmcat-venv}/bin/python
server=${MMCAT_PG_URL:?start scripts/services.sh first}
mongo=${MMCAT_MONGO_URI:?start scripts/services.sh first}
mongo=${mongo%%/\?*}
work=$(mktemp -d /tmp/mmcat-query.XXXXXX)
name=mmcat_query_bench_$$
postgres=${server%/*}/$name
trap 'psql "$server" -X -q -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"; "$python" -c "import pymongo; pymongo.MongoClient(\"$mongo\").drop_database(\"$name\")"; rm -rf "$work"' EXIT

source scripts/measure.sh

psql "$server" -X -q -c "CREATE DATABASE $name"
# Four items per order; an order's date is one of 365 days, so a day holds 1/365 of them.
psql "$postgres" -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE orders (o_id INTEGER PRIMARY KEY, o_customer INTEGER NOT NULL, o_date TEXT NOT NULL);
INSERT INTO orders SELECT i, 1 + i % 5000, to_char(date '2024-01-01' + (i * 7) % 365, 'YYYY-MM-DD')
    FROM generate_series(1, $orders) i;
CREATE TABLE item (i_order INTEGER NOT NULL REFERENCES orders (o_id), i_line INTEGER NOT NULL,
    i_product INTEGER NOT NULL, i_quantity INTEGER NOT NULL, PRIMARY KEY (i_order, i_line));
INSERT INTO item SELECT 1 + (i - 1) / 4, (i - 1) % 4, 1 + i % 997, 1 + i % 9 FROM generate_series(1, $items) i;
ANALYZE;
SQL
"$mmcat" infer --from "$postgres" --out "$work/inferred" >/dev/null
# The orders live in MongoDB for the queries: moved there through the inferred mapping.
"$mmcat" migrate --from "$postgres" --schema "$work/inferred/schema.json" --mapping "$work/inferred/orders.path" \
    --to "$mongo/$name" >/dev/null
echo "== $items items in PostgreSQL, $orders orders in MongoDB"

run_query() {
    local label=$1 pushdown=$2 text=$3
    measure "$label" "$mmcat" query --schema "$work/inferred/schema.json" \
        --database "pg=$postgres" --database "mongo=$mongo/$name" \
        --mapping "pg=$work/inferred/item.path" --mapping "mongo=$work/inferred/orders.path" \
        --pushdown "$pushdown" "$text"
}

selective='SELECT { ?o id ?id ; pieces SUM(?q) } WHERE { ?o o_id ?id ; o_date "2024-03-04" ; item ?i . ?i i_quantity ?q }'
echo "-- one day's orders with their items (selective)"
measure "floor: pymongo find of the day's orders" "$python" scripts/query_floor.py "$mongo" "$name" 2024-03-04 "$work/keys"
keys=$(paste -sd, "$work/keys")
measure "floor: psql COPY of their items" psql "$postgres" -X -q -c \
    "COPY (SELECT i_order, i_line, i_quantity FROM item WHERE i_order IN ($keys)) TO STDOUT"
run_query "mmcat query, every pushdown" "projection,selection,join,semi-join" "$selective"
run_query "mmcat query, no semi-join" "projection,selection" "$selective"
run_query "mmcat query, no selection (so no semi-join)" "projection,semi-join" "$selective"
run_query "mmcat query, no projection" "selection,semi-join" "$selective"
run_query "mmcat query, no pushdown" "none" "$selective"

whole='SELECT { ?o id ?id ; lines COUNT(?i) } WHERE { ?o o_id ?id ; item ?i }'
echo "-- every order with its number of items (the whole join)"
measure "floor: pymongo find of every order" "$python" scripts/query_floor.py "$mongo" "$name" all "$work/keys"
measure "floor: psql COPY of every item's keys" psql "$postgres" -X -q -c \
    "COPY (SELECT i_order, i_line FROM item) TO STDOUT"
run_query "mmcat query, every pushdown" "projection,selection,join,semi-join" "$whole"
run_query "mmcat query, no projection" "selection,semi-join" "$whole"

month='SELECT { ?o id ?id ; pieces SUM(?q) } WHERE { ?o o_id ?id ; o_date ?d ; item ?i . ?i i_quantity ?q . FILTER(?d IN ('
month+=$(seq -f '"2024-03-%02g"' 1 31 | paste -sd,)
month+=')) }'
run_in_postgres() {
    local label=$1 pushdown=$2
    measure "$label" "$mmcat" query --schema "$work/inferred/schema.json" --database "pg=$postgres" \
        --mapping "pg=$work/inferred/item.path" --mapping "pg=$work/inferred/orders.path" --pushdown "$pushdown" "$month"
}
echo "-- a month's orders with their items, both tables in PostgreSQL (too many keys for an IN list)"
measure "floor: psql COPY of the month's orders and of their items" psql "$postgres" -X -q \
    -c "COPY (SELECT o_id, o_date FROM orders WHERE o_date LIKE '2024-03-%') TO STDOUT" \
    -c "COPY (SELECT i_order, i_line, i_quantity FROM item WHERE i_order IN (SELECT o_id FROM orders WHERE o_date LIKE '2024-03-%')) TO STDOUT"
run_in_postgres "mmcat query, every pushdown (the join inside PostgreSQL)" "projection,selection,join,semi-join"
run_in_postgres "mmcat query, no join (the items read whole)" "projection,selection,semi-join"
