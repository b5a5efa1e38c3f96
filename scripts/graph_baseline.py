"""The database's own bulk path, for the graph benchmark: the official FalkorDB Python client
(falkordb on PyPI) reads the person and knows tables of an SQLite file and sends them as plain
maps in UNWIND batches, as its documentation shows, then reads every relationship back.

  graph_baseline.py SQLITE PORT GRAPH write    index, nodes, then relationships
  graph_baseline.py SQLITE PORT GRAPH read     every relationship with its two ends' ids
"""
import sqlite3
import sys

from falkordb import FalkorDB

BATCH = 10_000


def batches(cursor):
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            return
        yield rows


def main():
    path, port, name, action = sys.argv[1:5]
    graph = FalkorDB(host="127.0.0.1", port=int(port)).select_graph(name)
    if action == "write":
        source = sqlite3.connect(path)
        graph.query("CREATE INDEX FOR (p:person) ON (p.id)")
        written = 0
        for rows in batches(source.execute("SELECT id, name FROM person")):
            maps = [{"id": id, "name": text} for id, text in rows]
            written += graph.query("UNWIND $rows AS r CREATE (p:person) SET p = r", {"rows": maps}).nodes_created
        for rows in batches(source.execute("SELECT a, b, since FROM knows")):
            maps = [{"a": a, "b": b, "since": since} for a, b, since in rows]
            written += graph.query(
                "UNWIND $rows AS r MATCH (a:person {id: r.a}), (b:person {id: r.b}) "
                "CREATE (a)-[:knows {since: r.since}]->(b)",
                {"rows": maps},
            ).relationships_created
        print(f"written {written}")
    else:
        result = graph.ro_query("MATCH (a:person)-[k:knows]->(b:person) RETURN a.id, b.id, k.since")
        print(f"read {len(result.result_set)}")


if __name__ == "__main__":
    main()
