package dev.quotient.server.activity.imports;

/**
 * How large an uploaded CSV may be: larger files are refused with 413 before anything is stored.
 *
 * @param maxBytes the file's size
 * @param maxRows data rows (the header not counted)
 */
public record ImportLimits(long maxBytes, long maxRows) {

  /** 20 MB and 100,000 rows: a year of a large team's CRM activity, parsed in about a second. */
  public static final ImportLimits DEFAULT = new ImportLimits(20L * 1024 * 1024, 100_000);

  public ImportLimits {
    if (maxBytes < 1 || maxRows < 1) {
      throw new IllegalArgumentException("import limits are positive: " + maxBytes + ", " + maxRows);
    }
  }
}
