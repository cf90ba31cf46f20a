package dev.quotient.server.activity.imports;

import java.util.List;
import java.util.Objects;

/**
 * What is wrong with one row of an import: the row (as a spreadsheet numbers it, header = 1), the
 * column (its header, empty when the mapping names none), the activity field, and the message key with
 * its arguments, translated when shown.
 */
public record RowError(long row, String column, String field, String messageKey, List<String> args) {

  public RowError {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(messageKey, "messageKey");
    args = List.copyOf(args);
  }
}
