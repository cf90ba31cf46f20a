package dev.quotient.server.activity.imports;

import dev.quotient.server.activity.Activity;
import dev.quotient.server.activity.ActivityValidation;
import dev.quotient.server.web.ItemErrors;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The validation run over a whole file, storing nothing: every row converted ({@link RowConverter}) and
 * checked by the same rules as the API ({@link ActivityValidation}), rows repeating an id of the file
 * compared, and the good rows compared with what is stored, so that a file imported before shows its
 * rows as duplicates rather than errors.
 */
final class ImportCheck {

  /** A row that will become an activity, as the item to record. */
  record Good(long row, JsonObject item) {}

  /**
   * The outcome: the good rows (including duplicates), the bad rows' errors in row order, and how
   * many rows there were, were bad, and are already stored (or repeat an earlier row of the file).
   */
  record Outcome(List<Good> good, List<RowError> errors, long rows, long bad, long duplicates) {}

  private ImportCheck() {}

  /**
   * Blocking.
   *
   * @param stored the fingerprints of the stored activities among the given client ids
   */
  static Outcome run(CsvFile file, long maxRows, Mapping mapping, java.time.ZoneId zone, Map<String, String> users,
      Instant now, Function<Set<String>, Map<String, String>> stored) {
    List<Good> good = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    Map<String, String> fingerprints = new HashMap<>();
    Map<String, Long> firstRow = new HashMap<>();
    long[] rows = {0};
    long[] bad = {0};
    long[] repeats = {0};
    RowConverter[] converter = new RowConverter[1];
    file.read(maxRows, row -> {
      rows[0]++;
      List<RowError> rowErrors = new ArrayList<>();
      JsonObject item = converter[0].convert(row, rowErrors);
      Set<String> failed = new HashSet<>();
      rowErrors.forEach(e -> failed.add(e.field()));
      List<ItemErrors.Item> items = new ArrayList<>();
      Activity a = ActivityValidation.parse(0, item, now, items);
      for (ItemErrors.Item i : items) {
        if (failed.add(i.field())) {
          rowErrors.add(new RowError(row.number(), converter[0].column(i.field()), i.field(), i.messageKey(),
              Arrays.stream(i.args()).map(String::valueOf).toList()));
        }
      }
      if (a != null && rowErrors.isEmpty()) {
        String earlier = fingerprints.putIfAbsent(a.clientId(), a.fingerprint());
        if (earlier == null) {
          firstRow.put(a.clientId(), row.number());
        } else if (earlier.equals(a.fingerprint())) {
          repeats[0]++;
        } else {
          rowErrors.add(new RowError(row.number(), converter[0].column("id"), "id", "error.import.repeated",
              List.of(a.clientId(), String.valueOf(firstRow.get(a.clientId())))));
        }
      }
      if (rowErrors.isEmpty()) {
        good.add(new Good(row.number(), item));
      } else {
        bad[0]++;
        errors.addAll(rowErrors);
      }
    }, header -> converter[0] = new RowConverter(header, mapping, zone, users));
    long duplicates = repeats[0];
    Map<String, String> already = stored.apply(fingerprints.keySet());
    Set<String> conflicting = new HashSet<>();
    already.forEach((clientId, fingerprint) -> {
      if (!fingerprint.equals(fingerprints.get(clientId))) {
        conflicting.add(clientId);
      }
    });
    duplicates += already.size() - conflicting.size();
    List<Good> kept = good;
    if (!conflicting.isEmpty()) {
      kept = new ArrayList<>();
      for (Good g : good) {
        String clientId = g.item().getString("id");
        if (conflicting.contains(clientId)) {
          bad[0]++;
          errors.add(new RowError(g.row(), converter[0].column("id"), "id", "error.activity.conflict",
              List.of(clientId)));
        } else {
          kept.add(g);
        }
      }
      errors.sort(java.util.Comparator.comparingLong(RowError::row));
    }
    return new Outcome(kept, errors, rows[0], bad[0], duplicates);
  }
}
