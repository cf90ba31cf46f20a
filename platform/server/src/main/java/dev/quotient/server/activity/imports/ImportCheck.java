package dev.quotient.server.activity.imports;

import dev.quotient.server.activity.Activity;
import dev.quotient.server.activity.ActivityValidation;
import dev.quotient.server.web.ItemErrors;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The validation of a file, storing nothing, as one streaming pass: every row converted
 * ({@link RowConverter}) and checked by the same rules as the API ({@link ActivityValidation}), rows
 * repeating an id of the file compared, and the good rows compared with what is stored, a batch at a
 * time, so that a file imported before shows its rows as duplicates rather than errors.
 *
 * <p>Memory: one batch of rows (at most {@code batchSize}), the first {@link ImportStore#MAX_ERRORS_KEPT}
 * errors, and per distinct id of the file its first row and a 64-bit hash of its content (bounded by
 * the row limit). The pass never holds the file, its good rows or all of its errors. Blocking and
 * not thread-safe: one worker at a time, as a chain of futures calls it.
 */
final class ImportCheck implements AutoCloseable {

  /** A row that will become an activity, as the item to record. */
  record Good(long row, JsonObject item) {}

  /**
   * The outcome: how many rows there were, were good (including duplicates), were bad and are already
   * stored (or repeat an earlier row of the file); the first bad rows' errors in row order with the
   * count of all.
   */
  record Outcome(long rows, long good, long bad, long duplicates, List<RowError> errors, long errorCount) {}

  /** The first row of an id in the file and a hash of that row's content. */
  private record Seen(long row, long fingerprint) {}

  private final CsvFile.Rows rows;
  private final Instant now;
  private final Function<Set<String>, Map<String, String>> stored;
  private final RowConverter converter;
  private final Map<String, Seen> seen = new HashMap<>();
  private final Set<String> conflicting = new HashSet<>();
  private final RowErrors errors = new RowErrors(ImportStore.MAX_ERRORS_KEPT);
  private long count;
  private long good;
  private long bad;
  private long duplicates;
  private boolean finished;

  private ImportCheck(CsvFile.Rows rows, Mapping mapping, ZoneId zone, Map<String, String> users, Instant now,
      Function<Set<String>, Map<String, String>> stored) {
    this.rows = rows;
    this.now = now;
    this.stored = stored;
    this.converter = new RowConverter(rows.header(), mapping, zone, users);
  }

  /**
   * Opens a pass over {@code file}. Blocking.
   *
   * @param stored the fingerprints of the stored activities among the given client ids
   */
  static ImportCheck open(CsvFile file, long maxRows, Mapping mapping, ZoneId zone, Map<String, String> users,
      Instant now, Function<Set<String>, Map<String, String>> stored) {
    CsvFile.Rows rows = file.open(maxRows);
    try {
      return new ImportCheck(rows, mapping, zone, users, now, stored);
    } catch (RuntimeException e) {
      rows.close();
      throw e;
    }
  }

  /** The whole pass, keeping only counts and the first errors. Blocking. */
  static Outcome run(CsvFile file, long maxRows, Mapping mapping, ZoneId zone, Map<String, String> users,
      Instant now, Function<Set<String>, Map<String, String>> stored, int batchSize) {
    try (ImportCheck check = open(file, maxRows, mapping, zone, users, now, stored)) {
      while (!check.finished()) {
        check.next(batchSize);
      }
      return check.outcome();
    }
  }

  /**
   * Reads up to {@code batchSize} more rows and returns the good ones among them, in row order (empty
   * when all were bad or the file ended). Errors of the rows read are counted in row order.
   */
  List<Good> next(int batchSize) {
    List<Good> batch = new ArrayList<>();
    List<RowError> pending = new ArrayList<>();
    Map<String, String> firsts = new LinkedHashMap<>();
    int read = 0;
    while (read < batchSize) {
      CsvFile.Row row = rows.next();
      if (row == null) {
        finished = true;
        break;
      }
      read++;
      count++;
      List<RowError> rowErrors = new ArrayList<>();
      JsonObject item = converter.convert(row, rowErrors);
      Set<String> failed = new HashSet<>();
      rowErrors.forEach(e -> failed.add(e.field()));
      List<ItemErrors.Item> items = new ArrayList<>();
      Activity a = ActivityValidation.parse(0, item, now, items);
      for (ItemErrors.Item i : items) {
        if (failed.add(i.field())) {
          rowErrors.add(new RowError(row.number(), converter.column(i.field()), i.field(), i.messageKey(),
              Arrays.stream(i.args()).map(String::valueOf).toList()));
        }
      }
      if (a != null && rowErrors.isEmpty()) {
        long hash = hash(a.fingerprint());
        Seen earlier = seen.putIfAbsent(a.clientId(), new Seen(row.number(), hash));
        if (earlier == null) {
          firsts.put(a.clientId(), a.fingerprint());
        } else if (earlier.fingerprint() == hash) {
          duplicates++;
        } else {
          rowErrors.add(new RowError(row.number(), converter.column("id"), "id", "error.import.repeated",
              List.of(a.clientId(), String.valueOf(earlier.row()))));
        }
      }
      if (rowErrors.isEmpty()) {
        batch.add(new Good(row.number(), item));
      } else {
        bad++;
        pending.addAll(rowErrors);
      }
    }
    // The batch's new ids against the stored log: the same content is a duplicate, other content a conflict.
    if (!firsts.isEmpty()) {
      stored.apply(firsts.keySet()).forEach((clientId, fingerprint) -> {
        if (fingerprint.equals(firsts.get(clientId))) {
          duplicates++;
        } else {
          conflicting.add(clientId);
        }
      });
    }
    List<Good> kept = batch;
    if (!conflicting.isEmpty()) {
      kept = new ArrayList<>(batch.size());
      for (Good g : batch) {
        String clientId = g.item().getString("id");
        if (conflicting.contains(clientId)) {
          bad++;
          pending.add(new RowError(g.row(), converter.column("id"), "id", "error.activity.conflict",
              List.of(clientId)));
        } else {
          kept.add(g);
        }
      }
    }
    pending.sort(Comparator.comparingLong(RowError::row));
    errors.addAll(pending);
    good += kept.size();
    return kept;
  }

  /** True once the last row was read. */
  boolean finished() {
    return finished;
  }

  Outcome outcome() {
    return new Outcome(count, good, bad, duplicates, errors.kept(), errors.count());
  }

  @Override
  public void close() {
    rows.close();
  }

  /** FNV-1a over the text's characters: 64 bits, so two different rows share one by chance only. */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
