package dev.quotient.server.points;

import dev.quotient.server.activity.ActivityKind;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a rule set: what it matches, how many points it gives, and how a rep reads the reason.
 *
 * @param id unique within the rule set; part of every ledger entry's id
 * @param on what it scores: an activity kind ({@link Trigger#ACTIVITY}), a completed module, praise received
 * @param kind the activity kind, for activity rules only (else null)
 * @param maxResponseSeconds lead responses only: matches when the lead waited at most this long (null: any)
 * @param minResponseSeconds lead responses only: matches when the lead waited longer than this (null: any)
 * @param passed completed modules only: matches only passed (true) or failed (false) completions (null: any)
 * @param points the points before weighting and capping, 0 or more
 * @param selfWeight the share of the points a self-reported activity earns (0 to 1; 1 for others)
 * @param dailyCap most points a user earns from this rule per day in the organisation's time zone (null: none)
 * @param selfDailyCap most points a user earns per day from this rule with activity they reported themselves
 *     (null: none beyond {@code dailyCap}); a new rule set must give one to every rule a rep can self-report
 * @param area the skill area credited: IQ, EQ, BQ, none, or module (the completed module's skills)
 * @param reasonEn English reason with placeholders {points} {minutes} {value} {module}
 * @param reasonPl Polish reason, same placeholders
 */
public record PointRule(
    String id, Trigger on, ActivityKind kind, Integer maxResponseSeconds, Integer minResponseSeconds, Boolean passed,
    long points, double selfWeight, Long dailyCap, Long selfDailyCap, String area, String reasonEn, String reasonPl) {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  /** What a rule scores. */
  public enum Trigger {
    ACTIVITY("activity"), MODULE_COMPLETED("module.completed"), PRAISE_RECEIVED("praise.given");

    private final String key;

    Trigger(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public PointRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(area, "area");
    Objects.requireNonNull(reasonEn, "reasonEn");
    Objects.requireNonNull(reasonPl, "reasonPl");
  }

  /** True when this rule scores the fact. */
  boolean matches(Fact fact) {
    if (fact.trigger() != on) {
      return false;
    }
    if (on == Trigger.ACTIVITY && kind != fact.kind()) {
      return false;
    }
    Double waited = fact.responseSeconds();
    if (maxResponseSeconds != null && (waited == null || waited > maxResponseSeconds)) {
      return false;
    }
    if (minResponseSeconds != null && (waited == null || waited <= minResponseSeconds)) {
      return false;
    }
    return passed == null || passed == fact.passed();
  }
}
