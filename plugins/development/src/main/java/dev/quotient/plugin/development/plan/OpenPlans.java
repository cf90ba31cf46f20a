package dev.quotient.plugin.development.plan;

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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The team dashboard's view of plans: each person's latest development plan and their running PIPs.
 * An IDP's progress is the share of its modules completed and milestones reached; a PIP's the share of
 * its check-ins with a note. Cheap on purpose: no KPI is read for a dashboard row.
 */
public final class OpenPlans implements PlanSummaries {

  private final OrgPlans orgPlans;
  private final QuizResults quizzes;
  private final Directory directory;
  private final Clock clock;

  public OpenPlans(OrgPlans orgPlans, QuizResults quizzes, Directory directory, Clock clock) {
    this.orgPlans = orgPlans;
    this.quizzes = quizzes;
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * The organisation's plans and PIPs, newest first (kept in memory: {@link OrgPlans}), then the quiz
   * results of the people with a plan, side by side (kept too): a dashboard of a team costs no query
   * while they are kept, and a fixed number when they are not.
   */
  @Override
  public Future<List<PlanSummary>> openPlans(String orgId, List<String> userIds) {
    Future<List<JsonObject>> plans = orgPlans.plans(orgId);
    Future<List<JsonObject>> pips = orgPlans.pips(orgId);
    return Future.all(directory.organisation(orgId), plans, pips).compose(all -> {
      Directory.Organisation o = all.resultAt(0);
      LocalDate today = LocalDate.ofInstant(clock.instant(), o == null ? ZoneOffset.UTC : o.zone());
      Set<String> wanted = new java.util.HashSet<>(userIds);
      Map<String, JsonObject> latest = new java.util.HashMap<>();
      for (JsonObject plan : plans.result()) {
        String user = plan.getString("userId");
        if (wanted.contains(user)) {
          latest.putIfAbsent(user, plan);
        }
      }
      Map<String, List<JsonObject>> pipsOf = new java.util.HashMap<>();
      for (JsonObject pip : pips.result()) {
        String user = pip.getString("userId");
        List<JsonObject> mine = pipsOf.computeIfAbsent(user, k -> new ArrayList<>());
        if (wanted.contains(user) && mine.size() < 20) {
          mine.add(pip);
        }
      }
      List<Future<PlanSummary>> idps = new ArrayList<>();
      for (String userId : userIds) {
        JsonObject plan = latest.get(userId);
        idps.add(plan == null ? Future.succeededFuture(null) : idp(orgId, userId, plan, today));
      }
      return Future.all(idps).map(x -> {
        List<PlanSummary> out = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
          PlanSummary s = idps.get(i).result();
          if (s != null) {
            out.add(s);
          }
          out.addAll(pips(pipsOf.getOrDefault(userIds.get(i), List.of()), userIds.get(i), today));
        }
        return out;
      });
    });
  }

  private Future<PlanSummary> idp(String orgId, String userId, JsonObject plan, LocalDate today) {
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
      return new PlanSummary(userId, "idp", plan.getInteger("version", 0), plan.getString("status"),
          LocalDate.parse(content.getString("startsOn")), items == 0 ? 0 : (double) done / items, due, due.isBefore(today), "/development/plans/" + plan.getString("_id"));
    });
  }

  private static List<PlanSummary> pips(List<JsonObject> list, String userId, LocalDate today) {
    return list.stream()
            .filter(p -> Pips.PROPOSED.equals(p.getString("status")) || Pips.ACTIVE.equals(p.getString("status")))
            .map(p -> {
              JsonArray checkIns = p.getJsonArray("checkIns", new JsonArray());
              long noted = checkIns.stream().filter(c -> ((JsonObject) c).getString("note") != null).count();
              LocalDate due = LocalDate.parse(p.getString("endsOn"));
              return new PlanSummary(userId, "pip", 0, p.getString("status"), LocalDate.parse(p.getString("startsOn")),
                  checkIns.isEmpty() ? 0 : (double) noted / checkIns.size(), due, due.isBefore(today),
                  "/development/pips/" + p.getString("_id"));
            }).toList();
  }
}
