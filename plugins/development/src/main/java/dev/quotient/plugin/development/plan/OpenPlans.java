package dev.quotient.plugin.development.plan;

import dev.quotient.api.ContentStore;
import dev.quotient.api.directory.Directory;
import dev.quotient.plugin.development.dashboard.PlanSummaries;
import dev.quotient.plugin.development.pip.Pips;
import dev.quotient.plugin.development.profile.QuizResults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The team dashboard's view of plans: each person's latest development plan and their running PIPs.
 * An IDP's progress is the share of its modules completed and milestones reached; a PIP's the share of
 * its check-ins with a note. Cheap on purpose: no KPI is read for a dashboard row.
 */
public final class OpenPlans implements PlanSummaries {

  private final ContentStore store;
  private final QuizResults quizzes;
  private final Directory directory;
  private final Clock clock;

  public OpenPlans(ContentStore store, QuizResults quizzes, Directory directory, Clock clock) {
    this.store = store;
    this.quizzes = quizzes;
    this.directory = directory;
    this.clock = clock;
  }

  @Override
  public Future<List<PlanSummary>> openPlans(String orgId, List<String> userIds) {
    return directory.organisation(orgId).compose(org -> {
      LocalDate today = LocalDate.ofInstant(clock.instant(), org == null ? ZoneOffset.UTC : org.zone());
      List<PlanSummary> out = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (String userId : userIds) {
        chain = chain.compose(v -> idp(orgId, userId, today)).map(s -> {
          if (s != null) {
            out.add(s);
          }
          return null;
        }).compose(v -> pips(orgId, userId, today)).map(list -> {
          out.addAll(list);
          return null;
        });
      }
      return chain.map(v -> out);
    });
  }

  private Future<PlanSummary> idp(String orgId, String userId, LocalDate today) {
    return store.find(Plans.COLLECTION, new JsonObject().put("orgId", orgId).put("userId", userId),
        new JsonObject().put("createdAt", -1), 1).compose(list -> {
          if (list.isEmpty()) {
            return Future.succeededFuture(null);
          }
          JsonObject plan = list.get(0);
          JsonObject content = Plans.shownContent(plan, false);
          long created = plan.getLong("createdAt", 0L);
          return quizzes.of(orgId, userId).map(results -> {
            Set<String> passed = results.stream().filter(r -> r.getBoolean("passed", false)
                && r.getLong("completedAt", 0L) >= created).map(r -> r.getString("moduleId")).collect(Collectors.toSet());
            JsonArray modules = content.getJsonArray("modules", new JsonArray());
            JsonArray milestones = content.getJsonArray("milestones", new JsonArray());
            long done = modules.stream().filter(m -> passed.contains(((JsonObject) m).getString("moduleId"))).count()
                + milestones.stream().filter(m -> !LocalDate.parse(((JsonObject) m).getString("date")).isAfter(today)).count();
            int items = modules.size() + milestones.size();
            LocalDate due = LocalDate.parse(content.getString("endsOn"));
            return new PlanSummary(userId, "idp", "IDP v" + plan.getInteger("version", 0) + " (" + plan.getString("status") + ")",
                items == 0 ? 0 : (double) done / items, due, due.isBefore(today), "/development/plans/" + plan.getString("_id"));
          });
        });
  }

  private Future<List<PlanSummary>> pips(String orgId, String userId, LocalDate today) {
    return store.find(Pips.COLLECTION, new JsonObject().put("orgId", orgId).put("userId", userId),
        new JsonObject().put("createdAt", -1), 20).map(list -> list.stream()
            .filter(p -> Pips.PROPOSED.equals(p.getString("status")) || Pips.ACTIVE.equals(p.getString("status")))
            .map(p -> {
              JsonArray checkIns = p.getJsonArray("checkIns", new JsonArray());
              long noted = checkIns.stream().filter(c -> ((JsonObject) c).getString("note") != null).count();
              LocalDate due = LocalDate.parse(p.getString("endsOn"));
              return new PlanSummary(userId, "pip", "PIP " + p.getString("startsOn") + " – " + p.getString("endsOn"),
                  checkIns.isEmpty() ? 0 : (double) noted / checkIns.size(), due, due.isBefore(today),
                  "/development/pips/" + p.getString("_id"));
            }).toList());
  }
}
