/// A schema whose client records carry every kind of value a database must store and give back
/// unchanged: integers, decimals, booleans, arrays, quotes, semicolons, line breaks, emoji.
public enum HostileData {
    public static let schema = """
        {"objects": [
          {"key": 1, "label": "Client", "superId": ["1"], "ids": [["1"]]},
          {"key": 2, "label": "Id"}, {"key": 3, "label": "Name"}, {"key": 4, "label": "Score"},
          {"key": 5, "label": "Active"}, {"key": 6, "label": "Tag"}
        ],
        "morphisms": [
          {"signature": "1", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"},
          {"signature": "2", "dom": 1, "cod": 3, "min": "ONE", "max": "ONE"},
          {"signature": "3", "dom": 1, "cod": 4, "min": "ZERO", "max": "ONE"},
          {"signature": "4", "dom": 1, "cod": 5, "min": "ZERO", "max": "ONE"},
          {"signature": "5", "dom": 1, "cod": 6, "min": "ZERO", "max": "STAR"}
        ]}
        """
}
