package dev.quotient.server.points;

import dev.quotient.server.activity.ActivityKind;
import dev.quotient.server.activity.Source;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that may earn points, as the engine sees it: a stored activity, a completed module or a
 * praise received. Built from stored data or a published event only, so scoring it again gives the
 * same result.
 *
 * @param orgId the organisation
 * @param trigger what kind of fact
 * @param sourceId what the ledger entry points back to: the activity id, the praise id, or module and user
 * @param userId who earns the points
 * @param kind the activity kind (activities only)
 * @param source who reported the activity (activities only; null otherwise)
 * @param at when it happened: the day of the daily cap is taken from it
 * @param effectiveAt which rule version applies: the one in force at this moment (when it was recorded)
 * @param seq the activity's position in the organisation's log (0 for events)
 * @param responseSeconds how long the lead waited (lead responses only)
 * @param value the deal's value, or the praised value's name
 * @param passed whether the module was passed (modules only)
 * @param moduleId the module (modules only)
 * @param skills the module's skills (modules only)
 */
public record Fact(
    String orgId, PointRule.Trigger trigger, String sourceId, String userId, ActivityKind kind, Source source,
    Instant at, Instant effectiveAt, long seq, Double responseSeconds, String value, boolean passed, String moduleId,
    List<String> skills) {

  public Fact {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(effectiveAt, "effectiveAt");
    skills = skills == null ? List.of() : List.copyOf(skills);
  }

  /** The ledger entry id for this fact scored by {@code ruleId}: repeats and replays land on the same entry. */
  public String entryId(String ruleId) {
    String kindKey = switch (trigger) {
      case ACTIVITY -> "activity";
      case MODULE_COMPLETED -> "module";
      case PRAISE_RECEIVED -> "praise";
    };
    return kindKey + ":" + orgId + ":" + sourceId + ":" + ruleId;
  }
}
