package dev.quotient.server.activity.imports;

/**
 * How large an uploaded CSV may be (larger files are refused with 413 before anything is stored), and
 * how many passes over whole files a node runs at once.
 *
 * @param maxBytes the file's size
 * @param maxRows data rows (the header not counted)
 * @param jobs import jobs running at once on a node; as many validations may run beside them
 * @param queue jobs (and, apart, validations) that may wait for a place; one more is refused with 503
 */
public record ImportLimits(long maxBytes, long maxRows, int jobs, int queue) {

  /** Default of {@link #jobs}. */
  public static final int DEFAULT_JOBS = 2;
  /** Default of {@link #queue}. */
  public static final int DEFAULT_QUEUE = 20;

  /**
   * 20 MB and 100,000 rows (a year of a large team's CRM activity, parsed in about a second), two jobs
   * at once and twenty waiting.
   */
  public static final ImportLimits DEFAULT = new ImportLimits(20L * 1024 * 1024, 100_000, DEFAULT_JOBS,
      DEFAULT_QUEUE);

  public ImportLimits {
    if (maxBytes < 1 || maxRows < 1) {
      throw new IllegalArgumentException("import limits are positive: " + maxBytes + ", " + maxRows);
    }
    if (jobs < 1 || queue < 0) {
      throw new IllegalArgumentException("at least one import job runs, none or more wait: " + jobs + ", " + queue);
    }
  }

  /** These limits with another number of jobs at once and waiting. */
  public ImportLimits withQueue(int jobs, int queue) {
    return new ImportLimits(maxBytes, maxRows, jobs, queue);
  }
}
