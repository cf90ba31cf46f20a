package dev.quotient.plugin.hiring;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory.Person;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;

/** The plugin's parts wired together, plus the views that read several of them. */
record Service(PluginContext context, Roles roles, Candidates candidates, Scorecards scorecards, Comparison comparison,
    Hires hires) {

  static Service create(PluginContext context) {
    Roles roles = new Roles(context);
    Candidates candidates = new Candidates(context, roles);
    Scorecards scorecards = new Scorecards(context, candidates);
    return new Service(context, roles, candidates, scorecards, new Comparison(roles, candidates, scorecards),
        new Hires(context, candidates, roles, scorecards));
  }

  /**
   * A candidate with their role's name and the scorecards the caller may read: their own always, the
   * others' only once {@link Scorecards#mayReadOthers} allows ({@code othersHidden} says how many wait).
   */
  Future<JsonObject> candidate(CurrentUser u, String id) {
    return candidates.get(u, id).compose(c -> roles.get(u, c.getString("roleId")).compose(role ->
        scorecards.ofCandidate(u.orgId(), id).compose(cards -> names(u).map(names -> {
          boolean others = Scorecards.mayReadOthers(u, c, cards);
          JsonArray visible = new JsonArray();
          int hidden = 0;
          for (JsonObject card : cards) {
            boolean own = u.userId().equals(card.getString("interviewerId"));
            if (own || others) {
              visible.add(cardView(card).put("interviewerName", names.getOrDefault(card.getString("interviewerId"), "?"))
                  .put("own", own));
            } else {
              hidden++;
            }
          }
          JsonArray interviewers = new JsonArray();
          c.getJsonArray("interviewerIds", new JsonArray()).forEach(i -> interviewers.add(new JsonObject().put("id", i)
              .put("name", names.getOrDefault((String) i, "?"))
              .put("submitted", cards.stream().anyMatch(s -> i.equals(s.getString("interviewerId"))))));
          return Candidates.view(c).put("roleName", role.getString("name")).put("interviewers", interviewers)
              .put("scorecards", visible).put("othersHidden", hidden);
        }))));
  }

  /** Every submission of a candidate's scorecards, oldest first, under the same anchoring rule. */
  Future<JsonObject> history(CurrentUser u, String id) {
    return candidates.get(u, id).compose(c -> scorecards.ofCandidate(u.orgId(), id).compose(cards -> {
      boolean others = Scorecards.mayReadOthers(u, c, cards);
      return scorecards.history(u.orgId(), id).map(all -> new JsonObject().put("submissions", new JsonArray(all.stream()
          .filter(s -> others || u.userId().equals(s.getString("interviewerId"))).map(Service::cardView).toList())));
    }));
  }

  Future<Map<String, String>> names(CurrentUser u) {
    return context.directory().people(u.orgId()).map(people -> people.stream()
        .collect(Collectors.toMap(Person::id, Person::name, (a, b) -> a)));
  }

  static JsonObject cardView(JsonObject card) {
    return new JsonObject().put("candidateId", card.getString("candidateId"))
        .put("interviewerId", card.getString("interviewerId")).put("revision", card.getInteger("revision"))
        .put("submittedAt", card.getString("submittedAt")).put("scores", card.getJsonObject("scores"));
  }
}
