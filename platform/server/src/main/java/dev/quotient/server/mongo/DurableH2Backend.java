package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend with one change: every command that changed data is committed to the file before
 * the server writes its reply, and concurrent commands share one commit (group commit). The stock
 * backend commits about once a second, so a crash lost the last second of writes the client had
 * already been told were stored.
 *
 * <p>The wire handler calls {@link #handleCommand} and sends the reply only after it returns, so a
 * commit here orders "on disk" before "acknowledged". A command notes the store's version after it
 * applied its change, then takes the commit turn: if a commit that began after that version was closed
 * has finished meanwhile, its change is on disk already and it answers at once; otherwise it commits
 * everything written so far, for itself and for every command that queued behind it.
 */
final class DurableH2Backend extends H2Backend {

  /** Commands that never change data: they answer without a commit. */
  private static final Set<String> READS = Set.of("find", "getMore", "getmore", "count", "distinct",
      "listCollections", "listIndexes", "listDatabases", "ping", "isMaster", "ismaster", "hello", "buildInfo",
      "buildinfo", "killCursors", "endSessions", "getParameter", "serverStatus", "dbStats", "dbstats", "collStats",
      "collstats", "whatsmyuri", "getLog", "hostInfo", "connectionStatus", "getlasterror", "getLastError");

  private final MVStore store;
  private final Object turn = new Object();
  /** Every change of a version up to this one is in the file. */
  private long durable = -1;
  private final LongAdder commits = new LongAdder();

  DurableH2Backend(MVStore store) {
    super(store);
    this.store = store;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      // Also after a failed command: an ordered bulk write may have applied its first documents.
      if (!READS.contains(command)) {
        makeDurable(store.getCurrentVersion());
      }
    }
  }

  /** Returns once every change of {@code version} and before is in the file. */
  private void makeDurable(long version) {
    synchronized (turn) {
      if (durable >= version) {
        return;
      }
      // Only versions before the one open now are whole: a write still landing in the open version may
      // miss this commit's snapshot, so its writer must see a commit that began after the version closed.
      long upTo = store.getCurrentVersion() - 1;
      if (store.hasUnsavedChanges()) {
        commits.increment();
      }
      // Always: it also waits for a background auto-commit that is still writing these changes.
      store.commit();
      durable = upTo;
    }
  }

  /** Commits made for acknowledged writes since start. */
  long commits() {
    return commits.sum();
  }
}
