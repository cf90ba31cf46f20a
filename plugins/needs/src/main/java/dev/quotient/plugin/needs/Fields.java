package dev.quotient.plugin.needs;

import dev.quotient.api.ClientError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reads request fields; anything of the wrong type or range is a 400 naming the field, never a crash. */
final class Fields {

  static final int MAX_TEXT = 2000;

  private Fields() {}

  /** A score from 1 to 5: a whole JSON number, or text of one digit (from a form). */
  static int score(Object value, String field) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= 1 && n.doubleValue() <= 5) {
      return n.intValue();
    }
    if (value instanceof String s && s.trim().matches("[1-5]")) {
      return Integer.parseInt(s.trim());
    }
    throw ClientError.badRequest("needs.error.score", field);
  }

  /** Optional text of at most {@code max} characters; blank becomes empty. */
  static String text(Object value, String field, int max) {
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s) || s.length() > max) {
      throw ClientError.badRequest("needs.error.text", field, max);
    }
    return s.strip();
  }

  /** Required text of 1 to {@code max} characters. */
  static String required(Object value, String field, int max) {
    String s = text(value, field, max);
    if (s.isEmpty()) {
      throw ClientError.badRequest("needs.error.required", field);
    }
    return s;
  }

  /** An ISO date ({@code 2026-03-02}); null when absent. */
  static LocalDate date(Object value, String field) {
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse((String) value);
    } catch (ClassCastException | DateTimeParseException e) {
      throw ClientError.badRequest("needs.error.date", field);
    }
  }

  static JsonObject object(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw ClientError.badRequest("needs.error.object", field);
  }

  static JsonArray array(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v instanceof JsonArray a) {
      return a;
    }
    throw ClientError.badRequest("needs.error.array", field);
  }
}
