"""Runs a model script made by `mmcat export --target mongodb` against a MongoDB-compatible server.

mongosh is not packaged for this machine, so this runner executes the statements the printer
emits, exactly as written: db.createCollection(NAME), db.getCollection(NAME).createIndex(KEYS, OPTIONS)
and db.getCollection(NAME).insertMany(DOCUMENTS). Anything else is an error, so a printer change
that mongosh would reject cannot pass unnoticed.

  mongo_run.py URI DATABASE run SCRIPT       prints {"inserted": N}
  mongo_run.py URI DATABASE node SCRIPT      the same, the script run by node's JavaScript engine
                                             (mongo_node_check.js) instead of split here
  mongo_run.py URI DATABASE dump COLLECTION  prints the documents (without generated _id) as JSON
"""
import json
import os
import re
import subprocess
import sys

from bson import json_util
from bson.objectid import ObjectId
from pymongo import MongoClient

from script_statements import statements

CREATE = re.compile(r'^db\.createCollection\((".*")\)$', re.S)
CALL = re.compile(r'^db\.getCollection\(("(?:[^"\\]|\\.)*")\)\.(createIndex|insertMany)\((.*)\)$', re.S)


def ejson(text):
    text = re.sub(r'NumberLong\("(-?\d+)"\)', r'{"$numberLong": "\1"}', text)
    return json_util.loads(text)


def run(db, script):
    inserted = 0
    for statement in statements(script):
        if m := CREATE.match(statement):
            db.create_collection(json.loads(m.group(1)))
        elif m := CALL.match(statement):
            collection = db[json.loads(m.group(1))]
            arguments = ejson("[" + m.group(3) + "]")
            if m.group(2) == "createIndex":
                keys, options = arguments
                collection.create_index(list(keys.items()), **options)
            else:
                inserted += len(collection.insert_many(arguments[0]).inserted_ids)
        else:
            raise SystemExit(f"not a statement the MongoDB printer emits: {statement[:200]}")
    print(json.dumps({"inserted": inserted}))


def run_in_node(db, path):
    here = os.path.dirname(os.path.abspath(__file__))
    calls = json_util.loads(subprocess.run(["node", os.path.join(here, "mongo_node_check.js"), path],
                                           check=True, capture_output=True, text=True).stdout)
    inserted = 0
    for call in calls:
        collection = db[call["collection"]]
        if call["op"] == "createCollection":
            db.create_collection(call["collection"])
        elif call["op"] == "createIndex":
            collection.create_index(list(call["keys"].items()), **call["options"])
        else:
            inserted += len(collection.insert_many(call["documents"]).inserted_ids)
    print(json.dumps({"inserted": inserted}))


def dump(db, name):
    documents = []
    for document in db[name].find():
        if isinstance(document.get("_id"), ObjectId):
            del document["_id"]
        documents.append(json.loads(json_util.dumps(document)))
    print(json.dumps(documents))


if __name__ == "__main__":
    uri, database, action, argument = sys.argv[1:5]
    db = MongoClient(uri)[database]
    if action == "run":
        run(db, open(argument, encoding="utf-8", newline="").read())
    elif action == "node":
        run_in_node(db, argument)
    else:
        dump(db, argument)
