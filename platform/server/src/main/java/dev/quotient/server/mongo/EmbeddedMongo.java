package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: a MongoDB wire-protocol server in this process, on loopback, keeping its data in
 * one H2 MVStore file under the data directory. Writes are durable when acknowledged ({@link
 * DurableH2Backend}).
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  /**
   * Old chunks are kept this long before their space is reused. The stock 45 s bloats the file under
   * commit-per-write. Running reads do not depend on it: each command holds the version it reads
   * ({@link VersionHoldingH2Backend}), whatever the retention.
   */
  private static final int RETENTION_MILLIS = 5_000;

  private final MVStore store;
  private final MongoServer server;
  private final String connectionString;

  private final DurableH2Backend backend;
  private final Path file;

  private EmbeddedMongo(MVStore store, MongoServer server, String connectionString, DurableH2Backend backend,
      Path file) {
    this.store = store;
    this.server = server;
    this.connectionString = connectionString;
    this.backend = backend;
    this.file = file;
  }

  /**
   * The store's figures for the operator: commits and the time they took, failed commands, the file's
   * size.
   */
  public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.FunctionCounter.builder("quotient.store.commits", backend, DurableH2Backend::commits)
        .description("commits made for acknowledged writes").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("quotient.store.commit.seconds", backend,
            b -> b.commitNanos() / 1e9)
        .description("time spent committing acknowledged writes").baseUnit("seconds").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("quotient.store.command.failures", backend,
            DurableH2Backend::failures)
        .description("store commands that failed (duplicate keys included)").register(registry);
    io.micrometer.core.instrument.Gauge.builder("quotient.store.file.bytes", file, f -> {
      try {
        return Files.size(f);
      } catch (IOException e) {
        return Double.NaN;
      }
    }).description("size of quotient.mv").baseUnit("bytes").register(registry);
  }

  /**
   * Queries answered by reading a whole collection (no index could narrow them), by collection name,
   * since the store opened: what an operator watches to find reads that grow with the data.
   */
  public java.util.Map<String, Long> scans() {
    return backend.scans();
  }

  /** Opens (or creates) {@code <dataDir>/quotient.mv} and listens on a free loopback port. */
  public static EmbeddedMongo start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    Path file = dataDir.resolve("quotient.mv");
    long began = System.nanoTime();
    MVStore store = openStore(file);
    long opened = System.nanoTime();
    // Reclaim space left by the per-write commits of the last run.
    store.compactFile(2_000);
    LOG.info("store opened in {} ms, compacted in {} ms", (opened - began) / 1_000_000,
        (System.nanoTime() - opened) / 1_000_000);
    DurableH2Backend backend = new DurableH2Backend(store);
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    LOG.info("embedded MongoDB-protocol server on {} storing in {}", uri, file);
    return new EmbeddedMongo(store, server, uri, backend, file);
  }

  /**
   * The store file as the platform opens it. Not compressed: most stored bytes are uploaded files (PDF,
   * Office, images) that are compressed already, and compressing them again cut library uploads to a
   * third of the speed (25 against 80 MB/s).
   */
  public static MVStore openStore(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    store.setRetentionTime(RETENTION_MILLIS);
    return store;
  }

  public String connectionString() {
    return connectionString;
  }

  /**
   * Writes a consistent copy of the store, while it serves, into {@code target} (a zip holding
   * {@code quotient.mv}). File space is not reused while it copies, so every chunk already written
   * stays as it is, and the copy takes the file as long as it was when the backup began, headers
   * first: later chunks are left out (H2's own online backup copies until the end of a file that keeps
   * growing under writes, which chased the writers for a minute under load). A chunk being written as
   * the backup began fails its checksum and is ignored when the copy is opened. Every write
   * acknowledged before the call is in it.
   */
  public void backup(Path target) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      var files = store.getFileStore();
      boolean reused = files.isSpaceReused();
      files.setReuseSpace(false);
      try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file,
              java.nio.file.StandardOpenOption.READ);
          java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(partial))) {
        long size = in.size();
        zip.putNextEntry(new java.util.zip.ZipEntry("quotient.mv"));
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < size; ) {
          buffer.clear().limit((int) Math.min(buffer.capacity(), size - at));
          int n = in.read(buffer, at);
          if (n < 0) {
            break;
          }
          zip.write(buffer.array(), 0, n);
          at += n;
        }
        zip.closeEntry();
      } finally {
        files.setReuseSpace(reused);
      }
      Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the backup " + target, e);
    }
  }

  /**
   * Makes {@code dataDir} (which must hold no store yet) the data directory of a backup: unpacks its
   * {@code quotient.mv} and opens it once to check it. For a stopped platform only.
   */
  public static void restore(Path backup, Path dataDir) {
    Path file = dataDir.resolve("quotient.mv");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists: restore into a new data directory");
    }
    try {
      Files.createDirectories(dataDir);
      boolean found = false;
      try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(backup))) {
        for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          if (Path.of(e.getName()).getFileName().toString().equals("quotient.mv")) {
            Files.copy(zip, file);
            found = true;
          }
        }
      }
      if (!found) {
        throw new IllegalStateException(backup + " holds no quotient.mv: not a backup of this platform");
      }
      openStore(file).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore " + backup + " into " + dataDir, e);
    }
  }

  /** Why the store stopped after an error (empty while it runs, and once {@link #close} began). */
  public java.util.Optional<String> stopped() {
    return closing ? java.util.Optional.empty() : java.util.Optional.ofNullable(backend.stopped());
  }

  /** The store, for tests that stop it as a failed commit does. */
  MVStore store() {
    return store;
  }

  private volatile boolean closing;

  @Override
  public void close() {
    closing = true;
    if (store.getPanicException() != null && !store.isClosed()) {
      // stopped after an error: closed at once, as H2 does after a failed commit (a normal close would
      // try to commit first and wait on the stopped store for ever)
      store.closeImmediately();
    }
    server.shutdownNow();
    if (!store.isClosed()) {
      store.close();
    }
  }
}
