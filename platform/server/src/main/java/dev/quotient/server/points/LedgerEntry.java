package dev.quotient.server.points;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;

/**
 * One line of the points ledger: the points one rule gave for one fact, and why.
 *
 * @param id deterministic: trigger, organisation, source and rule ({@link Fact#entryId})
 * @param points what was credited, after weighting and the daily cap (0 when the cap was already reached)
 * @param uncapped what the rule gave after weighting, before the cap
 * @param capped true when the daily cap cut the points
 * @param areas the skill areas credited (IQ, EQ, BQ; empty for none)
 * @param day the day in the organisation's time zone the cap counts in ({@code 2026-03-29})
 * @param at when the fact happened
 * @param reasonEn the reason in English, placeholders filled in
 * @param reasonPl the reason in Polish
 * @param selfReported true when a rep reported the activity themselves (their own daily cap counts it)
 * @param held true when the activity came in a burst and waits for a leader's review: 0 points until
 *     then, {@code uncapped} what it would have earned
 */
public record LedgerEntry(
    String id, String orgId, String userId, String trigger, String sourceId, long seq, String ruleId, int ruleVersion,
    long points, long uncapped, boolean capped, List<String> areas, String day, Instant at, String reasonEn,
    String reasonPl, boolean selfReported, boolean held) {

  public LedgerEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    areas = List.copyOf(areas);
  }

  public Document toDocument(Instant awardedAt) {
    Document d = new Document("_id", id).append("orgId", orgId).append("userId", userId).append("trigger", trigger)
        .append("sourceId", sourceId).append("seq", seq).append("ruleId", ruleId).append("ruleVersion", ruleVersion)
        .append("points", points).append("uncapped", uncapped).append("capped", capped).append("areas", areas)
        .append("day", day).append("at", Date.from(at)).append("reasonEn", reasonEn).append("reasonPl", reasonPl)
        .append("awardedAt", Date.from(awardedAt));
    // written only when true: most entries have neither, and the review queue's sparse index holds only held ones
    if (selfReported) {
      d.append("self", true);
    }
    if (held) {
      d.append("held", true);
    }
    return d;
  }

  public static LedgerEntry from(Document d) {
    return new LedgerEntry(d.getString("_id"), d.getString("orgId"), d.getString("userId"), d.getString("trigger"),
        d.getString("sourceId"), d.get("seq", Number.class).longValue(), d.getString("ruleId"),
        d.get("ruleVersion", Number.class).intValue(), d.get("points", Number.class).longValue(),
        d.get("uncapped", Number.class).longValue(), d.getBoolean("capped", false), d.getList("areas", String.class),
        d.getString("day"), d.getDate("at").toInstant(), d.getString("reasonEn"), d.getString("reasonPl"),
        d.getBoolean("self", false), d.getBoolean("held", false));
  }
}
