package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend whose commands hold the store version they read: a scan never loses its pages, however
 * long it runs and however much is written meanwhile ("Chunk ... not found" cannot happen by design).
 *
 * <p>Why it failed: a scan walks an {@code MVMap} cursor from the root it captured when it started. Other
 * commands commit meanwhile, and the store's housekeeping rewrites thinly filled chunks, moving the
 * map's live pages elsewhere; the chunks the scan has yet to read become dead at the current version.
 * {@code FileStore.dropUnusedChunks} frees a dead chunk once it is older than the retention time and
 * became unused before the oldest version to keep, which without readers is just "five versions ago"
 * (a few milliseconds under commit-per-write). The scan then asks for a chunk that is gone.
 *
 * <p>Why this is sound: every command registers as a user of the current version ({@link
 * MVStore#registerVersionUsage()}) before it touches a map, and deregisters when it has answered. The
 * oldest version to keep is then at most the registered version {@code R}, and a dead chunk is freed only
 * if it became unused at a version before that. Any page a command reaches was live in a root taken at
 * version {@code R} or later, so its chunk cannot become unused before {@code R}: it stays readable until
 * the command ends. This is the mechanism H2's own transactions and chunk rewriting use. A command is the
 * whole life of a read here: a query or an aggregation collects its whole result while it runs, and
 * {@code getMore} only hands on documents already in memory, so holding per command covers every read.
 *
 * <p>Cost: an atomic increment and decrement per command. Nothing waits: commits go on, only the reuse of
 * chunks a running read still needs is put off until it ends, so the file can grow for as long as the
 * longest read under writes.
 */
class VersionHoldingH2Backend extends H2Backend {

  private final MVStore store;

  VersionHoldingH2Backend(MVStore store) {
    super(store);
    this.store = store;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    MVStore.TxCounter held = store.registerVersionUsage();
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      store.deregisterVersionUsage(held);
    }
  }

  /** The legacy query message: the same hold as a command. */
  @Override
  public QueryResult handleQuery(MongoQuery query) {
    MVStore.TxCounter held = store.registerVersionUsage();
    try {
      return super.handleQuery(query);
    } finally {
      store.deregisterVersionUsage(held);
    }
  }
}
