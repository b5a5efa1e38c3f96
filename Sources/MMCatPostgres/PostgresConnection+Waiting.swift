import Logging
import MMCat
import NIOCore
import NIOPosix
import PostgresNIO

extension PostgresSettings {
    /// Connects and waits for the connection: for code that runs on a worker thread and talks to
    /// PostgreSQL synchronously (table sources, the metadata store), never on an event loop.
    public func connectWaiting(logger: Logger) throws(InputError) -> PostgresConnection {
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try configuration(), id: 1,
                logger: logger
            ).wait()
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: location, location: "", message: connectionProblem(error))
        }
    }
}

extension PostgresConnection {
    /// Closes the connection without waiting for it; the callback keeps the connection alive
    /// until it is closed (PostgresNIO requires a connection to be closed before it is freed).
    public func closeQuietly() {
        guard !isClosed else { return }
        let closing: EventLoopFuture<Void> = close()
        closing.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
