import MMCat
import MMCatCypher
import MMCatFalkor
import MMCatFiles
import MMCatMongo
import MMCatNeo4j
import MMCatPostgres
import MMCatSQLite

/// The database families this build of MM-cat ships, in the order the web application lists
/// them. The executable hands this list to the server and to the CLI; adding a family is a new
/// target and one line here (see docs/families.md).
public enum Families {
    public static let all: [any DatabaseFamily] = [
        FilesFamily(),
        SQLiteFamily(),
        PostgresFamily(),
        MongoFamily(),
        Neo4jFamily(),
        FalkorFamily(),
    ]
}
