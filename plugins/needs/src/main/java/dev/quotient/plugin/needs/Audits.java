package dev.quotient.plugin.needs;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory.Person;
import dev.quotient.plugin.needs.Catalog.Question;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Audit rounds (tip 1): a leader's answers to the seven gap questions on a date, each with the current
 * and the target state (1-5 and words), notes and an owner of the organisation. A round is stored
 * whole once every answer is valid; rounds are never edited, so they compare over time.
 */
final class Audits {

  static final String ROUNDS = "audit_rounds";

  private final PluginContext context;
  private final Catalog catalog;

  Audits(PluginContext context, Catalog catalog) {
    this.context = context;
    this.catalog = catalog;
  }

  /** Checks the whole round, then stores it; a bad answer stores nothing (400 naming the field). */
  Future<JsonObject> create(CurrentUser u, JsonObject body) {
    LocalDate today = LocalDate.ofInstant(context.clock().instant(), u.zone());
    LocalDate date = Fields.date(body.getValue("date"), "date");
    if (date != null && date.isAfter(today)) {
      throw ClientError.badRequest("needs.error.futureDate", "date");
    }
    JsonArray answers = Fields.array(body, "answers");
    if (answers.isEmpty()) {
      throw ClientError.badRequest("needs.error.noAnswers", "answers");
    }
    JsonArray checked = new JsonArray();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < answers.size(); i++) {
      String at = "answers[" + i + "]";
      if (!(answers.getValue(i) instanceof JsonObject a)) {
        throw ClientError.badRequest("needs.error.object", at);
      }
      Object qid = a.getValue("question");
      Question q = qid instanceof String s ? catalog.question(s) : null;
      if (q == null) {
        throw ClientError.badRequest("needs.error.question", at + ".question", String.valueOf(qid));
      }
      if (!seen.add(q.id())) {
        throw ClientError.badRequest("needs.error.duplicate", at + ".question", q.id());
      }
      int current = Fields.score(a.getValue("current"), at + ".current");
      int target = Fields.score(a.getValue("target"), at + ".target");
      if (!(a.getValue("owner") instanceof String)) {
        throw ClientError.badRequest("needs.error.owner", at + ".owner");
      }
      checked.add(new JsonObject().put("question", q.id()).put("current", current)
          .put("currentText", Fields.text(a.getValue("currentText"), at + ".currentText", Fields.MAX_TEXT))
          .put("target", target)
          .put("targetText", Fields.text(a.getValue("targetText"), at + ".targetText", Fields.MAX_TEXT))
          .put("notes", Fields.text(a.getValue("notes"), at + ".notes", Fields.MAX_TEXT))
          .put("owner", a.getString("owner")));
    }
    return context.directory().people(u.orgId()).compose(people -> {
      Set<String> ids = people.stream().map(Person::id).collect(Collectors.toSet());
      for (int i = 0; i < checked.size(); i++) {
        if (!ids.contains(checked.getJsonObject(i).getString("owner"))) {
          return Future.failedFuture(ClientError.badRequest("needs.error.owner", "answers[" + i + "].owner"));
        }
      }
      JsonObject round = new JsonObject().put("orgId", u.orgId()).put("date", (date == null ? today : date).toString())
          .put("createdAt", context.clock().instant().toString()).put("createdBy", u.userId()).put("answers", checked);
      return context.content().insert(ROUNDS, round).map(id -> round.put("_id", id));
    });
  }

  /** The organisation's rounds, oldest first (by date, then by when they were saved). */
  Future<List<JsonObject>> rounds(String orgId) {
    return context.content().find(ROUNDS, new JsonObject().put("orgId", orgId),
        new JsonObject().put("date", 1).put("createdAt", 1), 1000);
  }

  /** One round of the caller's organisation; any other is 404. */
  Future<JsonObject> get(CurrentUser u, String id) {
    return context.content().get(ROUNDS, id).compose(r -> r == null || !u.orgId().equals(r.getString("orgId"))
        ? Future.failedFuture(ClientError.notFound("needs.error.roundNotFound")) : Future.succeededFuture(r));
  }

  static int gap(JsonObject answer) {
    return answer.getInteger("target") - answer.getInteger("current");
  }

  /** The gap of each answered question of a round. */
  static Map<String, Integer> gaps(JsonObject round) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Object o : round.getJsonArray("answers")) {
      JsonObject a = (JsonObject) o;
      out.put(a.getString("question"), gap(a));
    }
    return out;
  }

  /** A round for the API and pages: answers in catalogue order, with question texts, owner names and gaps. */
  JsonObject view(JsonObject round, Locale locale, Map<String, String> names) {
    Map<String, JsonObject> byQuestion = new LinkedHashMap<>();
    round.getJsonArray("answers").forEach(o -> byQuestion.put(((JsonObject) o).getString("question"), (JsonObject) o));
    JsonArray answers = new JsonArray();
    for (Question q : catalog.questions()) {
      JsonObject a = byQuestion.get(q.id());
      if (a != null) {
        answers.add(a.copy().put("number", q.number()).put("questionText", q.shortText(locale))
            .put("ownerName", names.getOrDefault(a.getString("owner"), "")).put("gap", gap(a)));
      }
    }
    return new JsonObject().put("id", round.getString("_id")).put("date", round.getString("date"))
        .put("createdAt", round.getString("createdAt")).put("createdBy", round.getString("createdBy"))
        .put("createdByName", names.getOrDefault(round.getString("createdBy"), "")).put("answers", answers);
  }

  /**
   * The gap of every question in every round (null where a round left it out), and the change from
   * its first to its latest answered round (negative: the gap is closing).
   */
  JsonArray comparison(List<JsonObject> rounds, Locale locale) {
    JsonArray out = new JsonArray();
    for (Question q : catalog.questions()) {
      JsonArray gaps = new JsonArray();
      Integer first = null;
      Integer last = null;
      for (JsonObject r : rounds) {
        Integer g = gaps(r).get(q.id());
        gaps.add(new JsonObject().put("round", r.getString("_id")).put("date", r.getString("date")).put("gap", g));
        if (g != null) {
          first = first == null ? g : first;
          last = g;
        }
      }
      out.add(new JsonObject().put("question", q.id()).put("number", q.number()).put("text", q.shortText(locale))
          .put("gaps", gaps).put("change", first == null ? null : last - first));
    }
    return out;
  }

  /** The chart of gaps per question across rounds, in the reader's language. */
  String chart(List<JsonObject> rounds, Locale locale) {
    List<GapChart.Question> qs = catalog.questions().stream()
        .map(q -> new GapChart.Question(q.id(), "Q" + q.number(), q.number() + ". " + q.shortText(locale))).toList();
    List<GapChart.Round> rs = rounds.stream().map(r -> new GapChart.Round(r.getString("date"), gaps(r))).toList();
    return GapChart.svg(qs, rs, new GapChart.Labels(context.pages().text(locale, "needs.chart.title"),
        context.pages().text(locale, "needs.chart.axis"), context.pages().text(locale, "needs.chart.bar"),
        context.pages().text(locale, "needs.chart.empty")));
  }
}
