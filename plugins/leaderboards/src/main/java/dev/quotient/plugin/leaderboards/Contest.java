package dev.quotient.plugin.leaderboards;

import dev.quotient.api.ClientError;
import dev.quotient.plugin.leaderboards.engine.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A contest a leader set up: who competes (people or teams), on what metric, between when, and how
 * it is scored. Fair variants: {@code target} scores each competitor's result as a percentage of their
 * own target; {@code improvement} scores the change against their own baseline (as long a time just
 * before the start as the contest has run so far, so like is compared with like while it runs), so a
 * newer or smaller territory can win.
 *
 * @param metric {@code points} (everything), {@code rule:<id>} (one point rule, e.g. {@code rule:won})
 *     or {@code area:<IQ|EQ|BQ>}
 * @param prizes one per place, first place first (at least one)
 * @param targets each competitor's target, by person or team id (target variant)
 * @param defaultTarget the target of competitors without one of their own (target variant)
 */
record Contest(String id, String orgId, String name, Scope scope, String metric, Variant variant, Instant start,
    Instant end, List<String> prizes, Map<String, Long> targets, long defaultTarget, String createdBy) {

  enum Variant {
    ABSOLUTE, TARGET, IMPROVEMENT;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern METRIC = Pattern.compile("points|rule:[a-z0-9][a-z0-9-]{0,63}|area:(IQ|EQ|BQ)");
  static final Duration LONGEST = Duration.ofDays(366);

  Contest {
    prizes = List.copyOf(prizes);
    targets = Map.copyOf(targets);
  }

  /** The start of the baseline window: as long before the start as the contest lasts. */
  Instant baselineStart() {
    return start.minus(Duration.between(start, end));
  }

  /** Whether a credit of this rule and these areas counts toward the metric. */
  boolean counts(String ruleId, List<String> areas) {
    if (metric.equals("points")) {
      return true;
    }
    if (metric.startsWith("rule:")) {
      return metric.substring(5).equals(ruleId);
    }
    String area = metric.substring(5);
    return areas.contains(area);
  }

  long target(String member) {
    return targets.getOrDefault(member, defaultTarget);
  }

  /**
   * Validates a leader's request; every problem is a 400 naming the field.
   *
   * @param members the ids that may compete in each scope (people, teams) of the organisation
   */
  static Contest parse(String id, String orgId, String createdBy, JsonObject b, Instant now, Set<String> people,
      Set<String> teams) {
    String name = b.getValue("name") instanceof String s ? s.strip() : "";
    if (name.isEmpty() || name.length() > 120) {
      throw ClientError.badRequest("leaderboards.error.contest.name");
    }
    Scope scope = Scope.parse(String.valueOf(b.getValue("scope", "individual")))
        .orElseThrow(() -> ClientError.badRequest("leaderboards.error.scope", String.valueOf(b.getValue("scope"))));
    String metric = String.valueOf(b.getValue("metric", "points"));
    if (!METRIC.matcher(metric).matches()) {
      throw ClientError.badRequest("leaderboards.error.contest.metric", metric);
    }
    Variant variant;
    try {
      variant = Variant.valueOf(String.valueOf(b.getValue("variant", "absolute")).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ClientError.badRequest("leaderboards.error.contest.variant", String.valueOf(b.getValue("variant")));
    }
    Instant start = instant(b, "start");
    Instant end = instant(b, "end");
    if (!end.isAfter(start) || Duration.between(start, end).compareTo(LONGEST) > 0) {
      throw ClientError.badRequest("leaderboards.error.contest.window");
    }
    if (!end.isAfter(now)) {
      throw ClientError.badRequest("leaderboards.error.contest.past");
    }
    List<String> prizes = new ArrayList<>();
    Object p = b.getValue("prizes");
    if (p instanceof JsonArray arr) {
      for (Object o : arr) {
        if (!(o instanceof String s) || s.isBlank() || s.length() > 200) {
          throw ClientError.badRequest("leaderboards.error.contest.prize");
        }
        prizes.add(s.strip());
      }
    } else if (p != null) {
      throw ClientError.badRequest("leaderboards.error.contest.prize");
    }
    if (prizes.isEmpty()) {
      prizes.add("");
    }
    if (prizes.size() > 10) {
      throw ClientError.badRequest("leaderboards.error.contest.prize");
    }
    Set<String> competitors = scope == Scope.TEAM ? teams : people;
    Map<String, Long> targets = new LinkedHashMap<>();
    long defaultTarget = 0;
    if (variant == Variant.TARGET) {
      defaultTarget = positive(b.getValue("defaultTarget"), "defaultTarget");
      if (b.getValue("targets") instanceof JsonObject t) {
        for (String member : t.fieldNames()) {
          if (!competitors.contains(member)) {
            throw ClientError.badRequest("leaderboards.error.contest.competitor", member);
          }
          targets.put(member, positive(t.getValue(member), "targets." + member));
        }
      } else if (b.getValue("targets") != null) {
        throw ClientError.badRequest("leaderboards.error.contest.target", "targets");
      }
    }
    return new Contest(id, orgId, name, scope, metric, variant, start, end, prizes, targets, defaultTarget,
        createdBy);
  }

  private static long positive(Object v, String field) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0
        && n.longValue() <= 1_000_000_000L) {
      return n.longValue();
    }
    throw ClientError.badRequest("leaderboards.error.contest.target", field);
  }

  private static Instant instant(JsonObject b, String field) {
    if (b.getValue(field) instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        // fall through to the error
      }
    }
    throw ClientError.badRequest("leaderboards.error.contest.time", field);
  }

  JsonObject toDocument() {
    JsonObject t = new JsonObject();
    targets.forEach(t::put);
    return new JsonObject().put("_id", id).put("orgId", orgId).put("name", name).put("scope", scope.key())
        .put("metric", metric).put("variant", variant.key()).put("start", start.toEpochMilli())
        .put("end", end.toEpochMilli()).put("prizes", new JsonArray(prizes)).put("targets", t)
        .put("defaultTarget", defaultTarget).put("createdBy", createdBy);
  }

  static Contest from(JsonObject d) {
    Map<String, Long> targets = new LinkedHashMap<>();
    JsonObject t = d.getJsonObject("targets", new JsonObject());
    for (String k : t.fieldNames()) {
      targets.put(k, t.getLong(k));
    }
    List<String> prizes = new ArrayList<>();
    d.getJsonArray("prizes", new JsonArray()).forEach(o -> prizes.add(String.valueOf(o)));
    return new Contest(d.getString("_id"), d.getString("orgId"), d.getString("name"),
        Scope.parse(d.getString("scope")).orElseThrow(), d.getString("metric"),
        Variant.valueOf(d.getString("variant").toUpperCase(Locale.ROOT)), Instant.ofEpochMilli(d.getLong("start")),
        Instant.ofEpochMilli(d.getLong("end")), prizes, targets, d.getLong("defaultTarget", 0L),
        d.getString("createdBy"));
  }
}
