package dev.quotient.api.points;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The platform's points ledger, read-only: what plugins derive boards, contests and thresholds from.
 * Live credits arrive as {@code points.awarded} events (each entry once); the ledger is for building
 * state at start or over a past window.
 */
public interface PointsLedger {

  /**
   * Hands every entry with points whose fact happened in [{@code from}, {@code to}) to {@code sink},
   * in no particular order, on a worker thread (the sink must be thread-safe and quick). Completes with
   * how many entries were handed over.
   */
  Future<Long> replay(Instant from, Instant to, Consumer<Entry> sink);

  /**
   * One credit.
   *
   * @param entryId unique per credit; the same id as in {@code points.awarded}
   * @param areas the skill areas credited (IQ, EQ, BQ; empty for none)
   * @param occurredAt when the credited fact happened
   * @param selfReported true for points a rep earned with activity they reported themselves
   */
  record Entry(String orgId, String entryId, String userId, String ruleId, long points, List<String> areas,
      Instant occurredAt, boolean selfReported) {

    /** A credit from the organisation's systems or events (not self-reported). */
    public Entry(String orgId, String entryId, String userId, String ruleId, long points, List<String> areas,
        Instant occurredAt) {
      this(orgId, entryId, userId, ruleId, points, areas, occurredAt, false);
    }

    public Entry {
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(entryId, "entryId");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(ruleId, "ruleId");
      areas = List.copyOf(areas);
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }
}
