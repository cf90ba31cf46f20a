package dev.quotient.plugin.training;

import dev.quotient.api.ClientError;
import dev.quotient.api.web.Markdown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strict checks every module passes before it is stored, whether it comes from the curriculum
 * folder or the editor: ids, both languages, skills, lessons with safe Markdown, at least five quiz
 * questions, exactly one correct option for single choice. A module is a JSON document in the shape
 * of {@code module.yaml} with each lesson's Markdown inline under {@code text: {en, pl}}.
 */
final class ModuleRules {

  /** Thrown with a message that names what is wrong; the caller adds where (file or form). */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  static final List<String> LANGUAGES = List.of("en", "pl");
  static final Map<String, Set<String>> SKILLS = Map.of(
      "IQ", Set.of("product-knowledge", "industry-knowledge"),
      "EQ", Set.of("self-awareness", "empathy", "assertiveness"),
      "BQ", Set.of("mindset", "readiness", "execution"));
  static final int MIN_QUESTIONS = 5;

  private ModuleRules() {}

  /** Checks the module; with {@code needsId} false the id and version are the server's to assign. */
  static void check(JsonObject m, Markdown markdown, boolean needsId) {
    if (needsId) {
      id(m.getValue("id"), "id");
      Object version = m.getValue("version");
      if (!(version instanceof Integer v) || v < 1) {
        throw new Invalid("version must be a whole number of at least 1");
      }
    }
    String audience = string(m, "audience");
    if (!audience.equals("reps") && !audience.equals("leaders")) {
      throw new Invalid("audience must be reps or leaders");
    }
    Object minutes = m.getValue("minutes");
    if (!(minutes instanceof Integer min) || min < 1 || min > 600) {
      throw new Invalid("minutes must be a whole number from 1 to 600");
    }
    texts(m.getValue("title"), "title", 200);
    texts(m.getValue("summary"), "summary", 2000);
    JsonArray skills = array(m, "skills");
    if (skills.isEmpty()) {
      throw new Invalid("skills must name at least one skill");
    }
    for (int i = 0; i < skills.size(); i++) {
      JsonObject s = object(skills.getValue(i), "skills[" + i + "]");
      Set<String> allowed = SKILLS.get(s.getString("area"));
      if (allowed == null || !allowed.contains(s.getString("skill"))) {
        throw new Invalid("skills[" + i + "] must be an area IQ, EQ or BQ with one of its sub-skills: " + s.encode());
      }
    }
    JsonArray lessons = array(m, "lessons");
    if (lessons.isEmpty()) {
      throw new Invalid("lessons must hold at least one lesson");
    }
    Set<String> lessonIds = new HashSet<>();
    for (int i = 0; i < lessons.size(); i++) {
      String where = "lessons[" + i + "]";
      JsonObject l = object(lessons.getValue(i), where);
      if (!lessonIds.add(id(l.getValue("id"), where + ".id"))) {
        throw new Invalid(where + ".id is used twice: " + l.getString("id"));
      }
      texts(l.getValue("title"), where + ".title", 200);
      texts(l.getValue("text"), where + ".text", 100_000);
      for (String lang : LANGUAGES) {
        try {
          markdown.requireSafe(l.getJsonObject("text").getString(lang));
        } catch (ClientError e) {
          throw new Invalid(where + ".text." + lang + " contains HTML that is not allowed ("
              + (e.args().length > 0 ? e.args()[0] : "raw HTML") + ")");
        }
      }
      if (l.getValue("recording") != null) {
        JsonObject r = object(l.getValue("recording"), where + ".recording");
        String url = r.getValue("url") instanceof String u ? u : "";
        URI uri;
        try {
          uri = URI.create(url);
        } catch (IllegalArgumentException e) {
          throw new Invalid(where + ".recording.url is not a valid address: " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new Invalid(where + ".recording.url must be an http or https address: " + url);
        }
        texts(r.getValue("title"), where + ".recording.title", 200);
      }
    }
    JsonObject quiz = object(m.getValue("quiz"), "quiz");
    Object passMark = quiz.getValue("passMark");
    if (!(passMark instanceof Integer p) || p < 1 || p > 100) {
      throw new Invalid("quiz.passMark must be a whole percentage from 1 to 100");
    }
    Object attempts = quiz.getValue("attempts");
    if (!(attempts instanceof Integer a) || a < 1 || a > 100) {
      throw new Invalid("quiz.attempts must be a whole number from 1 to 100");
    }
    JsonArray questions = array(quiz, "questions");
    if (questions.size() < MIN_QUESTIONS) {
      throw new Invalid("quiz.questions must hold at least " + MIN_QUESTIONS + " questions, found " + questions.size());
    }
    Set<String> questionIds = new HashSet<>();
    for (int i = 0; i < questions.size(); i++) {
      String where = "quiz.questions[" + i + "]";
      JsonObject q = object(questions.getValue(i), where);
      if (!questionIds.add(id(q.getValue("id"), where + ".id"))) {
        throw new Invalid(where + ".id is used twice: " + q.getString("id"));
      }
      texts(q.getValue("text"), where + ".text", 1000);
      texts(q.getValue("feedback"), where + ".feedback", 2000);
      String type = q.getValue("type") instanceof String t ? t : "";
      switch (type) {
        case "single", "multiple" -> {
          JsonArray options = array(q, "options");
          if (options.size() < 2) {
            throw new Invalid(where + ".options must hold at least two options");
          }
          Set<String> optionIds = new HashSet<>();
          int correct = 0;
          for (int j = 0; j < options.size(); j++) {
            String ow = where + ".options[" + j + "]";
            JsonObject o = object(options.getValue(j), ow);
            if (!optionIds.add(id(o.getValue("id"), ow + ".id"))) {
              throw new Invalid(ow + ".id is used twice: " + o.getString("id"));
            }
            texts(o.getValue("text"), ow + ".text", 500);
            Object c = o.getValue("correct");
            if (c != null && !(c instanceof Boolean)) {
              throw new Invalid(ow + ".correct must be true or false");
            }
            if (Boolean.TRUE.equals(c)) {
              correct++;
            }
          }
          if (type.equals("single") && correct != 1) {
            throw new Invalid(where + " is single choice and needs exactly one correct option, found " + correct);
          }
          if (type.equals("multiple") && correct < 1) {
            throw new Invalid(where + " is multiple choice and needs at least one correct option");
          }
        }
        case "short" -> {
          JsonObject accept = object(q.getValue("accept"), where + ".accept");
          for (String lang : LANGUAGES) {
            JsonArray list = accept.getValue(lang) instanceof JsonArray given ? given : null;
            if (list == null || list.isEmpty() || list.stream().anyMatch(v -> v == null || String.valueOf(v).isBlank())) {
              throw new Invalid(where + ".accept." + lang + " must list at least one accepted answer");
            }
          }
        }
        default -> throw new Invalid(where + ".type must be single, multiple or short");
      }
    }
    Object reinforcement = m.getValue("reinforcement");
    if (reinforcement != null) {
      if (!(reinforcement instanceof JsonArray r) || r.isEmpty()) {
        throw new Invalid("reinforcement must list question ids");
      }
      for (Object id : r) {
        if (!questionIds.contains(String.valueOf(id))) {
          throw new Invalid("reinforcement names an unknown question: " + id);
        }
      }
    }
  }

  private static String id(Object value, String where) {
    if (!(value instanceof String s) || !ID.matcher(s).matches()) {
      throw new Invalid(where + " must be lower-case letters, digits and '-' (at most 64): " + value);
    }
    return s;
  }

  private static String string(JsonObject m, String field) {
    return m.getValue(field) instanceof String s ? s : "";
  }

  private static JsonArray array(JsonObject m, String field) {
    if (!(m.getValue(field) instanceof JsonArray a)) {
      throw new Invalid(field + " must be a list");
    }
    return a;
  }

  private static JsonObject object(Object value, String where) {
    if (!(value instanceof JsonObject o)) {
      throw new Invalid(where + " must be a mapping");
    }
    return o;
  }

  private static void texts(Object value, String where, int max) {
    JsonObject t = object(value, where);
    for (String key : t.fieldNames()) {
      if (!LANGUAGES.contains(key)) {
        // Typically an unquoted comma in a YAML flow mapping: {en: a, b} splits the text silently.
        throw new Invalid(where + " has an unexpected key \"" + key + "\" (only en and pl; quote texts that contain a comma)");
      }
    }
    for (String lang : LANGUAGES) {
      Object s = t.getValue(lang);
      if (!(s instanceof String str) || str.isBlank()) {
        throw new Invalid(where + "." + lang + " is missing: every text is needed in en and pl");
      }
      if (str.length() > max) {
        throw new Invalid(where + "." + lang + " is longer than " + max + " characters");
      }
    }
  }
}
