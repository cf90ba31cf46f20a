package dev.quotient.plugin.hiring;

import dev.quotient.api.CurrentUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A role's candidates side by side: per area the mean, spread and gap against the ideal over the
 * interviewers' current scorecards, and the weighted total against the ideal's. A candidate the caller
 * interviews but has not scored yet is shown without numbers (hidden), so the comparison cannot anchor
 * them either.
 */
final class Comparison {

  private final Roles roles;
  private final Candidates candidates;
  private final Scorecards scorecards;

  Comparison(Roles roles, Candidates candidates, Scorecards scorecards) {
    this.roles = roles;
    this.candidates = candidates;
    this.scorecards = scorecards;
  }

  Future<JsonObject> of(CurrentUser u, String roleId) {
    return roles.get(u, roleId).compose(role -> candidates.list(u, roleId).compose(list ->
        scorecards.ofRole(u.orgId(), roleId).map(cards -> build(u, roles.view(role), Roles.ideal(role), list, cards))));
  }

  static JsonObject build(CurrentUser u, JsonObject roleView, Map<Area, Scoring.Ideal> ideal, List<JsonObject> list,
      List<JsonObject> cards) {
    JsonArray rows = new JsonArray();
    for (JsonObject c : list) {
      List<JsonObject> mine = cards.stream().filter(s -> c.getString("_id").equals(s.getString("candidateId"))).toList();
      JsonObject row = new JsonObject().put("id", c.getString("_id")).put("name", c.getString("name"))
          .put("stage", c.getString("stage")).put("scorecards", mine.size());
      if (!Scorecards.mayReadOthers(u, c, mine)) {
        rows.add(row.put("hidden", true));
        continue;
      }
      List<Map<Area, Integer>> scores = new ArrayList<>();
      mine.forEach(s -> scores.add(Scorecards.scores(s)));
      Scoring.Result r = Scoring.score(ideal, scores);
      JsonObject areas = new JsonObject();
      r.areas().forEach((a, s) -> areas.put(a.key(), new JsonObject().put("mean", s.mean()).put("spread", s.spread())
          .put("sd", s.sd()).put("min", s.min()).put("max", s.max()).put("gap", s.gap()).put("belowIdeal", s.belowIdeal())));
      rows.add(row.put("hidden", false).put("areas", areas).put("weightedTotal", num(r.weightedTotal()))
          .put("fit", num(r.fit())));
    }
    Scoring.Result empty = Scoring.score(ideal, List.of());
    return new JsonObject().put("role", roleView).put("idealTotal", num(empty.idealTotal())).put("candidates", rows);
  }

  private static Double num(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
