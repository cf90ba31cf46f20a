package dev.quotient.server.points;

import dev.quotient.api.materials.Skill;
import dev.quotient.server.activity.Source;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Scores one fact under one rule version: a pure function of the fact, the rules, the organisation's
 * time zone and what the user already earned from each capped rule that day. The live path and the
 * recomputation both use it, so the ledger can always be checked against the activity log.
 *
 * <p>Weighting: a self-reported activity earns {@code round(points * selfWeight)} (half up), others
 * the full points. Capping: the entry gets at most {@code dailyCap} minus what the user already has
 * from the same rule on the same day (in the organisation's zone, the day the fact happened); a cut
 * entry is kept, marked capped, so the rep sees why. A self-reported activity is also held to the
 * rule's {@code selfDailyCap}, counted over the user's self-reported points from the rule that day
 * (under {@link #selfKey}).
 */
public final class PointsEngine {

  /** What a user already earned from a rule on a day (organisation's zone). */
  @FunctionalInterface
  public interface CapSums {
    long sum(String userId, String ruleId, String day);
  }

  private PointsEngine() {}

  /** The cap-sum key of a rule's self-reported points. */
  public static String selfKey(String ruleId) {
    return ruleId + "/self";
  }

  /** The entries the fact earns, leaving out rules whose entry id {@code known} already holds. */
  public static List<LedgerEntry> score(Fact fact, RuleVersion version, ZoneId zone, CapSums sums,
      Predicate<String> known) {
    return score(fact, version, zone, sums, known, false);
  }

  /**
   * As above; a {@code held} fact (part of a burst, see {@link Bursts}) gets its entries with 0 points,
   * marked held, what it would have earned kept as {@code uncapped} for the leader's review.
   */
  public static List<LedgerEntry> score(Fact fact, RuleVersion version, ZoneId zone, CapSums sums,
      Predicate<String> known, boolean held) {
    return score(fact, version, zone, sums, known, held, (value, locale) -> value);
  }

  /**
   * As above, naming a praised value in each reason's language with {@code valueLabel} (a praise for
   * "honesty" reads "Uczciwość" in Polish, not the key).
   */
  public static List<LedgerEntry> score(Fact fact, RuleVersion version, ZoneId zone, CapSums sums,
      Predicate<String> known, boolean held, java.util.function.BiFunction<String, Locale, String> valueLabel) {
    Fact en = labelled(fact, valueLabel, Locale.ENGLISH);
    Fact pl = labelled(fact, valueLabel, Locale.forLanguageTag("pl"));
    List<LedgerEntry> out = new ArrayList<>();
    String day = LocalDate.ofInstant(fact.at(), zone).toString();
    for (PointRule rule : version.rules().rules()) {
      if (!rule.matches(fact)) {
        continue;
      }
      String id = fact.entryId(rule.id());
      if (known.test(id)) {
        continue;
      }
      long weighted = fact.source() == Source.SELF ? Math.round(rule.points() * rule.selfWeight()) : rule.points();
      long points = weighted;
      if (rule.dailyCap() != null) {
        long already = sums.sum(fact.userId(), rule.id(), day);
        points = Math.max(0, Math.min(weighted, rule.dailyCap() - already));
      }
      boolean self = fact.source() == Source.SELF;
      if (self && rule.selfDailyCap() != null) {
        long already = sums.sum(fact.userId(), selfKey(rule.id()), day);
        points = Math.max(0, Math.min(points, rule.selfDailyCap() - already));
      }
      if (held) {
        out.add(new LedgerEntry(id, fact.orgId(), fact.userId(), fact.trigger().key(), fact.sourceId(), fact.seq(),
            rule.id(), version.version(), 0, weighted, false, areas(rule, fact), day, fact.at(),
            reason(rule.reasonEn(), en, weighted, Locale.ENGLISH), reason(rule.reasonPl(), pl, weighted,
                Locale.forLanguageTag("pl")), self, true));
        continue;
      }
      out.add(new LedgerEntry(id, fact.orgId(), fact.userId(), fact.trigger().key(), fact.sourceId(), fact.seq(),
          rule.id(), version.version(), points, weighted, points < weighted, areas(rule, fact), day, fact.at(),
          reason(rule.reasonEn(), en, points, Locale.ENGLISH), reason(rule.reasonPl(), pl, points,
              Locale.forLanguageTag("pl")), self, false));
    }
    return out;
  }

  /** The fact with a praised value named in the language (other facts' values are amounts: as they are). */
  private static Fact labelled(Fact fact, java.util.function.BiFunction<String, Locale, String> label, Locale locale) {
    if (fact.trigger() != PointRule.Trigger.PRAISE_RECEIVED || fact.value() == null) {
      return fact;
    }
    return new Fact(fact.orgId(), fact.trigger(), fact.sourceId(), fact.userId(), fact.kind(), fact.source(), fact.at(),
        fact.effectiveAt(), fact.seq(), fact.responseSeconds(), label.apply(fact.value(), locale), fact.passed(),
        fact.moduleId(), fact.skills());
  }

  private static List<String> areas(PointRule rule, Fact fact) {
    return switch (rule.area()) {
      case "none" -> List.of();
      case "module" -> {
        Set<String> areas = new LinkedHashSet<>();
        for (String s : fact.skills()) {
          try {
            areas.add(Skill.parse(s).area().name());
          } catch (IllegalArgumentException e) {
            // A skill the platform does not know credits no area.
          }
        }
        yield List.copyOf(areas);
      }
      default -> List.of(rule.area());
    };
  }

  static String reason(String template, Fact fact, long points, Locale locale) {
    String minutes = "";
    if (fact.responseSeconds() != null) {
      double m = Math.round(fact.responseSeconds() / 6.0) / 10.0;
      minutes = m == Math.rint(m) ? Long.toString((long) m) : String.format(locale, "%.1f", m);
    }
    return template.replace("{points}", Long.toString(points))
        .replace("{minutes}", minutes)
        .replace("{value}", fact.value() == null ? "" : fact.value())
        .replace("{module}", fact.moduleId() == null ? "" : fact.moduleId());
  }
}
