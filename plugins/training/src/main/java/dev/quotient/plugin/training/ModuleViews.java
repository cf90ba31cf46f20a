package dev.quotient.plugin.training;

import dev.quotient.api.web.Markdown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Modules, attempts and reinforcement as callers see them, in their language (English when a text
 * is missing). Quiz questions never carry the correct options or accepted answers; results carry the
 * per-question verdict and feedback.
 */
final class ModuleViews {

  private final Markdown markdown;
  private final Map<String, String> html = new ConcurrentHashMap<>();

  ModuleViews(Markdown markdown) {
    this.markdown = markdown;
  }

  JsonObject summary(JsonObject m, Locale locale) {
    return new JsonObject().put("id", m.getString("_id")).put("version", m.getInteger("version"))
        .put("source", m.getString("source")).put("audience", m.getString("audience"))
        .put("minutes", m.getInteger("minutes")).put("title", Json.text(m.getJsonObject("title"), locale))
        .put("summary", Json.text(m.getJsonObject("summary"), locale)).put("skills", m.getJsonArray("skills").copy())
        .put("lessons", m.getJsonArray("lessons").size())
        .put("updatedAt", Instant.ofEpochMilli(m.getLong("updatedAt", 0L)).toString());
  }

  /** Lesson HTML (sanitised, cached per module version and language). */
  String lessonHtml(JsonObject m, JsonObject lesson, Locale locale) {
    String lang = lesson.getJsonObject("text").containsKey(locale.getLanguage()) ? locale.getLanguage() : "en";
    String key = m.getString("_id") + "|" + m.getInteger("version") + "|" + lesson.getString("id") + "|" + lang;
    return html.computeIfAbsent(key, k -> demoteHeadings(markdown.toHtml(Json.text(lesson.getJsonObject("text"), locale))));
  }

  /** A lesson sits under the page's h1 (the lesson title): its own headings move one level down. */
  static String demoteHeadings(String html) {
    String out = html;
    for (int level = 5; level >= 1; level--) {
      out = out.replace("<h" + level + ">", "<h" + (level + 1) + ">").replace("<h" + level + " ", "<h" + (level + 1) + " ")
          .replace("</h" + level + ">", "</h" + (level + 1) + ">");
    }
    return out;
  }

  JsonObject lesson(JsonObject m, JsonObject lesson, Locale locale) {
    JsonObject out = new JsonObject().put("id", lesson.getString("id"))
        .put("title", Json.text(lesson.getJsonObject("title"), locale)).put("html", lessonHtml(m, lesson, locale));
    JsonObject rec = lesson.getJsonObject("recording");
    if (rec != null) {
      out.put("recording", new JsonObject().put("url", rec.getString("url"))
          .put("title", Json.text(rec.getJsonObject("title"), locale)));
    }
    return out;
  }

  JsonObject full(JsonObject m, Locale locale) {
    JsonArray lessons = new JsonArray();
    m.getJsonArray("lessons").forEach(l -> lessons.add(lesson(m, (JsonObject) l, locale)));
    JsonObject quiz = m.getJsonObject("quiz");
    JsonArray questions = new JsonArray();
    TrainingService.questions(m).forEach(q -> questions.add(Scoring.forQuiz(q, locale)));
    return summary(m, locale).put("lessons", lessons).put("quiz", new JsonObject()
        .put("passMark", quiz.getInteger("passMark")).put("attempts", quiz.getInteger("attempts"))
        .put("questions", questions));
  }

  /** The editable source of an organisation module (what the editor and PUT take back). */
  JsonObject source(JsonObject m) {
    JsonObject out = new JsonObject().put("id", m.getString("_id")).put("version", m.getInteger("version"));
    for (String key : List.of("audience", "minutes", "title", "summary", "skills", "lessons", "quiz", "reinforcement")) {
      if (m.containsKey(key)) {
        out.put(key, m.getValue(key));
      }
    }
    return out;
  }

  /** An attempt with its questions (open) or its result; the attempts as the person has them now. */
  JsonObject attempt(JsonObject a, JsonObject m, Locale locale, TrainingService.Quota quota) {
    JsonObject quiz = m.getJsonObject("quiz");
    JsonObject out = new JsonObject().put("attemptId", a.getString("_id")).put("moduleId", a.getString("moduleId"))
        .put("title", Json.text(m.getJsonObject("title"), locale))
        .put("number", a.getInteger("number")).put("attemptsAllowed", quota.allowed())
        .put("passMark", quiz.getInteger("passMark")).put("state", a.getString("state"));
    JsonObject result = a.getJsonObject("result");
    if (result == null) {
      JsonArray questions = new JsonArray();
      TrainingService.questions(m).forEach(q -> questions.add(Scoring.forQuiz(q, locale)));
      return out.put("questions", questions);
    }
    return out.put("result", result(result, m, locale, quota.left())).put("submittedAt",
        Instant.ofEpochMilli(a.getLong("submittedAt")).toString());
  }

  JsonObject reinforcement(JsonObject r, JsonObject m, Locale locale) {
    JsonObject out = new JsonObject().put("id", r.getString("_id")).put("moduleId", r.getString("moduleId"))
        .put("title", Json.text(m.getJsonObject("title"), locale)).put("days", r.getInteger("days"))
        .put("dueAt", Instant.ofEpochMilli(r.getLong("dueAt")).toString()).put("state", r.getString("state"));
    JsonObject result = r.getJsonObject("result");
    if (result == null) {
      JsonArray questions = new JsonArray();
      TrainingService.reinforcementQuestions(m, r).forEach(q -> questions.add(Scoring.forQuiz(q, locale)));
      return out.put("questions", questions);
    }
    return out.put("late", r.getBoolean("late", false)).put("result", result(result, m, locale, null));
  }

  private static JsonObject result(JsonObject result, JsonObject m, Locale locale, Integer attemptsLeft) {
    Map<String, JsonObject> texts = new HashMap<>();
    TrainingService.questions(m).forEach(q -> texts.put(q.getString("id"), q.getJsonObject("text")));
    JsonArray questions = new JsonArray();
    for (Object o : result.getJsonArray("questions")) {
      JsonObject q = (JsonObject) o;
      questions.add(new JsonObject().put("id", q.getString("id"))
          .put("text", Json.text(texts.get(q.getString("id")), locale)).put("correct", q.getBoolean("correct"))
          .put("feedback", Json.text(q.getJsonObject("feedback"), locale)));
    }
    JsonObject out = new JsonObject().put("score", result.getInteger("score"))
        .put("correctCount", result.getInteger("correctCount")).put("total", result.getInteger("total"))
        .put("questions", questions);
    if (result.containsKey("passed")) {
      out.put("passed", result.getBoolean("passed")).put("passMark", result.getInteger("passMark"));
    }
    if (attemptsLeft != null) {
      out.put("attemptsLeft", result.getBoolean("passed", false) ? 0 : attemptsLeft);
    }
    return out;
  }
}
