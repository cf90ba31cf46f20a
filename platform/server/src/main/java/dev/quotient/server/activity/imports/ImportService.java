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
import io.vertx.core.json.JsonObject;
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
 */
public final class ImportService {

  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
  static final int SAMPLE_ROWS = 5;

  private final Database database;
  private final ImportStore store;
  private final ActivityService activities;
  private final AccountStore accounts;
  private final ImportLimits limits;
  private final Clock clock;

  public ImportService(Database database, ActivityService activities, AccountStore accounts, ImportLimits limits,
      Clock clock) {
    this.database = database;
    this.store = new ImportStore(database);
    this.activities = activities;
    this.accounts = accounts;
    this.limits = limits;
    this.clock = clock;
  }

  public ImportLimits limits() {
    return limits;
  }

  /** Keeps an uploaded file: 400 when it is not CSV with a header, 413 past the row limit. */
  public Future<Document> upload(CurrentUser caller, String fileName, byte[] bytes) {
    return database.call(() -> {
      if (bytes.length > limits.maxBytes()) {
        throw new ClientError(413, "error.import.tooLarge", limits.maxBytes() / (1024 * 1024));
      }
      if (bytes.length == 0) {
        throw ClientError.badRequest("error.import.empty");
      }
      CsvFile.Preview preview = CsvFile.of(bytes).preview(limits.maxRows(), SAMPLE_ROWS);
      String id = store.create(caller.orgId(), caller.userId(), fileName, bytes, preview,
          Mapping.guess(preview.header()), clock.instant());
      return find(caller, id);
    });
  }

  /** The import: 404 for another organisation's or an unknown one. */
  public Future<Document> get(CurrentUser caller, String id) {
    return database.call(() -> find(caller, id));
  }

  /** Runs the validation with this mapping and keeps its report; nothing is recorded. */
  public Future<Document> validate(CurrentUser caller, String id, Mapping mapping) {
    return database.call(() -> {
      Document imported = find(caller, id);
      ImportCheck.Outcome outcome = check(caller, imported, mapping);
      store.saveReport(id, mapping, outcome, clock.instant());
      return find(caller, id);
    });
  }

  /**
   * Starts the job that records the good rows, checked again with the mapping of the last validation.
   * 409 when there was no validation, when it found bad rows and {@code acceptBadRows} is false, or
   * when a job is running.
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
      ImportCheck.Outcome outcome = check(caller, imported, mapping);
      if (!store.startJob(id, outcome.good().size(), clock.instant())) {
        throw ClientError.conflict("error.import.running");
      }
      return new Started(find(caller, id), mapping, outcome.good());
    }).map(started -> {
      new Job(caller, id, started.mapping(), started.good()).next(0);
      return started.imported();
    });
  }

  private record Started(Document imported, Mapping mapping, List<ImportCheck.Good> good) {}

  private Document find(CurrentUser caller, String id) {
    return store.get(caller.orgId(), id).orElseThrow(() -> ClientError.notFound("error.import.unknown"));
  }

  private ImportCheck.Outcome check(CurrentUser caller, Document imported, Mapping mapping) {
    Map<String, String> users = new HashMap<>();
    for (User u : accounts.users(caller.orgId())) {
      users.put(u.id(), u.id());
      users.put(AccountStore.normaliseEmail(u.email()), u.id());
    }
    ActivityStore log = activities.store();
    return ImportCheck.run(CsvFile.of(store.file(imported)), limits.maxRows(), mapping, caller.zone(), users,
        clock.instant(), ids -> log.fingerprints(caller.orgId(), ids));
  }

  /** One running import: batch after batch, its progress kept in the import's document after each. */
  private final class Job {

    private final CurrentUser caller;
    private final String id;
    private final Mapping mapping;
    private final List<ImportCheck.Good> good;
    private final List<RowError> errors = new ArrayList<>();
    private long created;
    private long duplicates;
    private long failed;

    Job(CurrentUser caller, String id, Mapping mapping, List<ImportCheck.Good> good) {
      this.caller = caller;
      this.id = id;
      this.mapping = mapping;
      this.good = good;
    }

    void next(int from) {
      if (from >= good.size()) {
        database.call(() -> {
          store.finish(id, ImportStore.DONE, clock.instant());
          return null;
        }).onFailure(e -> LOG.warn("import {} finished but its state was not saved", id, e));
        return;
      }
      List<ImportCheck.Good> batch = good.subList(from, Math.min(good.size(), from + ActivityService.MAX_BATCH));
      record(batch, true)
          .compose(v -> database.call(() -> {
            store.progress(id, from + batch.size(), created, duplicates, failed, errors, clock.instant());
            return null;
          }))
          .onSuccess(v -> next(from + batch.size()))
          .onFailure(e -> {
            LOG.error("import {} failed after {} rows", id, from, e);
            database.call(() -> {
              store.finish(id, ImportStore.FAILED, clock.instant());
              return null;
            });
          });
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
