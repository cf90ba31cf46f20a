package dev.quotient.server.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The MongoDB database, through the official synchronous driver. Every call goes through {@link
 * #call}, which runs it on a worker pool so no event loop ever blocks on I/O.
 */
public final class Database implements AutoCloseable {

  private static final int WORKERS = 32;

  /**
   * For a write whose durability the same caller's next acknowledged write carries (a counter bumped
   * just before the insert that uses it): acknowledged in memory, not journaled. Commits and journals
   * are ordered, so the insert's commit holds the counter too; a crash before it loses both or, once
   * another commit ran, leaves a reserved number unused, which readers of the log already allow for.
   */
  public static final WriteConcern CARRIED = WriteConcern.W1.withJournal(false);

  private final MongoClient client;
  private final MongoDatabase db;
  private final WorkerExecutor workers;

  public Database(Vertx vertx, String uri, String databaseName) {
    this(vertx, uri, databaseName, null);
  }

  /** With a listener of every command the driver sends (null for none). */
  public Database(Vertx vertx, String uri, String databaseName, com.mongodb.event.CommandListener listener) {
    MongoClientSettings.Builder builder = MongoClientSettings.builder();
    if (listener != null) {
      builder.addCommandListener(listener);
    }
    MongoClientSettings settings = builder
        .applyConnectionString(new ConnectionString(uri))
        // Acknowledged means journaled on a real MongoDB; the embedded server commits per write.
        .writeConcern(WriteConcern.MAJORITY.withJournal(true))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .applicationName("quotient")
        .build();
    this.client = MongoClients.create(settings);
    this.db = client.getDatabase(databaseName);
    this.workers = vertx.createSharedWorkerExecutor("quotient-db", WORKERS);
  }

  /** Runs blocking driver code off the event loop; completes on the caller's context. */
  public <T> Future<T> call(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }

  /** Direct handle for code that already runs on a worker thread. */
  public MongoDatabase db() {
    return db;
  }

  public MongoCollection<Document> collection(String name) {
    return db.getCollection(name);
  }

  /** Blocking round trip; true when the server answers. */
  public boolean ping() {
    try {
      db.runCommand(new Document("ping", 1));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    workers.close();
    client.close();
  }
}
