package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follow-up cadences (tip 10) and their streaks. Each rep is held to a number of follow-ups per day
 * or per week (Monday to Sunday), set by a leader or taken from the configuration. Periods are
 * counted in the organisation's time zone, each activity once. A streak is the run of consecutive
 * periods that met the target; the period in progress joins it as soon as it is met, and breaks it
 * only once it is over.
 */
final class Cadences {

  static final String COLLECTION = "cadences";
  static final List<String> PERIODS = List.of("daily", "weekly");
  static final int MAX_TARGET = 100;
  static final String KIND = "follow-up";
  /** How many periods the person's page shows. */
  static final int SHOWN = 8;

  /** A cadence: follow-ups per period. */
  record Cadence(String period, int target, boolean custom) {}

  private final PluginContext context;
  private final ContentStore store;
  private final RecognitionConfig config;
  private final ActivityLog log;

  Cadences(PluginContext context, RecognitionConfig config, ActivityLog log) {
    this.context = context;
    this.store = context.content();
    this.config = config;
    this.log = log;
  }

  Future<Cadence> of(String orgId, String userId) {
    return store.get(COLLECTION, Ids.of(orgId, "cadence", userId)).map(d -> d == null
        ? new Cadence(config.cadencePeriod(), config.cadenceTarget(), false)
        : new Cadence(d.getString("period"), d.getInteger("target"), true));
  }

  /**
   * A leader sets a person's cadence. Fails with 403 for anyone but leaders, 404 for a person not of
   * the organisation, 400 for a period other than daily or weekly, a target outside 1 to 100 or a
   * person who is not a rep.
   */
  Future<JsonObject> set(CurrentUser leader, String userId, String period, Object target) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("recognition.error.cadence.leader"));
    }
    if (period == null || !PERIODS.contains(period)) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.cadence.period"));
    }
    Integer n = Goals.wholeNumber(target);
    if (n == null || n < 1 || n > MAX_TARGET) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.cadence.target", MAX_TARGET));
    }
    return context.directory().people(leader.orgId()).compose(people -> {
      var person = people.stream().filter(p -> p.id().equals(userId)).findFirst().orElse(null);
      if (person == null) {
        return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
      }
      if (!person.has(Role.REP)) {
        return Future.failedFuture(ClientError.badRequest("recognition.error.cadence.rep"));
      }
      return store.merge(COLLECTION, Ids.of(leader.orgId(), "cadence", userId), new JsonObject()
              .put("orgId", leader.orgId()).put("userId", userId).put("period", period).put("target", n)
              .put("setBy", leader.userId()).put("setAt", context.clock().millis()))
          .compose(created -> streak(leader.orgId(), userId));
    });
  }

  /** The person's cadence with current, best and broken streaks and the last periods. */
  Future<JsonObject> streak(String orgId, String userId) {
    return log.ready().compose(v -> context.directory().organisation(orgId)).compose(org -> of(orgId, userId)
        .map(cadence -> compute(log.days(orgId, userId, KIND), cadence,
            org == null ? ZoneId.of("UTC") : org.zone(), org == null ? DayOfWeek.MONDAY : org.weekStart(),
            context.clock().instant())));
  }

  /** The first day of the period holding this day, weeks starting on {@code weekStart}. */
  static LocalDate start(LocalDate day, String period, DayOfWeek weekStart) {
    return "weekly".equals(period) ? day.with(TemporalAdjusters.previousOrSame(weekStart)) : day;
  }

  static LocalDate next(LocalDate start, String period) {
    return "weekly".equals(period) ? start.plusWeeks(1) : start.plusDays(1);
  }

  /** Streaks from the follow-ups per local day (of {@code zone}, where the periods are taken). */
  static JsonObject compute(Map<LocalDate, Integer> perDay, Cadence cadence, ZoneId zone, Instant now) {
    return compute(perDay, cadence, zone, DayOfWeek.MONDAY, now);
  }

  /** As above, with the organisation's weeks starting on {@code weekStart}. */
  static JsonObject compute(Map<LocalDate, Integer> perDay, Cadence cadence, ZoneId zone, DayOfWeek weekStart,
      Instant now) {
    String period = cadence.period();
    Map<LocalDate, Integer> counts = new TreeMap<>();
    perDay.forEach((day, n) -> counts.merge(start(day, period, weekStart), n, Integer::sum));
    LocalDate current = start(LocalDate.ofInstant(now, zone), period, weekStart);
    LocalDate first = counts.isEmpty() ? current : ((TreeMap<LocalDate, Integer>) counts).firstKey();
    if (first.isAfter(current)) {
      first = current;
    }
    // Never show fewer than SHOWN periods.
    LocalDate shownFrom = current;
    for (int i = 1; i < SHOWN; i++) {
      shownFrom = "weekly".equals(period) ? shownFrom.minusWeeks(1) : shownFrom.minusDays(1);
    }
    int run = 0;
    int best = 0;
    int broken = 0;
    JsonArray cells = new JsonArray();
    for (LocalDate p = first.isBefore(shownFrom) ? first : shownFrom; !p.isAfter(current); p = next(p, period)) {
      int count = counts.getOrDefault(p, 0);
      boolean met = count >= cadence.target();
      boolean inProgress = p.equals(current);
      if (met) {
        run++;
        best = Math.max(best, run);
      } else if (!inProgress) {
        if (run > 0) {
          broken++;
        }
        run = 0;
      }
      if (!p.isBefore(shownFrom)) {
        cells.add(new JsonObject().put("start", p.toString()).put("end", next(p, period).minusDays(1).toString())
            .put("count", count).put("met", met).put("current", inProgress));
      }
    }
    return new JsonObject().put("period", period).put("target", cadence.target()).put("custom", cadence.custom())
        .put("zone", zone.getId()).put("current", run).put("best", best).put("broken", broken).put("periods", cells);
  }
}
