package dev.quotient.plugin.leaderboards;

import dev.quotient.api.ClientError;
import dev.quotient.plugin.leaderboards.engine.Ladder;
import dev.quotient.plugin.leaderboards.engine.Period;
import dev.quotient.plugin.leaderboards.engine.Scope;
import io.vertx.core.MultiMap;

/**
 * Which board a request asks for, read from its query: {@code scope} (individual, team), {@code ladder}
 * (overall, IQ, EQ, BQ), {@code period} (day, week, month, quarter, all), {@code back} (0 this period,
 * 1 the previous one), {@code top} (1 to 100), {@code around} (0 to 10 places either side) and
 * {@code wall} (true: as a screen the whole floor sees, every rep shown as they chose, whoever asks).
 */
record BoardQuery(Scope scope, Ladder ladder, Period period, int back, int top, int around, boolean wall) {

  static BoardQuery parse(MultiMap params) {
    String s = params.get("scope");
    Scope scope = s == null ? Scope.INDIVIDUAL
        : Scope.parse(s).orElseThrow(() -> ClientError.badRequest("leaderboards.error.scope", s));
    String l = params.get("ladder");
    Ladder ladder = l == null ? Ladder.OVERALL
        : Ladder.parse(l).orElseThrow(() -> ClientError.badRequest("leaderboards.error.ladder", l));
    String p = params.get("period");
    Period period = p == null ? Period.WEEK
        : Period.parse(p).orElseThrow(() -> ClientError.badRequest("leaderboards.error.period", p));
    return new BoardQuery(scope, ladder, period, number(params, "back", 0, 0, 1), number(params, "top", 10, 1, 100),
        number(params, "around", 2, 0, 10), flag(params, "wall"));
  }

  /** The same board as a wall screen shows it. */
  BoardQuery onWall() {
    return new BoardQuery(scope, ladder, period, back, top, around, true);
  }

  private static boolean flag(MultiMap params, String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw ClientError.badRequest("leaderboards.error.flag", name, v);
  }

  private static int number(MultiMap params, String name, int fallback, int min, int max) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ClientError.badRequest("leaderboards.error.number", name, min, max);
  }

  /** The query string that asks for this board again (for links and the live stream). */
  String queryString() {
    return "scope=" + scope.key() + "&ladder=" + ladder.key() + "&period=" + period.key() + "&back=" + back
        + "&top=" + top + "&around=" + around + (wall ? "&wall=true" : "");
  }
}
