#!/usr/bin/env bash
# The graph benchmark: a person table and a knows junction of a million rows in SQLite, moved
# into FalkorDB by `mmcat migrate` (nodes, then a relationship per junction row) and read back
# into tables, timed against the database's own bulk path: the official FalkorDB Python client
# sending plain maps in UNWIND batches, and reading every relationship back in one query.
#
#   scripts/bench_graph.sh [RELATIONSHIPS]     (default 1000000; persons are a tenth of that)
#
# Needs FalkorDB from scripts/services.sh (MMCAT_FALKOR_PORT), a release build
# (swift build -c release --product mmcat) and the falkordb client in the venv
# ($MMCAT_VENV/bin/pip install falkordb). Prints wall time and peak memory of each step (GNU
# time); docs/performance.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
persons=$((count / 10))
mmcat=$PWD/.build/release/mmcat
python=${MMCAT_VENV:-/tmp/mmcat-venv}/bin/python
port=${MMCAT_FALKOR_PORT:?start scripts/services.sh first}
work=$(mktemp -d /tmp/mmcat-graph.XXXXXX)
trap 'rm -rf "$work"' EXIT

source scripts/measure.sh

# Each person knows ten others (distinct: the steps are below the number of persons).
sqlite3 "$work/source.sqlite" <<SQL
CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE knows (a INTEGER NOT NULL REFERENCES person(id), b INTEGER NOT NULL REFERENCES person(id),
    since INTEGER, PRIMARY KEY (a, b));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $persons)
INSERT INTO person SELECT i, 'person ' || i FROM n;
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
INSERT INTO knows SELECT id, (id + 1 + j * ($persons / 10 - 1)) % $persons + 1, 2000 + j FROM person, k;
SQL
echo "== $persons persons, $(sqlite3 "$work/source.sqlite" 'SELECT count(*) FROM knows') relationships"
graph=bench_$$
measure "mmcat migrate SQLite -> FalkorDB (nodes + relationships)" \
    "$mmcat" migrate --from "$work/source.sqlite" --to "falkordb://127.0.0.1:$port/mm_$graph"
measure "falkordb-py UNWIND of plain maps (nodes + relationships)" \
    "$python" scripts/graph_baseline.py "$work/source.sqlite" "$port" "py_$graph" write
"$mmcat" infer --from "$work/source.sqlite" --out "$work/inferred" --graph >/dev/null
measure "mmcat migrate FalkorDB -> SQLite (read back)" \
    "$mmcat" migrate --from "falkordb://127.0.0.1:$port/mm_$graph" --schema "$work/inferred/schema.json" \
    --mapping "$work/inferred/person.graph.path" --mapping "$work/inferred/knows.graph.path" \
    --to "$work/back.sqlite" --target-mapping "$work/inferred/person.path" --target-mapping "$work/inferred/knows.path"
measure "falkordb-py read of every relationship" \
    "$python" scripts/graph_baseline.py "$work/source.sqlite" "$port" "mm_$graph" read
same=$(sqlite3 "$work/back.sqlite" "ATTACH '$work/source.sqlite' AS s;
    SELECT (SELECT count(*) FROM (SELECT * FROM knows EXCEPT SELECT * FROM s.knows))
         + (SELECT count(*) FROM (SELECT * FROM s.knows EXCEPT SELECT * FROM knows))")
echo "rows that differ after the round trip: $same"
"$python" -c "import redis; r = redis.Redis(port=$port); [r.execute_command('GRAPH.DELETE', g) for g in ('mm_$graph', 'py_$graph')]"
