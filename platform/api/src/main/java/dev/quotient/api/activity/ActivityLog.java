package dev.quotient.api.activity;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The organisation's activity log, read-only: what plugins derive KPIs and benchmarks from. New
 * activities arrive as {@code activity.recorded} events; the log is for building state over a window.
 */
public interface ActivityLog {

  /**
   * Hands every activity of {@code orgId} (of {@code userId} only, when not null) that happened in
   * [{@code from}, {@code to}) to {@code sink}, in no particular order, on a worker thread (the sink
   * must be thread-safe and quick). Completes with how many were handed over; fails only when the
   * database is unavailable.
   */
  Future<Long> replay(String orgId, String userId, Instant from, Instant to, Consumer<Entry> sink);

  /**
   * One stored activity.
   *
   * @param kind the activity kind's key: {@code call}, {@code email}, {@code meeting}, {@code follow-up},
   *     {@code lead-received}, {@code lead-responded}, {@code opportunity-opened}, {@code won}, {@code lost}
   * @param occurredAt when it happened (for a lead response: when the rep responded)
   * @param value the deal's worth for won and lost; null when absent
   * @param minutes how long it took (time spent selling); null when not reported
   * @param leadSource where the lead or opportunity came from (web, referral, event, ...); null when unknown
   * @param customerId the customer a won deal was with (for lifetime value); null when unknown
   * @param opportunityId the CRM's opportunity; null when absent
   * @param leadId the CRM's lead; null when absent
   * @param leadReceivedAt when the lead arrived, for {@code lead-responded} only; null otherwise
   */
  record Entry(
      String orgId, String activityId, String userId, String kind, Instant occurredAt, Double value,
      Integer minutes, String leadSource, String customerId, String opportunityId, String leadId,
      Instant leadReceivedAt) {
    public Entry {
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(activityId, "activityId");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }
}
