package dev.quotient.server.points;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of an organisation's rules, in force for everything recorded from {@code effectiveFrom}
 * until the next version's.
 */
public record RuleVersion(int version, Instant effectiveFrom, String createdBy, RuleSet rules) {

  public RuleVersion {
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(rules, "rules");
  }

  /** The version in force at {@code at}: the latest one effective at or before it (the first if none). */
  public static RuleVersion inForce(List<RuleVersion> ascending, Instant at) {
    RuleVersion chosen = ascending.get(0);
    for (RuleVersion v : ascending) {
      if (!v.effectiveFrom().isAfter(at)) {
        chosen = v;
      }
    }
    return chosen;
  }
}
