import Foundation
import MMCat
import MMCatJobs
import MMCatStore

/// The demo workspace of `mmcat serve --demo`: the MM-cat example schema (customers, orders,
/// items, products, contacts, addresses), a folder of order documents, an SQLite shop database,
/// mappings for both, and ready jobs, so that a newcomer can run an import and an export at once.
enum DemoWorkspace {
    /// Where the demo's files live: `DATA/demo`, or a folder of its own in the temporary folder
    /// for a server without a data folder.
    static func folder(_ configuration: ServerConfiguration) -> String {
        configuration.dataDirectory.map { $0 + "/demo" }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-demo-\(getpid())").path
    }

    /// Writes the demo's files and adds its records; the SQLite shop is made by the SQLite
    /// family's own executor, so the demo needs the `files` and `sqlite` families.
    static func install(into store: MetadataStore, databases: DatabaseFamilies, folder: String) async throws {
        let base = URL(fileURLWithPath: folder)
        let documents = base.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data(orders.utf8).write(to: documents.appendingPathComponent("order.json"))
        let shop = base.appendingPathComponent("shop.sqlite")
        try? FileManager.default.removeItem(at: shop)
        let shopDatabase = StoredDatabase(id: 0, label: "demo shop", type: "sqlite", settings: ["path": shop.path])
        let (sqliteFamily, access) = try databases.open(shopDatabase)
        _ = try await sqliteFamily.executor(kind: "product", in: access).execute(
            Array(
                """
                CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price NUMERIC);
                INSERT INTO product VALUES (123, 'Toy', 125), (457, 'Knife', 299), (734, 'Doll', 350),
                    (765, 'Book', 199), (901, 'Lamp', 480);
                CREATE TABLE order_item (number INTEGER, productId INTEGER, quantity INTEGER,
                    PRIMARY KEY (productId, number));
                INSERT INTO order_item VALUES (2043, 123, 1), (2043, 765, 2), (1653, 457, 7), (1700, 901, 1);
                """.utf8))
        let schemaJSON = try JSONParser.parse(schema, file: "demo schema")
        let schemaId = try await store.createSchema(name: "Orders (MM-cat example)", json: schemaJSON)
        let files = try await store.createDatabase(
            label: "Order documents (JSON folder)", type: "files", settings: ["folder": documents.path])
        let sqlite = try await store.createDatabase(
            label: "Shop (SQLite)", type: "sqlite", settings: ["path": shop.path])
        let mappings: [(String, Int64, String)] = [
            (
                "Orders as documents", files,
                "order @103 { number: 19, customer: 1.-2.-3, items: 8 { productId: 10.9, name: 12.9, price: 11.9, quantity: 13 }, contact: 14 { <16.15>: 17 } }"
            ),
            ("Order items table", sqlite, "order_item @114 { number: 19.-8, productId: 10.9, quantity: 13 }"),
            ("Products table", sqlite, "product @116 { id: 10, name: 12, price: 11 }"),
        ]
        var ids: [Int64] = []
        for (name, database, text) in mappings {
            var mapping = try AccessPathText.parseMapping(text, file: name)
            mapping.name = name
            ids.append(
                try await store.createMapping(schema: schemaId, database: database, mapping: mapping) { _ in })
        }
        _ = try await store.createJob(name: "Import order documents", type: .modelToCategory, mapping: ids[0])
        _ = try await store.createJob(name: "Import products from SQLite", type: .modelToCategory, mapping: ids[2])
        _ = try await store.createJob(name: "Export order items to SQLite", type: .categoryToModel, mapping: ids[1])
        _ = try await store.createJob(name: "Export orders as documents", type: .categoryToModel, mapping: ids[0])
    }

