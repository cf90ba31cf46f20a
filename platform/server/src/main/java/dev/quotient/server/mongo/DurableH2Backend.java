package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend with one change: every command that changed data is committed to the file before
 * the server writes its reply. The stock backend commits about once a second, so a crash lost the
 * last second of writes the client had already been told were stored.
 *
 * <p>The wire handler calls {@link #handleCommand} and sends the reply only after it returns, so a
 * commit here orders "on disk" before "acknowledged". {@link MVStore#commit()} is thread-safe:
 * concurrent writers queue and share one commit.
 */
final class DurableH2Backend extends H2Backend {

  private final MVStore store;

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
      if (store.hasUnsavedChanges()) {
        store.commit();
      }
    }
  }
}
