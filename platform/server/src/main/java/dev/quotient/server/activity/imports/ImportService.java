package dev.quotient.server.activity.imports;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.User;
import dev.quotient.server.activity.ActivityService;
import dev.quotient.server.activity.ActivityStore;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.web.ItemErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV import of a CRM export into the activity log, in steps that each leave the log untouched until
 * the last: upload (the file is kept, its header and a sample shown), validation with a mapping (a
 * report per row), confirmation (a job records the good rows through {@link ActivityService} in
 * batches of {@value ActivityService#MAX_BATCH}). Client ids make every repeat a duplicate, so a file
 * imported twice, or a job resumed, stores each activity once.
 *
 * <p>Memory stays bounded whatever the file: every pass streams the stored file ({@link ImportCheck}),
 * a job holds one batch, and errors are kept up to {@link ImportStore#MAX_ERRORS_KEPT}. Passes over
 * whole files are limited per node ({@link ImportLimits#jobs} at once, {@link ImportLimits#queue}
 * more waiting): validations wait for a place, jobs wait as {@code queued} with their position, and
 * past the queue both are refused with 503 before anything is stored.
 */
public final class ImportService {

  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
  static final int SAMPLE_ROWS = 5;
  /** How often this node marks its queued jobs alive (well inside {@link ImportStore#STALE}). */
  static final long TOUCH_QUEUED_MILLIS = 30_000;

  private final Database database;
  private final ImportStore store;
  private final ActivityService activities;
  private final AccountStore accounts;
  private final ImportLimits limits;
  private final Clock clock;
  private final ImportQueue jobs;
  private final ImportQueue checks;

  public ImportService(Vertx vertx, Database database, ActivityService activities, AccountStore accounts,
      ImportLimits limits, Clock clock) {
    this.database = database;
    this.store = new ImportStore(database);
    this.activities = activities;
    this.accounts = accounts;
    this.limits = limits;
    this.clock = clock;
    this.jobs = new ImportQueue(limits.jobs(), limits.queue());
    this.checks = new ImportQueue(limits.jobs(), limits.queue());
    vertx.setPeriodic(TOUCH_QUEUED_MILLIS, t -> touchQueued());
  }

  public ImportLimits limits() {
    return limits;
  }

  /** The place of a queued job in this node's queue (1 = next), 0 when it does not wait here. */
  int position(String id) {
    return jobs.position(id);
  }

  /**
   * Keeps an uploaded file, read from {@code file} (which the caller deletes afterwards): 400 when it
   * is not CSV with a header, 413 past the size or row limit.
   */
  public Future<Document> upload(CurrentUser caller, String fileName, Path file, long size) {
    return database.call(() -> {
      if (size > limits.maxBytes()) {
        throw new ClientError(413, "error.import.tooLarge", limits.maxBytes() / (1024 * 1024));
      }
      if (size == 0) {
        throw ClientError.badRequest("error.import.empty");
      }
      CsvFile.Preview preview = CsvFile.of(() -> java.nio.file.Files.newInputStream(file))
          .preview(limits.maxRows(), SAMPLE_ROWS);
      String id = store.create(caller.orgId(), caller.userId(), fileName, file, size, preview,
          Mapping.guess(preview.header()), clock.instant());
      return find(caller, id);
    });
  }

  /** The import: 404 for another organisation's or an unknown one. */
  public Future<Document> get(CurrentUser caller, String id) {
    return database.call(() -> find(caller, id));
  }

  /**
   * Runs the validation with this mapping and keeps its report; nothing is recorded. Waits for a place
   * among this node's passes; 503 when too many wait already.
   */
  public Future<Document> validate(CurrentUser caller, String id, Mapping mapping) {
    return checks.submit(() -> database.call(() -> {
      Document imported = find(caller, id);
      ImportCheck.Outcome outcome = ImportCheck.run(CsvFile.of(store.file(imported)), limits.maxRows(), mapping,
          caller.zone(), users(caller), clock.instant(), stored(caller), ActivityService.MAX_BATCH);
      store.saveReport(id, mapping, outcome, clock.instant());
      return find(caller, id);
    }));
  }

  /**
   * Starts the job that records the good rows, checked again with the mapping of the last validation,
   * or queues it when {@link ImportLimits#jobs} run already. 409 when there was no validation, when it
   * found bad rows and {@code acceptBadRows} is false, or when a job is running or queued; 503 when
   * {@link ImportLimits#queue} jobs wait already (nothing is changed then).
   */
  public Future<Document> confirm(CurrentUser caller, String id, boolean acceptBadRows) {
    return database.call(() -> {
      Document imported = find(caller, id);
      Document report = imported.get("report", Document.class);
      if (report == null) {
        throw ClientError.conflict("error.import.notValidated");
      }
      long bad = report.get("bad", Number.class).longValue();
      if (bad > 0 && !acceptBadRows) {
        throw ClientError.conflict("error.import.confirmBad", bad);
      }
      Mapping mapping = Mapping.from(imported.get("mapping", Document.class));
      ImportQueue.Ticket ticket = jobs.reserve(id);
      boolean started;
      try {
        started = store.startJob(id, ticket.atOnce() ? ImportStore.RUNNING : ImportStore.QUEUED,
            report.get("good", Number.class).longValue(), clock.instant());
      } catch (RuntimeException e) {
        ticket.cancel();
        throw e;
      }
      if (!started) {
        ticket.cancel();
        throw ClientError.conflict("error.import.running");
      }
      return new Started(find(caller, id), ticket, new Job(caller, id, mapping));
    }).map(started -> {
      started.ticket().start(started.job()::run);
      return started.imported();
    });
  }

  private record Started(Document imported, ImportQueue.Ticket ticket, Job job) {}

  private Document find(CurrentUser caller, String id) {
    return store.get(caller.orgId(), id).orElseThrow(() -> ClientError.notFound("error.import.unknown"));
  }

  private Map<String, String> users(CurrentUser caller) {
    Map<String, String> users = new HashMap<>();
    for (User u : accounts.users(caller.orgId())) {
      users.put(u.id(), u.id());
      users.put(AccountStore.normaliseEmail(u.email()), u.id());
    }
    return users;
  }

  private java.util.function.Function<Set<String>, Map<String, String>> stored(CurrentUser caller) {
    ActivityStore log = activities.store();
    return ids -> log.fingerprints(caller.orgId(), ids);
  }

  private void touchQueued() {
    List<String> queued = jobs.waitingIds();
    if (!queued.isEmpty()) {
      database.call(() -> {
        store.touch(queued, clock.instant());
        return null;
      }).onFailure(e -> LOG.warn("queued imports could not be marked alive", e));
    }
  }

  /**
   * One running import: one streaming pass over the file, batch after batch of good rows recorded, its
   * progress kept in the import's document after each. Holds one batch and the first errors.
   */
  private final class Job {

    private final CurrentUser caller;
    private final String id;
    private final Mapping mapping;
    private final RowErrors errors = new RowErrors(ImportStore.MAX_ERRORS_KEPT);
    private final Promise<Void> done = Promise.promise();
    private ImportCheck check;
    private long processed;
    private long created;
    private long duplicates;
    private long failed;

    Job(CurrentUser caller, String id, Mapping mapping) {
      this.caller = caller;
      this.id = id;
      this.mapping = mapping;
    }

    /** Runs the job; the future completes when it is done or failed (its state is then saved). */
    Future<Void> run() {
      database.call(() -> {
        store.running(id, clock.instant());
        Document imported = find(caller, id);
        // Not compared with the stored log again: recording reports duplicates and refuses conflicts
        // itself, and a lookup per batch would read a log that grows with every batch.
        check = ImportCheck.open(CsvFile.of(store.file(imported)), limits.maxRows(), mapping, caller.zone(),
            users(caller), clock.instant(), ids -> Map.of());
        return null;
      }).onSuccess(v -> next()).onFailure(this::fail);
      return done.future();
    }

    private void next() {
      database.call(() -> check.finished() ? null : check.next(ActivityService.MAX_BATCH))
          .compose(batch -> {
            if (batch == null) {
              return database.call(() -> {
                close();
                store.done(id, processed, clock.instant());
                return true;
              });
            }
            Future<Void> recorded = batch.isEmpty() ? Future.succeededFuture() : record(batch, true);
            return recorded.compose(v -> database.call(() -> {
              processed += batch.size();
              store.progress(id, processed, created, duplicates, failed, errors.kept(), clock.instant());
              return false;
            }));
          })
          .onSuccess(finished -> {
            if (finished) {
              done.complete();
            } else {
              next();
            }
          })
          .onFailure(this::fail);
    }

    private void fail(Throwable e) {
      LOG.error("import {} failed after {} rows", id, processed, e);
      close();
      database.call(() -> {
        store.finish(id, ImportStore.FAILED, clock.instant());
        return null;
      }).onComplete(r -> done.tryFail(e));
    }

    private void close() {
      if (check != null) {
        check.close();
      }
    }

    /**
     * Records a batch. Rows refused now though they passed the check (a user or an id changed meanwhile)
     * are counted as failed with their errors, and the rest of the batch is recorded once more.
     */
    private Future<Void> record(List<ImportCheck.Good> batch, boolean retry) {
      List<JsonObject> items = batch.stream().map(ImportCheck.Good::item).toList();
      return activities.record(caller, items, false).map(result -> {
        for (ActivityStore.Outcome o : result.outcomes()) {
          if (o.duplicate()) {
            duplicates++;
          } else {
            created++;
          }
        }
        return (Void) null;
      }).recover(e -> {
        if (!(e instanceof ItemErrors refused) || !retry) {
          return Future.failedFuture(e);
        }
        Set<Integer> bad = new HashSet<>();
        for (ItemErrors.Item item : refused.items()) {
          bad.add(item.index());
          String column = ImportField.byItemKey(item.field()).map(f -> mapping.columns().getOrDefault(f, ""))
              .orElse("");
          errors.add(new RowError(batch.get(item.index()).row(), column, item.field(), item.messageKey(),
              Arrays.stream(item.args()).map(String::valueOf).toList()));
        }
        failed += bad.size();
        List<ImportCheck.Good> rest = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          if (!bad.contains(i)) {
            rest.add(batch.get(i));
          }
        }
        return rest.isEmpty() ? Future.succeededFuture() : record(rest, false);
      });
    }
  }
}
