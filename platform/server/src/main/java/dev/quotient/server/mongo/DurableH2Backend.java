package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend with one change: every command that changed data is committed to the file before
 * the server writes its reply, and concurrent commands share one commit (group commit). The stock
 * backend commits about once a second, so a crash lost the last second of writes the client had
 * already been told were stored.
 *
 * <p>The wire handler calls {@link #handleCommand} and sends the reply only after it returns, so a
 * commit here orders "on disk" before "acknowledged". Commits are numbered as they start. A command
 * that applied its change notes the number of the last commit started; any commit that starts after
 * that holds its change. It then takes the commit turn: if such a commit has finished meanwhile (one
 * made for commands that queued earlier), it answers at once; otherwise it commits everything written
 * so far, for itself and for every command queued behind it.
 *
 * <p>Reads hold the version they read ({@link VersionHoldingH2Backend}); a command releases its version
 * before it waits for its commit.
 */
final class DurableH2Backend extends VersionHoldingH2Backend {

  /** Commands that never change data: they answer without a commit. */
  private static final Set<String> READS = Set.of("find", "getMore", "getmore", "count", "distinct",
      "listCollections", "listIndexes", "listDatabases", "ping", "isMaster", "ismaster", "hello", "buildInfo",
      "buildinfo", "killCursors", "endSessions", "getParameter", "serverStatus", "dbStats", "dbstats", "collStats",
      "collstats", "whatsmyuri", "getLog", "hostInfo", "connectionStatus", "getlasterror", "getLastError");

  private static final String REFUSED = "only the platform's own user may use the embedded store";

  private final MVStore store;
  private final SameUserPeers peers = SameUserPeers.forThisProcess();
  private final Object turn = new Object();
  /** Commits started (each takes a number as it starts). */
  private final AtomicLong started = new AtomicLong();
  /** The number of the last commit that finished (guarded by {@code turn}). */
  private long finished;
  private final LongAdder commits = new LongAdder();
  private final LongAdder commitNanos = new LongAdder();
  private final LongAdder failures = new LongAdder();

  /**
   * The databases opened, for their scan counts. No initializer: the superclass opens the stored
   * databases from its constructor, and an initializer would run after that and drop them.
   */
  private java.util.List<BsonH2Database> databases;

  /**
   * Why the store stopped, or null while it runs: H2 closes a store for good when a commit fails (the
   * full-year benchmark at 512 MB of heap found one that could not allocate its write buffer), and every
   * command after that failed with "This store is closed" while the node went on reporting itself healthy.
   * Acknowledged writes are in the file; a restart opens it again.
   */
  String stopped() {
    org.h2.mvstore.MVStoreException cause = store.getPanicException();
    if (cause == null && !store.isClosed()) {
      return null;
    }
    return "the embedded store stopped after an error" + (cause == null ? "" : " (" + cause.getMessage() + ")")
        + ": restart the node; every acknowledged write is in its file";
  }

  DurableH2Backend(MVStore store) {
    super(store);
    this.store = store;
  }

  /** Databases whose documents are stored as BSON. */
  @Override
  protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
    // getMvStore(): the superclass opens the stored databases from its constructor, before this class's fields are set.
    BsonH2Database db = new BsonH2Database(databaseName, getMvStore(), getCursorRegistry());
    synchronized (this) {
      if (databases == null) {
        databases = new java.util.concurrent.CopyOnWriteArrayList<>();
      }
      databases.add(db);
    }
    return db;
  }

  /** Queries answered by reading a whole collection, by collection name, since the store opened. */
  java.util.Map<String, Long> scans() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    java.util.List<BsonH2Database> dbs;
    synchronized (this) {
      dbs = databases == null ? java.util.List.of() : java.util.List.copyOf(databases);
    }
    dbs.forEach(db -> db.scans().forEach((c, n) -> out.merge(c, n, Long::sum)));
    return out;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    if (refused(channel)) {
      return new Document("ok", 0.0).append("errmsg", REFUSED).append("code", 13).append("codeName", "Unauthorized");
    }
    String stopped = stopped();
    if (stopped != null) {
      // every command, the health check's ping too: a node whose store stopped must say so and be restarted
      return new Document("ok", 0.0).append("errmsg", stopped).append("code", 1).append("codeName", "InternalError");
    }
    try {
      return super.handleCommand(channel, database, command, query);
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    } finally {
      // Also after a failed command: an ordered bulk write may have applied its first documents.
      if (!READS.contains(command) && !carried(query)) {
        makeDurable(started.get() + 1);
      }
    }
  }

  @Override
  public de.bwaldvogel.mongo.backend.QueryResult handleQuery(de.bwaldvogel.mongo.wire.message.MongoQuery query) {
    if (refused(query.getChannel())) {
      throw new MongoServerError(13, "Unauthorized", REFUSED);
    }
    return super.handleQuery(query);
  }

  /** Another user's process gets an error for every request, the first handshake included. */
  private boolean refused(Channel channel) {
    return channel != null && !peers.allowed(channel);
  }

  /**
   * True for a write sent with {@code j: false} ({@link Database#CARRIED}): the caller's next journaled
   * write commits it, so it answers without a commit of its own.
   */
  static boolean carried(Document query) {
    return query.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
  }

  /** Returns once a commit numbered {@code needed} or later has finished. */
  private void makeDurable(long needed) {
    synchronized (turn) {
      if (finished >= needed) {
        return;
      }
      long number = started.incrementAndGet();
      if (store.hasUnsavedChanges()) {
        commits.increment();
      }
      long began = System.nanoTime();
      // Always: it also waits for a background auto-commit that is still writing these changes.
      store.commit();
      commitNanos.add(System.nanoTime() - began);
      finished = number;
    }
  }

  /** Commits made for acknowledged writes since start. */
  long commits() {
    return commits.sum();
  }

  /** Time spent in those commits (and in waiting for a background one), nanoseconds since start. */
  long commitNanos() {
    return commitNanos.sum();
  }

  /** Commands that failed (a duplicate key, a storage error) since start. */
  long failures() {
    return failures.sum();
  }
}
