"""Runs a model script made by `mmcat export --target neo4j` in FalkorDB, statement by statement,
as cypher-shell would, and reads nodes back.

  cypher_run.py PORT GRAPH run SCRIPT   prints {"statements": N}
  cypher_run.py PORT GRAPH dump LABEL   prints the properties of every node with LABEL as JSON
  cypher_run.py PORT GRAPH query CYPHER prints every row of a read-only query as a JSON array
PORT may also be the path of the server's Unix socket.
"""
import json
import sys

import redis

from script_statements import statements


def main():
    port, graph, action, argument = sys.argv[1:5]
    if "/" in port:
        client = redis.Redis(unix_socket_path=port)
    else:
        client = redis.Redis(host="127.0.0.1", port=int(port))
    if action == "run":
        count = 0
        for statement in statements(open(argument, encoding="utf-8", newline="").read()):
            client.execute_command("GRAPH.QUERY", graph, statement)
            count += 1
        print(json.dumps({"statements": count}))
    elif action == "query":
        reply = client.execute_command("GRAPH.RO_QUERY", graph, argument, "--compact")
        print(json.dumps([[value(cell) for cell in row] for row in reply[1]]))
    else:
        label = "`" + argument.replace("`", "``") + "`"
        reply = client.execute_command("GRAPH.QUERY", graph, f"MATCH (n:{label}) RETURN properties(n)", "--compact")
        print(json.dumps(decode_compact(reply)))


def decode_compact(reply):
    # Compact replies: [header, rows, stats]; a map value is [10, [key, [type, value], ...]].
    return [value(row[0]) for row in reply[1]]


def value(cell):
    kind, payload = cell
    if kind == 10:  # map
        return {payload[i].decode(): value(payload[i + 1]) for i in range(0, len(payload), 2)}
    if kind == 6:  # array
        return [value(item) for item in payload]
    if isinstance(payload, bytes):
        return payload.decode()
    return payload


if __name__ == "__main__":
    main()
