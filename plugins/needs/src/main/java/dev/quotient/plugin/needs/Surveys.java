package dev.quotient.plugin.needs;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore.Filter;
import dev.quotient.api.ContentStore.Index;
import dev.quotient.api.ContentStore.Key;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.plugin.needs.Catalog.Topic;
import dev.quotient.plugin.needs.Ranking.Need;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Team surveys (tip 7): a leader opens one with a closing date; reps and leaders rate how much they
 * need each training topic (1-5). One answer per person and survey, kept under an id made of both,
 * so a second submission replaces the first. Nobody reads anyone else's answer: results are means
 * per topic, shown once {@value #MIN_RESPONSES} people answered, and leaders also see how many did.
 */
final class Surveys {

  static final String SURVEYS = "surveys";
  static final String RESPONSES = "survey_responses";
  static final int MIN_RESPONSES = 3;

  private final PluginContext context;
  private final Catalog catalog;

  Surveys(PluginContext context, Catalog catalog) {
    this.context = context;
    this.catalog = catalog;
  }

  static boolean manages(CurrentUser u) {
    return u.has(Role.LEADER) || u.has(Role.ADMIN);
  }

  LocalDate today(CurrentUser u) {
    return LocalDate.ofInstant(context.clock().instant(), u.zone());
  }

  Future<JsonObject> create(CurrentUser u, JsonObject body) {
    String title = Fields.required(body.getValue("title"), "title", 120);
    LocalDate closes = Fields.date(body.getValue("closes"), "closes");
    if (closes == null || closes.isBefore(today(u))) {
      throw ClientError.badRequest("needs.error.closes", "closes");
    }
    JsonObject survey = new JsonObject().put("orgId", u.orgId()).put("title", title).put("closes", closes.toString())
        .put("createdAt", context.clock().instant().toString()).put("createdBy", u.userId())
        .put("topics", new JsonArray(catalog.topics().stream().map(Topic::id).toList()));
    return context.content().insert(SURVEYS, survey).map(id -> survey.put("_id", id));
  }

  /** The organisation's surveys, newest first. */
  Future<List<JsonObject>> list(String orgId) {
    return context.content().find(SURVEYS, new JsonObject().put("orgId", orgId), new JsonObject().put("createdAt", -1), 500);
  }

  Future<JsonObject> get(CurrentUser u, String id) {
    return context.content().get(SURVEYS, id).compose(s -> s == null || !u.orgId().equals(s.getString("orgId"))
        ? Future.failedFuture(ClientError.notFound("needs.error.surveyNotFound")) : Future.succeededFuture(s));
  }

  boolean open(CurrentUser u, JsonObject survey) {
    return !today(u).isAfter(LocalDate.parse(survey.getString("closes")));
  }

  /**
   * Stores the caller's ratings, replacing their earlier answer. Every rating is checked first: an
   * unknown topic or a score outside 1-5 is a 400 naming it, a closed survey a 409; nothing is stored.
   */
  Future<JsonObject> answer(CurrentUser u, String id, JsonObject body) {
    JsonObject ratings = Fields.object(body, "ratings");
    return get(u, id).compose(survey -> {
      if (!open(u, survey)) {
        return Future.failedFuture(new ClientError(409, "needs.error.closed", "closes", survey.getString("closes")));
      }
      List<String> topics = survey.getJsonArray("topics").stream().map(String::valueOf).toList();
      JsonObject checked = new JsonObject();
      for (String topic : ratings.fieldNames()) {
        if (!topics.contains(topic)) {
          return Future.failedFuture(ClientError.badRequest("needs.error.topic", "ratings." + topic, topic));
        }
        checked.put(topic, Fields.score(ratings.getValue(topic), "ratings." + topic));
      }
      if (checked.isEmpty()) {
        return Future.failedFuture(ClientError.badRequest("needs.error.noRatings", "ratings"));
      }
      String key = survey.getString("_id") + "-" + u.userId();
      return context.content().merge(RESPONSES, key, new JsonObject().put("orgId", u.orgId())
              .put("surveyId", survey.getString("_id")).put("userId", u.userId()).put("ratings", checked)
              .put("submittedAt", context.clock().instant().toString()))
          .map(created -> new JsonObject().put("survey", survey.getString("_id")).put("ratings", checked)
              .put("replaced", !created));
    });
  }

  /** The caller's own ratings, or an empty object. */
  Future<JsonObject> mine(CurrentUser u, String surveyId) {
    return context.content().get(RESPONSES, surveyId + "-" + u.userId())
        .map(r -> r == null || !u.userId().equals(r.getString("userId")) ? new JsonObject() : r.getJsonObject("ratings"));
  }

  /** Mean need and number of ratings per topic, and how many people answered. */
  record Aggregate(int responses, Map<String, Need> needs) {}

  /** The index {@link #aggregate(String, String)} reads by, declared at start. */
  static final Index RESPONSES_BY_SURVEY = Index.on(Key.asc("orgId"), Key.asc("surveyId"));

  /** Summed a page of responses at a time, so a survey with any number of answers is counted whole. */
  Future<Aggregate> aggregate(String orgId, String surveyId) {
    Map<String, int[]> sums = new HashMap<>();
    int[] responses = {0};
    return context.content().forEachPage(RESPONSES,
        Filter.where(new JsonObject().put("orgId", orgId).put("surveyId", surveyId)), Key.asc("_id"), page -> {
          responses[0] += page.size();
          add(sums, page);
        }).map(v -> aggregate(responses[0], sums));
  }

  /** Adds each response's ratings to the per-topic sum and count. */
  private static void add(Map<String, int[]> sums, List<JsonObject> responses) {
    for (JsonObject r : responses) {
      r.getJsonObject("ratings").forEach(e -> {
        int[] s = sums.computeIfAbsent(e.getKey(), k -> new int[2]);
        s[0] += ((Number) e.getValue()).intValue();
        s[1]++;
      });
    }
  }

  private static Aggregate aggregate(int responses, Map<String, int[]> sums) {
    Map<String, Need> needs = new LinkedHashMap<>();
    sums.forEach((topic, s) -> needs.put(topic, new Need((double) s[0] / s[1], s[1])));
    return new Aggregate(responses, needs);
  }

  /**
   * A survey as the caller may see it: the topics in their language, their own ratings, means per
   * topic once enough people answered, and (leaders and admins) the number of answers.
   */
  Future<JsonObject> view(CurrentUser u, JsonObject survey) {
    Locale l = u.locale();
    String id = survey.getString("_id");
    return aggregate(u.orgId(), id).compose(agg -> mine(u, id).map(mine -> {
      boolean shown = agg.responses() >= MIN_RESPONSES;
      JsonArray topics = new JsonArray();
      for (Object o : survey.getJsonArray("topics")) {
        Topic t = catalog.topic(String.valueOf(o));
        if (t == null) {
          continue;
        }
        Need need = agg.needs().get(t.id());
        JsonObject row = new JsonObject().put("id", t.id()).put("name", t.name(l))
            .put("skills", new JsonArray(t.skills().stream().map(s -> s.key()).toList()))
            .put("mine", mine.getInteger(t.id()));
        if (shown) {
          row.put("mean", need == null ? null : Math.round(need.mean() * 100) / 100.0)
              .put("meanText", need == null ? "–" : String.format(l, "%.1f", need.mean()))
              .put("ratings", need == null ? 0 : need.ratings());
        }
        topics.add(row);
      }
      JsonObject view = new JsonObject().put("id", id).put("title", survey.getString("title"))
          .put("closes", survey.getString("closes")).put("createdAt", survey.getString("createdAt"))
          .put("open", open(u, survey)).put("topics", topics).put("answered", !mine.isEmpty())
          .put("resultsShown", shown).put("minResponses", MIN_RESPONSES);
      if (manages(u)) {
        view.put("responses", agg.responses());
      }
      return view;
    }));
  }
}
