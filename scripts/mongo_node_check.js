// Runs a model script made by `mmcat export --target mongodb` in node's JavaScript engine, with a
// `db` that records what the script asks for and nothing else defined, and prints the calls as
// JSON (one array). A script whose names or values end a comment or a string early runs code
// that either fails here (print, require, process are undefined) or shows up as an extra call.
//
//   node mongo_node_check.js SCRIPT
"use strict";
const fs = require("fs");
const vm = require("vm");

const calls = [];
const collection = name => ({
  createIndex: (keys, options) => calls.push({ op: "createIndex", collection: name, keys, options }),
  insertMany: documents => calls.push({ op: "insertMany", collection: name, documents }),
});
const sandbox = Object.create(null);
sandbox.db = Object.freeze({
  createCollection: name => calls.push({ op: "createCollection", collection: name }),
  getCollection: name => Object.freeze(collection(name)),
});
sandbox.NumberLong = text => ({ $numberLong: String(text) });
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), sandbox, { filename: process.argv[2] });
process.stdout.write(JSON.stringify(calls));
