package dev.quotient.server.activity.imports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.quotient.server.mongo.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Imports in MongoDB: the uploaded file in the GridFS bucket {@value #BUCKET}, and one document per
 * import in {@value #COLLECTION} (its header and sample, the mapping, the last validation report and
 * the job's state), so a finished report survives a restart. Everything is read by {@code _id} and
 * checked against the caller's organisation. Blocking: call from a worker ({@link Database#call}).
 */
final class ImportStore {

  static final String COLLECTION = "activity_imports";
  static final String BUCKET = "activity_imports";
  /** Errors kept with a report; the counts cover them all. */
  static final int MAX_ERRORS_KEPT = 1_000;

  /** Job states. */
  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";
  static final String INTERRUPTED = "interrupted";
  /**
   * A running job shows progress at least this often (a batch of 1,000 takes well under a second); a
   * queued one is marked alive by its node at least this often ({@link #touch}).
   */
  static final java.time.Duration STALE = java.time.Duration.ofMinutes(2);

  private final MongoCollection<Document> imports;
  private final GridFSBucket bucket;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;

  ImportStore(Database database) {
    this.imports = database.collection(COLLECTION);
    this.bucket = GridFSBuckets.create(database.db(), BUCKET);
    this.files = database.collection(BUCKET + ".files");
    this.chunks = database.collection(BUCKET + ".chunks");
  }

  /** Stores the file (streamed from {@code file}, a chunk at a time) and the import's first state; returns its id. */
  String create(String orgId, String userId, String fileName, Path file, long size, CsvFile.Preview preview,
      Mapping guess, Instant now) {
    ObjectId fileId;
    try (InputStream in = Files.newInputStream(file)) {
      // the organisation in the file's metadata: removing an organisation finds its files by it
      fileId = bucket.uploadFromStream(fileName, in, new com.mongodb.client.gridfs.model.GridFSUploadOptions()
          .metadata(new Document("orgId", orgId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String id = new ObjectId().toHexString();
    imports.insertOne(new Document("_id", id).append("orgId", orgId).append("createdBy", userId)
        .append("createdAt", Date.from(now)).append("fileName", fileName).append("size", size)
        .append("fileId", fileId).append("rows", preview.rows()).append("header", preview.header())
        .append("sample", preview.sample()).append("mapping", guess.toDocument()));
    return id;
  }

  /** The import, only when it belongs to the organisation. */
  Optional<Document> get(String orgId, String id) {
    Document d = imports.find(Filters.eq("_id", id)).first();
    return d != null && orgId.equals(d.getString("orgId")) ? Optional.of(d) : Optional.empty();
  }

  /** The stored file, read a chunk at a time at each pass. */
  CsvFile.Source file(Document imported) {
    ObjectId fileId = imported.getObjectId("fileId");
    return () -> {
      Document file = files.find(Filters.eq("_id", fileId)).first();
      if (file == null) {
        throw new IOException("the file of import " + imported.getString("_id") + " is missing");
      }
      return new GridFsInput(chunks, fileId, file.get("length", Number.class).longValue());
    };
  }

  void saveReport(String id, Mapping mapping, ImportCheck.Outcome outcome, Instant now) {
    List<Document> errors = outcome.errors().stream().limit(MAX_ERRORS_KEPT).map(ImportStore::toDocument).toList();
    Document report = new Document("validatedAt", Date.from(now)).append("rows", outcome.rows())
        .append("good", outcome.good()).append("bad", outcome.bad())
        .append("duplicates", outcome.duplicates()).append("errors", errors)
        .append("errorCount", outcome.errorCount());
    imports.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("mapping", mapping.toDocument()),
        Updates.set("report", report)));
  }

  /**
   * Marks the job started ({@link #RUNNING}) or waiting ({@link #QUEUED}) unless one is running or
   * waiting: a single-document update, so two confirmations at once start one job. False when a job
   * is running or waiting. One whose node stopped (no sign of life for {@link #STALE}) counts as
   * interrupted: confirming again resumes it, the stored rows being duplicates then.
   *
   * @param total the good rows the last validation counted; the job sets the exact figure when done
   */
  boolean startJob(String id, String state, long total, Instant now) {
    Document job = new Document("state", state).append("total", total).append("processed", 0L)
        .append("created", 0L).append("duplicates", 0L).append("failed", 0L).append("errors", List.of())
        .append("startedAt", Date.from(now)).append("updatedAt", Date.from(now));
    return imports.updateOne(Filters.and(Filters.eq("_id", id), Filters.or(Filters.nin("job.state", RUNNING, QUEUED),
        Filters.lt("job.updatedAt", Date.from(now.minus(STALE))))), Updates.set("job", job)).getModifiedCount() == 1;
  }

  /** A queued job starts running. */
  void running(String id, Instant now) {
    imports.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("job.state", RUNNING),
        Updates.set("job.updatedAt", Date.from(now))));
  }

  /** The node still holds these queued jobs: they are not stale. */
  void touch(List<String> queued, Instant now) {
    imports.updateMany(Filters.and(Filters.in("_id", queued), Filters.eq("job.state", QUEUED)),
        Updates.set("job.updatedAt", Date.from(now)));
  }

  /**
   * The job's state as callers see it: a running or queued job without a sign of life for {@link
   * #STALE} was interrupted.
   */
  static String state(Document job, Instant now) {
    String state = job.getString("state");
    Date updated = job.getDate("updatedAt");
    return (RUNNING.equals(state) || QUEUED.equals(state)) && updated != null && updated.toInstant().isBefore(now.minus(STALE))
        ? INTERRUPTED : state;
  }

  void progress(String id, long processed, long created, long duplicates, long failed, List<RowError> errors,
      Instant now) {
    imports.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("job.processed", processed),
        Updates.set("job.updatedAt", Date.from(now)),
        Updates.set("job.created", created), Updates.set("job.duplicates", duplicates),
        Updates.set("job.failed", failed),
        Updates.set("job.errors", errors.stream().limit(MAX_ERRORS_KEPT).map(ImportStore::toDocument).toList())));
  }

  void finish(String id, String state, Instant now) {
    imports.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("job.state", state),
        Updates.set("job.finishedAt", Date.from(now))));
  }

  /** The job is done: {@code total} good rows, all processed. */
  void done(String id, long total, Instant now) {
    imports.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("job.state", DONE),
        Updates.set("job.total", total), Updates.set("job.processed", total),
        Updates.set("job.updatedAt", Date.from(now)), Updates.set("job.finishedAt", Date.from(now))));
  }

  static Document toDocument(RowError e) {
    return new Document("row", e.row()).append("column", e.column()).append("field", e.field())
        .append("key", e.messageKey()).append("args", e.args().stream().map(CsvFile::cut).toList());
  }

  static RowError rowError(Document d) {
    return new RowError(d.get("row", Number.class).longValue(), d.getString("column"), d.getString("field"),
        d.getString("key"), d.getList("args", String.class, List.of()));
  }
}
