"""The MongoDB half of the query benchmark's floor: the orders a query asks for, read with
pymongo (the filter and projection the query's plan sends), their ids written one per line.

    query_floor.py MONGO_URI DATABASE DATE|all KEYS_FILE
"""
import sys

from pymongo import MongoClient

uri, database, date, keys = sys.argv[1:5]
query = {} if date == "all" else {"o_date": date}
orders = MongoClient(uri)[database]["orders"].find(query, {"o_id": 1, "o_customer": 1})
with open(keys, "w") as out:
    count = 0
    for order in orders:
        out.write(f"{order['o_id']}\n")
        count += 1
print(f"{count} orders")
