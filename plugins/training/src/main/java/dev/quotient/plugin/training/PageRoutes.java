package dev.quotient.plugin.training;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialQuery;
import dev.quotient.api.materials.Skill;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Server-rendered pages under {@code /training}; forms post back here and redirect (303) on success. */
final class PageRoutes {

  /** Library items shown with a module: enough to choose from, few enough to read on a phone. */
  private static final int RELATED = 6;

  private final PluginContext context;
  private final TrainingService training;
  private final Overviews overviews;
  private final ModuleViews views;

  PageRoutes(PluginContext context, TrainingService training, Overviews overviews, ModuleViews views) {
    this.context = context;
    this.training = training;
    this.overviews = overviews;
    this.views = views;
  }

  void register(PluginRoutes routes) {
    routes.page(HttpMethod.GET, "/", Access.signedIn(), this::home);
    routes.page(HttpMethod.GET, "/modules/:id", Access.signedIn(), this::module);
    routes.page(HttpMethod.GET, "/modules/:id/lessons/:n", Access.signedIn(), this::lesson);
    routes.page(HttpMethod.GET, "/modules/:id/quiz", Access.signedIn(), this::quiz);
    routes.page(HttpMethod.POST, "/modules/:id/quiz", Access.signedIn(), this::submitQuiz);
    routes.page(HttpMethod.GET, "/attempts/:id", Access.signedIn(), this::result);
    routes.page(HttpMethod.GET, "/reinforcement/:id", Access.signedIn(), this::reinforcement);
    routes.page(HttpMethod.POST, "/reinforcement/:id", Access.signedIn(), this::submitReinforcement);
    routes.page(HttpMethod.GET, "/team", ApiRoutes.ASSIGNERS, this::team);
    routes.page(HttpMethod.POST, "/team/assign", ApiRoutes.ASSIGNERS, this::assign);
    routes.page(HttpMethod.POST, "/team/grant", ApiRoutes.ASSIGNERS, this::grant);
    routes.page(HttpMethod.GET, "/mentees", Access.roles(Role.MENTOR), this::mentees);
    routes.page(HttpMethod.GET, "/editor", ApiRoutes.EDITORS, ctx -> editor(ctx, null, null, null));
    routes.page(HttpMethod.POST, "/editor", ApiRoutes.EDITORS, ctx -> saveModule(ctx, null));
    routes.page(HttpMethod.GET, "/editor/:id", ApiRoutes.EDITORS, ctx -> training.module(user(ctx), ctx.pathParam("id"))
        .map(m -> {
          if (m.getString("orgId") == null) {
            throw ClientError.conflict("training.error.module.shared");
          }
          return m;
        })
        .onSuccess(m -> editor(ctx, m, dump(editable(views.source(m))), null)).onFailure(ctx::fail));
    routes.page(HttpMethod.POST, "/editor/:id", ApiRoutes.EDITORS, ctx -> saveModule(ctx, ctx.pathParam("id")));
  }

