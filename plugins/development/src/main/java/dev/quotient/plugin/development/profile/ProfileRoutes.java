package dev.quotient.plugin.development.profile;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.materials.Skill;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's API ({@code GET/PUT /api/development/profiles/{userId}}) and page
 * ({@code /development/profile/{userId}}). The rep, leaders and admins see it; anyone else gets 404.
 * Leaders edit the assessment and targets; the rep edits the self-assessment.
 */
public final class ProfileRoutes {

  private final PluginContext context;
  private final Profiles profiles;
  private final People people;

  public ProfileRoutes(PluginContext context, Profiles profiles, People people) {
    this.context = context;
    this.profiles = profiles;
    this.people = people;
  }

  public void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/profiles/:userId", Access.signedIn(), ctx -> Web.json(ctx, 200,
        load(ctx).map(p -> view(p))));
    routes.api(HttpMethod.PUT, "/profiles/:userId", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      JsonObject body = PluginRoutes.jsonBody(ctx);
      String userId = ctx.pathParam("userId");
      Web.json(ctx, 200, visible(u, userId).compose(rep -> body.containsKey("self")
              ? profiles.selfAssess(u, userId, body) : profiles.assess(u, userId, body))
          .compose(v -> profiles.profile(u.orgId(), userId, Web.today(context.clock(), u))).map(ProfileRoutes::view));
    });
    routes.page(HttpMethod.GET, "/profile/:userId", Access.signedIn(), this::page);
    routes.page(HttpMethod.POST, "/profile/:userId", Access.roles(Role.LEADER), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String userId = ctx.pathParam("userId");
      JsonObject assessment = new JsonObject();
      JsonObject targets = new JsonObject();
      for (Skill s : Skill.values()) {
        String score = Web.field(ctx, "score-" + s.key());
        if (score != null) {
          assessment.put(s.key(), new JsonObject().put("score", score).put("note", Web.field(ctx, "note-" + s.key())));
        }
        String target = Web.field(ctx, "target-" + s.key());
        if (target != null) {
          targets.put(s.key(), target);
        }
      }
      JsonObject body = new JsonObject().put("revision", Web.field(ctx, "revision")).put("assessment", assessment)
          .put("targets", targets);
      visible(u, userId).compose(rep -> profiles.assess(u, userId, body))
          .onSuccess(v -> Web.seeOther(ctx, "/development/profile/" + userId + "?saved=1"))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/profile/:userId/self", Access.roles(Role.REP), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String userId = ctx.pathParam("userId");
      JsonObject self = new JsonObject();
      for (Skill s : Skill.values()) {
        String score = Web.field(ctx, "self-" + s.key());
        if (score != null) {
          self.put(s.key(), score);
        }
      }
      JsonObject body = new JsonObject().put("revision", Web.field(ctx, "revision")).put("self", self);
      visible(u, userId).compose(rep -> profiles.selfAssess(u, userId, body))
          .onSuccess(v -> Web.seeOther(ctx, "/development/profile/" + userId + "?saved=1"))
          .onFailure(ctx::fail);
    });
  }

  /** The rep, if the caller may see their profile (themselves, leaders, admins), else 404. */
  private Future<dev.quotient.api.directory.Directory.Person> visible(CurrentUser u, String userId) {
    if (!u.userId().equals(userId) && !People.manages(u)) {
      return Future.failedFuture(ClientError.notFound("development.error.person.unknown"));
    }
    return people.rep(u.orgId(), userId);
  }

  private Future<Profiles.Profile> load(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    String userId = ctx.pathParam("userId");
    return visible(u, userId).compose(rep -> profiles.profile(u.orgId(), userId, Web.today(context.clock(), u)));
  }

  private void page(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    String userId = ctx.pathParam("userId");
    visible(u, userId).compose(rep -> profiles.profile(u.orgId(), userId, Web.today(context.clock(), u)).map(p -> {
      Map<String, Object> model = new HashMap<>();
      model.put("rep", Map.of("id", rep.id(), "name", rep.name()));
      model.put("revision", p.revision());
      model.put("leader", u.has(Role.LEADER));
      model.put("self", u.userId().equals(userId));
      model.put("saved", "1".equals(ctx.request().getParam("saved")));
      model.put("skills", rows(p));
      model.put("hire", p.doc().getJsonObject("hire"));
      model.put("scores", List.of(1, 2, 3, 4, 5));
      return model;
    })).onSuccess(model -> context.pages().render(ctx, "profile", "development.profile.title", model))
        .onFailure(ctx::fail);
  }

  private static List<Map<String, Object>> rows(Profiles.Profile p) {
    JsonObject leader = p.doc().getJsonObject("leader", new JsonObject());
    JsonObject self = p.doc().getJsonObject("self", new JsonObject());
    JsonObject hire = p.doc().getJsonObject("hire", new JsonObject()).getJsonObject("scores", new JsonObject());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Skill s : Skill.values()) {
      Scoring.Result r = p.results().get(s);
      JsonObject l = leader.getJsonObject(s.key(), new JsonObject());
      Map<String, Object> row = new HashMap<>();
      row.put("key", s.key());
      row.put("area", s.area().name());
      row.put("leaderScore", l.getInteger("score"));
      row.put("note", l.getString("note"));
      row.put("self", self.getInteger(s.key()));
      row.put("hire", hire.getDouble(s.key()));
      row.put("quiz", r.quiz());
      row.put("kpi", r.kpi());
      row.put("score", r.score());
      row.put("target", r.target());
      row.put("gap", r.gap());
      row.put("highlighted", r.highlighted());
      row.put("evidence", p.evidence().getOrDefault(s, List.of()).stream().map(e -> Map.of("source", e.source(),
          "what", e.what(), "value", e.value(), "score", e.score())).toList());
      rows.add(row);
    }
    return rows;
  }

  /** The profile as the API answers it. */
  public static JsonObject view(Profiles.Profile p) {
    JsonObject leader = p.doc().getJsonObject("leader", new JsonObject());
    JsonObject self = p.doc().getJsonObject("self", new JsonObject());
    JsonObject hire = p.doc().getJsonObject("hire");
    JsonArray skills = new JsonArray();
    for (Skill s : Skill.values()) {
      Scoring.Result r = p.results().get(s);
      JsonObject l = leader.getJsonObject(s.key());
      JsonArray evidence = new JsonArray();
      p.evidence().getOrDefault(s, List.of()).forEach(e -> evidence.add(new JsonObject().put("source", e.source())
          .put("what", e.what()).put("value", e.value()).put("score", e.score())));
      skills.add(new JsonObject().put("skill", s.key()).put("area", s.area().name())
          .put("leader", l == null ? null : new JsonObject().put("score", l.getInteger("score")).put("note", l.getString("note")))
          .put("self", self.getInteger(s.key()))
          .put("hire", hire == null ? null : hire.getJsonObject("scores", new JsonObject()).getDouble(s.key()))
          .put("quiz", r.quiz()).put("kpi", r.kpi()).put("score", r.score()).put("target", r.target())
          .put("gap", r.gap()).put("highlighted", r.highlighted()).put("evidence", evidence));
    }
    JsonObject kpis = new JsonObject();
    p.kpis().forEach((k, v) -> kpis.put(k.key(), v));
    return new JsonObject().put("userId", p.userId()).put("revision", p.revision()).put("skills", skills)
        .put("kpis", kpis).put("hire", hire == null ? null : hire.copy())
        .put("weights", new JsonObject().put("leader", Scoring.LEADER).put("quiz", Scoring.QUIZ).put("kpi", Scoring.KPI)
            .put("self", Scoring.SELF).put("hire", Scoring.HIRE));
  }
}
