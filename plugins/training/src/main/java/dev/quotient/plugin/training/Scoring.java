package dev.quotient.plugin.training;

import dev.quotient.api.ClientError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scores answers on the server against the stored module: the client only ever sends its choices.
 * Answers are {@code [{question, options: [...]}, {question, text}]}; a question left out counts as
 * wrong. Unknown question or option ids, or an answer of the wrong kind, are a 400 before anything
 * is stored.
 */
final class Scoring {

  private Scoring() {}

  /**
   * @param questions the questions being asked (the quiz's, or a reinforcement's subset)
   * @return {score (0-100), correctCount, total, questions: [{id, correct, feedback {en, pl}}]}
   */
  static JsonObject score(List<JsonObject> questions, JsonArray answers) {
    Map<String, JsonObject> byId = new HashMap<>();
    questions.forEach(q -> byId.put(q.getString("id"), q));
    Map<String, JsonObject> given = new HashMap<>();
    for (Object a : answers == null ? new JsonArray() : answers) {
      if (!(a instanceof JsonObject answer) || !(answer.getValue("question") instanceof String qid)) {
        throw ClientError.badRequest("training.error.answer.shape");
      }
      JsonObject q = byId.get(qid);
      if (q == null) {
        throw ClientError.badRequest("training.error.question.unknown", qid);
      }
      if (given.put(qid, answer) != null) {
        throw ClientError.badRequest("training.error.question.twice", qid);
      }
      if ("short".equals(q.getString("type"))) {
        if (!(answer.getValue("text") instanceof String) || answer.containsKey("options")) {
          throw ClientError.badRequest("training.error.answer.kind", qid);
        }
      } else {
        if (!(answer.getValue("options") instanceof JsonArray chosen) || answer.containsKey("text")) {
          throw ClientError.badRequest("training.error.answer.kind", qid);
        }
        Set<String> known = new TreeSet<>();
        q.getJsonArray("options").forEach(o -> known.add(((JsonObject) o).getString("id")));
        for (Object o : chosen) {
          if (!(o instanceof String oid) || !known.contains(oid)) {
            throw ClientError.badRequest("training.error.option.unknown", String.valueOf(o), qid);
          }
        }
        if ("single".equals(q.getString("type")) && chosen.size() > 1) {
          throw ClientError.badRequest("training.error.answer.kind", qid);
        }
      }
    }
    JsonArray results = new JsonArray();
    int correct = 0;
    for (JsonObject q : questions) {
      boolean right = right(q, given.get(q.getString("id")));
      if (right) {
        correct++;
      }
      results.add(new JsonObject().put("id", q.getString("id")).put("correct", right)
          .put("feedback", q.getJsonObject("feedback")));
    }
    int score = questions.isEmpty() ? 0 : (int) Math.floor(100.0 * correct / questions.size());
    return new JsonObject().put("score", score).put("correctCount", correct).put("total", questions.size())
        .put("questions", results);
  }

  private static boolean right(JsonObject q, JsonObject answer) {
    if (answer == null) {
      return false;
    }
    if ("short".equals(q.getString("type"))) {
      String text = normal(answer.getString("text"));
      JsonObject accept = q.getJsonObject("accept");
      return accept.stream().flatMap(e -> ((JsonArray) e.getValue()).stream())
          .anyMatch(v -> normal(String.valueOf(v)).equals(text));
    }
    Set<String> expected = new TreeSet<>();
    for (Object o : q.getJsonArray("options")) {
      JsonObject option = (JsonObject) o;
      if (option.getBoolean("correct", false)) {
        expected.add(option.getString("id"));
      }
    }
    Set<String> chosen = new TreeSet<>();
    answer.getJsonArray("options").forEach(o -> chosen.add((String) o));
    return expected.equals(chosen);
  }

  /** Case, spaces and Unicode forms ignored. */
  static String normal(String s) {
    return Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFC).replaceAll("\\s+", "")
        .toLowerCase(Locale.ROOT);
  }

  /** The answers in a canonical form: a repeated submit is recognised by it. */
  static String fingerprint(JsonArray answers) {
    TreeSet<String> parts = new TreeSet<>();
    for (Object a : answers == null ? new JsonArray() : answers) {
      JsonObject answer = (JsonObject) a;
      String value = answer.containsKey("text") ? "t:" + normal(answer.getString("text"))
          : "o:" + new TreeSet<>(answer.getJsonArray("options").getList());
      parts.add(answer.getString("question") + "=" + value);
    }
    return String.join("|", parts);
  }

  /** A question as the quiz page shows it: no correct flags, no accepted answers, no feedback. */
  static JsonObject forQuiz(JsonObject q, Locale locale) {
    JsonObject out = new JsonObject().put("id", q.getString("id")).put("type", q.getString("type"))
        .put("text", Json.text(q.getJsonObject("text"), locale));
    if (q.containsKey("options")) {
      JsonArray options = new JsonArray();
      for (Object o : q.getJsonArray("options")) {
        JsonObject option = (JsonObject) o;
        options.add(new JsonObject().put("id", option.getString("id"))
            .put("text", Json.text(option.getJsonObject("text"), locale)));
      }
      out.put("options", options);
    }
    return out;
  }
}
