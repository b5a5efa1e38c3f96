#!/usr/bin/env bash
# The whole-database benchmark: TPC-H tables in PostgreSQL, moved by `mmcat migrate` to nested
# documents and back to tables, timed against PostgreSQL's own COPY TO STDOUT of the same tables;
# then one table of a million rows from SQLite to PostgreSQL, mmcat against pgloader.
#
#   scripts/bench_tpch.sh [SCALE]        (default 1: 8.66 million rows; 0.1 for a quick look)
#
# Needs the services of scripts/services.sh running (MMCAT_PG_URL, MMCAT_MONGO_URI), a release
# build (swift build -c release --product mmcat), tpchgen-cli in the venv ($MMCAT_VENV, from
# PyPI) and, for the second part, pgloader (apt). Prints wall time and peak memory of each step
# (GNU time); docs/performance.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
mmcat=$PWD/.build/release/mmcat
work=$(mktemp -d /tmp/mmcat-tpch.XXXXXX)
trap 'rm -rf "$work"' EXIT
base=${MMCAT_PG_URL%/*}
source_db=tpch_source
back_db=tpch_back
tables=(region nation supplier customer part partsupp orders lineitem)

source scripts/measure.sh

echo "== TPC-H scale factor $scale (tpchgen-cli)"
"${MMCAT_VENV:-/tmp/mmcat-venv}/bin/tpchgen-cli" -s "$scale" --output-dir="$work/tbl" >/dev/null
for db in $source_db $back_db; do
    psql "$MMCAT_PG_URL" -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
done
psql "$base/$source_db" -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE region (r_regionkey integer PRIMARY KEY, r_name char(25) NOT NULL, r_comment varchar(152));
CREATE TABLE nation (n_nationkey integer PRIMARY KEY, n_name char(25) NOT NULL,
    n_regionkey integer NOT NULL REFERENCES region, n_comment varchar(152));
CREATE TABLE supplier (s_suppkey integer PRIMARY KEY, s_name char(25) NOT NULL, s_address varchar(40) NOT NULL,
    s_nationkey integer NOT NULL REFERENCES nation, s_phone char(15) NOT NULL, s_acctbal numeric(15,2) NOT NULL,
    s_comment varchar(101) NOT NULL);
CREATE TABLE customer (c_custkey integer PRIMARY KEY, c_name varchar(25) NOT NULL, c_address varchar(40) NOT NULL,
    c_nationkey integer NOT NULL REFERENCES nation, c_phone char(15) NOT NULL, c_acctbal numeric(15,2) NOT NULL,
    c_mktsegment char(10) NOT NULL, c_comment varchar(117) NOT NULL);
CREATE TABLE part (p_partkey integer PRIMARY KEY, p_name varchar(55) NOT NULL, p_mfgr char(25) NOT NULL,
    p_brand char(10) NOT NULL, p_type varchar(25) NOT NULL, p_size integer NOT NULL, p_container char(10) NOT NULL,
    p_retailprice numeric(15,2) NOT NULL, p_comment varchar(23) NOT NULL);
CREATE TABLE partsupp (ps_partkey integer NOT NULL REFERENCES part, ps_suppkey integer NOT NULL REFERENCES supplier,
    ps_availqty integer NOT NULL, ps_supplycost numeric(15,2) NOT NULL, ps_comment varchar(199) NOT NULL,
    PRIMARY KEY (ps_partkey, ps_suppkey));
CREATE TABLE orders (o_orderkey integer PRIMARY KEY, o_custkey integer NOT NULL REFERENCES customer,
    o_orderstatus char(1) NOT NULL, o_totalprice numeric(15,2) NOT NULL, o_orderdate date NOT NULL,
    o_orderpriority char(15) NOT NULL, o_clerk char(15) NOT NULL, o_shippriority integer NOT NULL,
    o_comment varchar(79) NOT NULL);
CREATE TABLE lineitem (l_orderkey integer NOT NULL REFERENCES orders, l_partkey integer NOT NULL,
    l_suppkey integer NOT NULL, l_linenumber integer NOT NULL, l_quantity numeric(15,2) NOT NULL,
    l_extendedprice numeric(15,2) NOT NULL, l_discount numeric(15,2) NOT NULL, l_tax numeric(15,2) NOT NULL,
    l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL, l_shipdate date NOT NULL,
    l_commitdate date NOT NULL, l_receiptdate date NOT NULL, l_shipinstruct char(25) NOT NULL,
    l_shipmode char(10) NOT NULL, l_comment varchar(44) NOT NULL, PRIMARY KEY (l_orderkey, l_linenumber),
    FOREIGN KEY (l_partkey, l_suppkey) REFERENCES partsupp);
SQL
rows=0
for table in "${tables[@]}"; do
    # TBL lines end with the delimiter: drop it so that COPY sees the columns only.
    sed 's/|$//' "$work/tbl/$table.tbl" | psql "$base/$source_db" -X -q -c "COPY $table FROM STDIN (DELIMITER '|')"
    rows=$((rows + $(wc -l <"$work/tbl/$table.tbl")))
done
psql "$base/$source_db" -X -q -c "VACUUM ANALYZE"
echo "$rows rows in ${#tables[@]} tables"

measure "COPY ... TO STDOUT of every table (the yardstick)" bash -c \
    'for table in "${@:2}"; do psql "$1" -X -q -c "COPY $table TO STDOUT"; done >/dev/null' \
    copy "$base/$source_db" "${tables[@]}"

# The documents: an order with its line items nested; the other tables as flat documents.
"$mmcat" infer --from "$base/$source_db" --out "$work/inferred" --documents-root orders >/dev/null
mappings=()
for table in "${tables[@]}"; do mappings+=(--mapping "$work/inferred/$table.path"); done
documents=()
for table in region nation supplier customer part partsupp; do
    documents+=(--target-mapping "$work/inferred/$table.path")
done
documents+=(--target-mapping "$work/inferred/orders.documents.path")
measure "migrate PostgreSQL -> documents (a JSON Lines folder)" \
    "$mmcat" migrate --from "$base/$source_db" --schema "$work/inferred/schema.json" "${mappings[@]}" \
    "${documents[@]}" --to "$work/documents/"
back=()
for table in "${tables[@]}"; do back+=(--target-mapping "$work/inferred/$table.path"); done
sources=("${documents[@]/--target-mapping/--mapping}")
measure "migrate documents -> PostgreSQL tables (a new database)" \
    "$mmcat" migrate --from "$work/documents" --schema "$work/inferred/schema.json" "${sources[@]}" \
    "${back[@]}" --to "$base/$back_db"
# The round trip is exact: every table holds the same rows as the source.
for table in "${tables[@]}"; do
    left=$(psql "$base/$source_db" -X -A -t -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $table t")
    right=$(psql "$base/$back_db" -X -A -t -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $table t")
    [ "$left" = "$right" ] || { echo "$table differs after the round trip" >&2; exit 1; }
done
echo "every table came back unchanged"

echo "== one table of 1,000,000 rows from SQLite to PostgreSQL: mmcat and pgloader"
sqlite3 "$work/item.sqlite" <<'SQL'
CREATE TABLE item (id INTEGER PRIMARY KEY, category INTEGER NOT NULL, title TEXT NOT NULL, stock INTEGER,
    price NUMERIC(12,2), added DATE);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO item SELECT i, i % 97, 'item number ' || i, i % 1000, (i % 100000) / 100.0,
    date('2020-01-01', '+' || (i % 1500) || ' days') FROM n;
SQL
for db in bench_mmcat bench_pgloader; do
    psql "$MMCAT_PG_URL" -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
done
measure "mmcat migrate --from item.sqlite --to postgres://.../bench_mmcat" \
    "$mmcat" migrate --from "$work/item.sqlite" --to "$base/bench_mmcat"
if command -v pgloader >/dev/null; then
    measure "pgloader sqlite://item.sqlite postgresql://.../bench_pgloader" \
        pgloader "sqlite://$work/item.sqlite" "$base/bench_pgloader"
else
    echo "pgloader is not installed (apt-get install pgloader): no comparison"
fi
