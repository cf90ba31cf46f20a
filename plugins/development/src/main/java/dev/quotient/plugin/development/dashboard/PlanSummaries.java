package dev.quotient.plugin.development.dashboard;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Extension point for the team dashboard: the development plans (IDPs) and PIPs of a team, summarised.
 * The plans part of the plugin provides it; until then {@link #NONE} shows no plans.
 */
public interface PlanSummaries {

  /** No plans known. */
  PlanSummaries NONE = (orgId, userIds) -> Future.succeededFuture(List.of());

  /** The open plans of these people (an empty list when none); may fail, the dashboard then says so. */
  Future<List<PlanSummary>> openPlans(String orgId, List<String> userIds);

  /**
   * One open plan.
   *
   * @param kind {@code idp} or {@code pip}
   * @param progress share of the plan's items done, 0..1
   * @param due when the plan (a PIP: its 30 days) ends; null when open-ended
   * @param link the plan's page
   */
  record PlanSummary(String userId, String kind, int version, String status, LocalDate startsOn, double progress,
      LocalDate due, boolean overdue, String link) {
    public PlanSummary {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(kind, "kind");
    }
  }
}