    static let orders = #"""
        [
          {"number": 2043, "customer": 1, "items": [{"productId": 123, "name": "Toy", "price": 125, "quantity": 1}, {"productId": 765, "name": "Book", "price": 199, "quantity": 2}], "contact": {"email": "anna@example.com", "cellphone": "+420777123456"}},
          {"number": 1653, "customer": 2, "items": [{"productId": 457, "name": "Knife", "price": 299, "quantity": 7}], "contact": {"skype": "skype123"}},
          {"number": 2043, "items": [{"productId": 734, "name": "Doll", "price": 350, "quantity": 3}]},
          {"customer": 3, "items": []}
        ]
        """#

    static let schema = #"""
        {
         "name": "orders (MM-cat example)",
         "objects": [
          {
           "key": 100,
           "label": "Customer",
           "superId": [
            "1"
           ],
           "ids": [
            [
             "1"
            ]
           ],
           "position": {
            "x": 60,
            "y": 40
           }
          },
          {
           "key": 101,
           "label": "Id",
           "position": {
            "x": 60,
            "y": 150
           }
          },
          {
           "key": 102,
           "label": "Ordered",
           "superId": [
            "1.-2",
            "19.3"
           ],
           "ids": [
            [
             "1.-2",
             "19.3"
            ]
           ],
           "position": {
            "x": 260,
            "y": 40
           }
          },
          {
           "key": 103,
           "label": "Order",
           "superId": [
            "19"
           ],
           "ids": [
            [
             "19"
            ]
           ],
           "position": {
            "x": 480,
            "y": 40
           }
          },
          {
           "key": 104,
           "label": "Number",
           "position": {
            "x": 700,
            "y": 40
           }
          },
          {
           "key": 105,
           "label": "Array",
           "position": {
            "x": 700,
            "y": 130
           }
          },
          {
           "key": 106,
           "label": "Contact",
           "superId": [
            "17",
            "16.15",
            "19.-14"
           ],
           "ids": [
            [
             "17",
             "16.15",
             "19.-14"
            ]
           ],
           "position": {
            "x": 260,
            "y": 230
           }
          },
          {
           "key": 107,
           "label": "Value",
           "position": {
            "x": 60,
            "y": 230
           }
          },
          {
           "key": 108,
           "label": "Type",
           "superId": [
            "16"
           ],
           "ids": [
            [
             "16"
            ]
           ],
           "position": {
            "x": 260,
            "y": 330
           }
          },
          {
           "key": 109,
           "label": "Name",
           "position": {
            "x": 60,
            "y": 330
           }
          },
          {
           "key": 110,
           "label": "NestedDoc",
           "position": {
            "x": 700,
            "y": 230
           }
          },
          {
           "key": 111,
           "label": "PropertyA",
           "position": {
            "x": 920,
            "y": 150
           }
          },
          {
           "key": 112,
           "label": "PropertyB",
           "position": {
            "x": 920,
            "y": 230
           }
          },
          {
           "key": 113,
           "label": "PropertyC",
           "position": {
            "x": 920,
            "y": 310
           }
          },
          {
           "key": 114,
           "label": "Items",
           "superId": [
            "10.9",
            "19.-8"
           ],
           "ids": [
            [
             "10.9",
             "19.-8"
            ]
           ],
           "position": {
            "x": 480,
            "y": 330
           }
          },
          {
           "key": 115,
           "label": "Quantity",
           "position": {
            "x": 480,
            "y": 440
           }
          },
          {
           "key": 116,
           "label": "Product",
           "superId": [
            "10"
           ],
           "ids": [
            [
             "10"
            ]
           ],
           "position": {
            "x": 700,
            "y": 420
           }
          },
          {
           "key": 117,
           "label": "Id",
           "position": {
            "x": 920,
            "y": 400
           }
          },
          {
           "key": 118,
           "label": "Name",
           "position": {
            "x": 920,
            "y": 480
           }
          },
          {
           "key": 119,
           "label": "Price",
           "position": {
            "x": 920,
            "y": 560
           }
          },
          {
           "key": 120,
           "label": "address",
           "superId": [
            "21",
            "19.-20"
           ],
           "ids": [
            [
             "21",
             "19.-20"
            ]
           ],
           "position": {
            "x": 260,
            "y": 520
           }
          },
          {
           "key": 121,
           "label": "label",
           "position": {
            "x": 60,
            "y": 470
           }
          },
          {
           "key": 122,
           "label": "content",
           "position": {
            "x": 260,
            "y": 620
           }
          },
          {
           "key": 123,
           "label": "text",
           "position": {
            "x": 60,
            "y": 570
           }
          },
          {
           "key": 124,
           "label": "locale",
           "position": {
            "x": 60,
            "y": 660
           }
          }
         ],
         "morphisms": [
          {
           "signature": "19",
           "dom": 103,
           "cod": 104,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-19",
           "dom": 104,
           "cod": 103,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "18",
           "dom": 103,
           "cod": 105,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "-18",
           "dom": 105,
           "cod": 103,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "8",
           "dom": 103,
           "cod": 114,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "-8",
           "dom": 114,
           "cod": 103,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "19.-8",
           "dom": 114,
           "cod": 104,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "8.-19",
           "dom": 104,
           "cod": 114,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "13",
           "dom": 114,
           "cod": 115,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-13",
           "dom": 115,
           "cod": 114,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "9",
           "dom": 114,
           "cod": 116,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-9",
           "dom": 116,
           "cod": 114,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "10",
           "dom": 116,
           "cod": 117,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-10",
           "dom": 117,
           "cod": 116,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "10.9",
           "dom": 114,
           "cod": 117,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-9.-10",
           "dom": 117,
           "cod": 114,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "11",
           "dom": 116,
           "cod": 119,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-11",
           "dom": 119,
           "cod": 116,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "11.9",
           "dom": 114,
           "cod": 119,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-9.-11",
           "dom": 119,
           "cod": 114,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "12",
           "dom": 116,
           "cod": 118,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-12",
           "dom": 118,
           "cod": 116,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "12.9",
           "dom": 114,
           "cod": 118,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-9.-12",
           "dom": 118,
           "cod": 114,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "14",
           "dom": 103,
           "cod": 106,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "-14",
           "dom": 106,
           "cod": 103,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "17",
           "dom": 106,
           "cod": 107,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-17",
           "dom": 107,
           "cod": 106,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "15",
           "dom": 106,
           "cod": 108,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-15",
           "dom": 108,
           "cod": 106,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "16",
           "dom": 108,
           "cod": 109,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-16",
           "dom": 109,
           "cod": 108,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "16.15",
           "dom": 106,
           "cod": 109,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-15.-16",
           "dom": 109,
           "cod": 106,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "4",
           "dom": 103,
           "cod": 110,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-4",
           "dom": 110,
           "cod": 103,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "5",
           "dom": 110,
           "cod": 111,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-5",
           "dom": 111,
           "cod": 110,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "6",
           "dom": 110,
           "cod": 112,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-6",
           "dom": 112,
           "cod": 110,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "7",
           "dom": 110,
           "cod": 113,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-7",
           "dom": 113,
           "cod": 110,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-3",
           "dom": 103,
           "cod": 102,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "3",
           "dom": 102,
           "cod": 103,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-2",
           "dom": 102,
           "cod": 100,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "2",
           "dom": 100,
           "cod": 102,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "1",
           "dom": 100,
           "cod": 101,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-1",
           "dom": 101,
           "cod": 100,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "1.-2.-3",
           "dom": 103,
           "cod": 101,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "3.2.-1",
           "dom": 101,
           "cod": 103,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "20",
           "dom": 103,
           "cod": 120,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "-20",
           "dom": 120,
           "cod": 103,
           "min": "ZERO",
           "max": "STAR"
          },
          {
           "signature": "21",
           "dom": 120,
           "cod": 121,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-21",
           "dom": 121,
           "cod": 120,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "22",
           "dom": 120,
           "cod": 122,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-22",
           "dom": 122,
           "cod": 120,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "23",
           "dom": 122,
           "cod": 123,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-23",
           "dom": 123,
           "cod": 122,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "24",
           "dom": 122,
           "cod": 124,
           "min": "ONE",
           "max": "ONE"
          },
          {
           "signature": "-24",
           "dom": 124,
           "cod": 122,
           "min": "ONE",
           "max": "ONE"
          }
         ]
        }
        """#
}