  private static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }

  private void home(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    training.modules(u).compose(modules -> overviews.myTraining(u).map(me -> {
      Map<String, Object> model = new HashMap<>();
      java.util.Set<String> passed = new java.util.HashSet<>();
      me.getJsonArray("completed").forEach(c -> passed.add(((JsonObject) c).getString("moduleId")));
      model.put("modules", modules.stream().map(m -> views.summary(m, u.locale())
          .put("passed", passed.contains(m.getString("_id")))).toList());
      model.put("assignments", me.getJsonArray("assignments"));
      JsonArray open = new JsonArray();
      me.getJsonArray("reinforcement").forEach(r -> {
        String status = ((JsonObject) r).getString("status");
        if (status.equals("due") || status.equals("missed")) {
          open.add(r);
        }
      });
      model.put("reinforcement", open);
      model.put("canAssign", ApiRoutes.ASSIGNERS.allows(u));
      model.put("canEdit", ApiRoutes.EDITORS.allows(u));
      model.put("isMentor", u.has(Role.MENTOR));
      return model;
    })).onSuccess(model -> render(ctx, "home", "training.title", model)).onFailure(ctx::fail);
  }

  private void module(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    training.module(u, ctx.pathParam("id")).compose(m -> overviews.myTraining(u).map(me -> {
      Map<String, Object> model = new HashMap<>();
      JsonObject full = views.full(m, u.locale());
      List<Object> lessons = new ArrayList<>();
      JsonArray ls = full.getJsonArray("lessons");
      for (int i = 0; i < ls.size(); i++) {
        lessons.add(Map.of("n", i + 1, "title", ls.getJsonObject(i).getString("title")));
      }
      model.put("module", full.put("lessons", new JsonArray()));
      model.put("lessons", lessons);
      model.put("questionCount", full.getJsonObject("quiz").getJsonArray("questions").size());
      return model;
    }).compose(model -> related(u, m).map(items -> {
      model.put("materials", items);
      return model;
    }))).onSuccess(model -> render(ctx, "module", "training.module.title", model)).onFailure(ctx::fail);
  }

  /**
   * Library items that go with a module, as the caller may see them: those a trainer tagged with the
   * module id first, then those serving one of its sub-skills. At most {@value #RELATED} items.
   */
  private Future<List<Map<String, Object>>> related(CurrentUser u, JsonObject module) {
    List<MaterialQuery> queries = new ArrayList<>();
    queries.add(new MaterialQuery(null, null, null, null, null, module.getString("_id"), RELATED));
    for (Object o : module.getJsonArray("skills", new JsonArray())) {
      try {
        queries.add(new MaterialQuery(null, null, null, Skill.parse(((JsonObject) o).getString("skill")), null, null,
            RELATED));
      } catch (IllegalArgumentException e) {
        // an organisation's module may name a sub-skill the library does not know: nothing to match
      }
    }
    Future<Map<String, Material>> found = Future.succeededFuture(new LinkedHashMap<>());
    for (MaterialQuery q : queries) {
      found = found.compose(acc -> context.materials().search(u, q).map(items -> {
        items.forEach(i -> acc.putIfAbsent(i.id(), i));
        return acc;
      }));
    }
    return found.map(acc -> acc.values().stream().limit(RELATED).map(i -> Map.<String, Object>of(
        "title", i.title(), "kind", i.kind().key(), "page", i.page())).toList());
  }

  private void lesson(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      ctx.fail(ClientError.notFound("training.error.lesson.unknown", ctx.pathParam("n")));
      return;
    }
    training.module(u, ctx.pathParam("id")).compose(m -> {
      JsonArray lessons = m.getJsonArray("lessons");
      if (n < 1 || n > lessons.size()) {
        throw ClientError.notFound("training.error.lesson.unknown", String.valueOf(n));
      }
      JsonObject lesson = lessons.getJsonObject(n - 1);
      return training.markRead(u, m, lesson.getString("id")).map(v -> {
        Map<String, Object> model = new HashMap<>();
        model.put("moduleId", m.getString("_id"));
        model.put("moduleTitle", Json.text(m.getJsonObject("title"), u.locale()));
        model.put("lesson", views.lesson(m, lesson, u.locale()));
        model.put("n", n);
        model.put("total", lessons.size());
        model.put("previous", n > 1 ? n - 1 : null);
        model.put("next", n < lessons.size() ? n + 1 : null);
        return model;
      });
    }).onSuccess(model -> render(ctx, "lesson", "training.lesson.title", model)).onFailure(ctx::fail);
  }

  private void quiz(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    training.module(u, ctx.pathParam("id")).compose(m -> training.completion(u, m.getString("_id")).compose(done -> {
      if (done != null) {
        // Passed already: the result of the passing attempt instead of a closed quiz.
        seeOther(ctx, "/training/attempts/" + done.getString("attemptId"));
        return Future.<Map<String, Object>>succeededFuture(null);
      }
      return quizModel(u, m);
    })).onSuccess(model -> {
      if (model != null) {
        render(ctx, "quiz", "training.quiz.title", model);
      }
    }).onFailure(ctx::fail);
  }

  private Future<Map<String, Object>> quizModel(CurrentUser u, JsonObject module) {
    return Future.succeededFuture(module).compose(m -> training.startAttempt(u, m)
        .compose(a -> training.quota(u, m).map(q -> {
      Map<String, Object> model = new HashMap<>();
      JsonObject view = views.attempt(a, m, u.locale(), q);
      model.put("questions", questionModels(view.getJsonArray("questions")));
      model.put("attempt", view.put("questions", new JsonArray()));
      model.put("action", "/training/modules/" + m.getString("_id") + "/quiz");
      return model;
    })));
  }

  /** Questions as the quiz and reinforcement forms show them: numbered, with their type as flags. */
  private static List<Object> questionModels(JsonArray qs) {
    List<Object> questions = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      Map<String, Object> q = new HashMap<>(qs.getJsonObject(i).getMap());
      q.put("n", i + 1);
      q.put("single", "single".equals(q.get("type")));
      q.put("multiple", "multiple".equals(q.get("type")));
      q.put("short", "short".equals(q.get("type")));
      questions.add(q);
    }
    return questions;
  }

  /** The form's answers as the API takes them; questions left blank are simply not answered. */
  private static JsonArray formAnswers(RoutingContext ctx, List<JsonObject> questions) {
    JsonArray answers = new JsonArray();
    for (JsonObject q : questions) {
      String field = "q." + q.getString("id");
      if ("short".equals(q.getString("type"))) {
        String text = ctx.request().getFormAttribute(field);
        if (text != null && !text.isBlank()) {
          answers.add(new JsonObject().put("question", q.getString("id")).put("text", text));
        }
      } else {
        List<String> chosen = ctx.request().formAttributes().getAll(field);
        if (!chosen.isEmpty()) {
          answers.add(new JsonObject().put("question", q.getString("id")).put("options", new JsonArray(new ArrayList<>(chosen))));
        }
      }
    }
    return answers;
  }

  private void submitQuiz(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String attemptId = ctx.request().getFormAttribute("attemptId");
    training.module(u, ctx.pathParam("id"))
        .compose(m -> training.submit(u, attemptId == null ? "" : attemptId, formAnswers(ctx, TrainingService.questions(m))))
        .onSuccess(a -> seeOther(ctx, "/training/attempts/" + a.getString("_id")))
        .onFailure(ctx::fail);
  }

  private void result(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    training.attempt(u, ctx.pathParam("id")).compose(a -> training.module(u, a.getString("moduleId"))
        .compose(m -> training.quota(u, m).map(q -> views.attempt(a, m, u.locale(), q))).map(view -> {
      if (view.getJsonObject("result") == null) {
        throw ClientError.conflict("training.error.attempt.open");
      }
      Map<String, Object> model = new HashMap<>();
      model.put("attempt", view);
      model.put("canRetry", !view.getJsonObject("result").getBoolean("passed")
          && view.getJsonObject("result").getInteger("attemptsLeft") > 0);
      return model;
    })).onSuccess(model -> render(ctx, "result", "training.result.title", model)).onFailure(ctx::fail);
  }

  private void reinforcement(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    training.reinforcement(u, ctx.pathParam("id")).compose(r -> training.module(u, r.getString("moduleId")).map(m -> {
      JsonObject view = views.reinforcement(r, m, u.locale());
      Map<String, Object> model = new HashMap<>();
      String status = training.reinforcementStatus(r);
      model.put("status", status);
      model.put("canAnswer", status.equals("due") || status.equals("missed"));
      model.put("questions", questionModels(view.getJsonArray("questions", new JsonArray())));
      model.put("reinforcement", view.put("questions", new JsonArray()));
      model.put("action", "/training/reinforcement/" + r.getString("_id"));
      return model;
    })).onSuccess(model -> render(ctx, "reinforcement", "training.reinforcement.title", model))
        .onFailure(ctx::fail);
  }

  private void submitReinforcement(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String id = ctx.pathParam("id");
    training.reinforcement(u, id).compose(r -> training.module(u, r.getString("moduleId"))
            .compose(m -> training.submitReinforcement(u, id, formAnswers(ctx, TrainingService.reinforcementQuestions(m, r)))))
        .onSuccess(r -> seeOther(ctx, "/training/reinforcement/" + id))
        .onFailure(ctx::fail);
  }

  private void team(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    overviews.team(u).compose(team -> training.modules(u).compose(modules -> context.directory().people(u.orgId())
        .compose(people -> context.directory().teams(u.orgId()).map(teams -> {
          Map<String, Object> model = new HashMap<>();
          model.put("assignments", team.getJsonArray("assignments"));
          model.put("overdue", team.getJsonArray("overdue"));
          model.put("missed", team.getJsonArray("missedReinforcement"));
          model.put("modules", modules.stream().map(m -> Map.of("id", m.getString("_id"),
              "title", Json.text(m.getJsonObject("title"), u.locale()))).toList());
          model.put("people", people.stream().filter(p -> p.has(Role.REP))
              .map(p -> Map.of("value", "user:" + p.id(), "name", p.name())).toList());
          model.put("teams", teams.stream().map(t -> Map.of("value", "team:" + t.id(), "name", t.name())).toList());
          model.put("done", "1".equals(ctx.request().getParam("assigned")));
          model.put("granted", "1".equals(ctx.request().getParam("granted")));
          model.put("lockedOut", team.getJsonArray("lockedOut"));
          return model;
        })))).onSuccess(model -> render(ctx, "team", "training.team.title", model)).onFailure(ctx::fail);
  }

  private void assign(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String target = String.valueOf(ctx.request().getFormAttribute("target"));
    String userId = target.startsWith("user:") ? target.substring(5) : null;
    String teamId = target.startsWith("team:") ? target.substring(5) : null;
    training.assign(u, ctx.request().getFormAttribute("moduleId"), userId, teamId, ctx.request().getFormAttribute("due"))
        .onSuccess(list -> seeOther(ctx, "/training/team?assigned=1"))
        .onFailure(ctx::fail);
  }

  /** The "grant an attempt" form of a locked-out row: one more attempt unless the form says how many. */
  private void grant(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String count = ctx.request().getFormAttribute("attempts");
    Object attempts;
    try {
      attempts = count == null || count.isBlank() ? 1 : Integer.valueOf(count.strip());
    } catch (NumberFormatException e) {
      attempts = count;
    }
    Object n = attempts;
    training.module(u, ctx.request().getFormAttribute("moduleId"))
        .compose(m -> training.grant(u, m, ctx.request().getFormAttribute("userId"), n,
            ctx.request().getFormAttribute("reason")))
        .onSuccess(g -> seeOther(ctx, "/training/team?granted=1#locked-out"))
        .onFailure(ctx::fail);
  }

  private void mentees(RoutingContext ctx) {
    overviews.mentees(user(ctx))
        .onSuccess(m -> render(ctx, "mentees", "training.mentees.title",
            Map.of("mentees", m.getJsonArray("mentees"))))
        .onFailure(ctx::fail);
  }

  private void editor(RoutingContext ctx, JsonObject module, String yaml, String error) {
    CurrentUser u = user(ctx);
    training.modules(u).onSuccess(modules -> {
      Map<String, Object> model = new HashMap<>();
      model.put("own", modules.stream().filter(m -> u.orgId().equals(m.getString("orgId")))
          .map(m -> views.summary(m, u.locale())).toList());
      model.put("editing", module == null ? null : views.summary(module, u.locale()));
      model.put("action", module == null ? "/training/editor" : "/training/editor/" + module.getString("_id"));
      model.put("yaml", yaml != null ? yaml : TEMPLATE);
      model.put("error", error);
      if (error != null) {
        ctx.response().setStatusCode(400);
      }
      render(ctx, "editor", "training.editor.title", model);
    }).onFailure(ctx::fail);
  }

  private void saveModule(RoutingContext ctx, String id) {
    CurrentUser u = user(ctx);
    String yaml = String.valueOf(ctx.request().getFormAttribute("yaml"));
    JsonObject input;
    try {
      input = Curriculum.yaml(yaml, "module");
    } catch (IllegalStateException e) {
      fallback(ctx, id, yaml, e.getMessage());
      return;
    }
    JsonObject parsed = input;
    Future<JsonObject> saved = Future.<Void>succeededFuture().compose(v -> id == null
        ? training.createModule(u, parsed) : training.updateModule(u, id, parsed));
    saved.onSuccess(m -> seeOther(ctx, "/training/modules/" + m.getString("_id"))).onFailure(e -> {
      if (e instanceof ClientError c && c.status() == 400) {
        fallback(ctx, id, yaml, c.args().length > 0 ? String.valueOf(c.args()[0]) : c.messageKey());
      } else {
        ctx.fail(e);
      }
    });
  }

  private void fallback(RoutingContext ctx, String id, String yaml, String error) {
    if (id == null) {
      editor(ctx, null, yaml, error);
    } else {
      training.module(user(ctx), id).onSuccess(m -> editor(ctx, m, yaml, error)).onFailure(ctx::fail);
    }
  }

  private static JsonObject editable(JsonObject source) {
    JsonObject out = source.copy();
    out.remove("id");
    out.remove("version");
    return out;
  }

  static String dump(JsonObject module) {
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(100).build())
        .dumpToString(Json.plain(module));
  }

  /** Renders, turning a template failure into a failed request instead of a response that never ends. */
  private void render(RoutingContext ctx, String template, String titleKey, Map<String, Object> model) {
    try {
      context.pages().render(ctx, template, titleKey, model);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  /** What a new module starts from in the editor: the shape of module.yaml, lessons inline. */
  static final String TEMPLATE = """
      audience: reps
      minutes: 15
      title: {en: New module, pl: Nowy moduł}
      summary: {en: What the rep learns, pl: Czego uczy się handlowiec}
      skills:
        - {area: BQ, skill: execution}
      lessons:
        - id: first
          title: {en: First lesson, pl: Pierwsza lekcja}
          text:
            en: |
              Write the lesson in **Markdown**.
            pl: |
              Napisz lekcję w **Markdown**.
      quiz:
        passMark: 80
        attempts: 3
        questions:
          - id: q1
            type: single
            text: {en: Question?, pl: Pytanie?}
            options:
              - {id: a, text: {en: Right, pl: Dobrze}, correct: true}
              - {id: b, text: {en: Wrong, pl: Źle}}
            feedback: {en: Why, pl: Dlaczego}
      """;
}
