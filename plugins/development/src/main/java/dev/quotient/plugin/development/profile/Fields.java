package dev.quotient.plugin.development.profile;

import dev.quotient.api.ClientError;
import dev.quotient.api.materials.Skill;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads request fields and refuses bad ones with a 400 whose message names the field (its JSON path,
 * for example {@code goals[1].target}), before anything is changed.
 */
public final class Fields {

  private Fields() {}

  /** A finite number, or 400 {@code development.error.number} naming the field. */
  public static double number(Object value, String field) {
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        double d = Double.parseDouble(s.strip().replace(',', '.'));
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // falls through to the refusal
      }
    }
    throw ClientError.badRequest("development.error.number", field);
  }

  /** A number (or its text) from {@code min} to {@code max}, or 400 naming the field. */
  public static double number(Object value, String field, double min, double max) {
    double d = number(value, field);
    if (d < min || d > max) {
      throw ClientError.badRequest("development.error.number", field);
    }
    return d;
  }

  /** A whole score from 1 to 5, or 400 naming the field. */
  public static int score(Object value, String field) {
    double d = number(value, field);
    if (d != Math.rint(d) || d < 1 || d > 5) {
      throw ClientError.badRequest("development.error.score", field);
    }
    return (int) d;
  }

  /** An ISO date ({@code 2026-12-31}), or 400 naming the field. */
  public static LocalDate date(Object value, String field) {
    if (value instanceof String s) {
      try {
        return LocalDate.parse(s.strip());
      } catch (DateTimeParseException e) {
        // falls through to the refusal
      }
    }
    throw ClientError.badRequest("development.error.dateFormat", field);
  }

  /** A date within [from, to], or 400 {@code development.error.dateOutside} naming the field. */
  public static LocalDate dateWithin(Object value, String field, LocalDate from, LocalDate to) {
    LocalDate d = date(value, field);
    if (d.isBefore(from) || d.isAfter(to)) {
      throw ClientError.badRequest("development.error.dateOutside", field, from.toString(), to.toString());
    }
    return d;
  }

  /** Text of at most {@code max} characters, stripped; null or blank gives "" unless required. */
  public static String text(Object value, String field, int max, boolean required) {
    if (value != null && !(value instanceof String)) {
      throw ClientError.badRequest("development.error.text", field, max);
    }
    String s = value == null ? "" : ((String) value).strip();
    if (s.length() > max || required && s.isEmpty()) {
      throw ClientError.badRequest("development.error.text", field, max);
    }
    return s;
  }

  /** A sub-skill key, or 400 naming the field. */
  public static Skill skill(Object value, String field) {
    if (value instanceof String s) {
      try {
        return Skill.parse(s);
      } catch (IllegalArgumentException e) {
        // falls through
      }
    }
    throw ClientError.badRequest("development.error.skill", field);
  }

  /** The JSON object at {@code field}, or 400. Null when absent and not required. */
  public static JsonObject object(JsonObject body, String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null && !required) {
      return null;
    }
    if (v instanceof JsonObject o) {
      return o;
    }
    throw ClientError.badRequest("development.error.object", field);
  }

  /** The JSON array at {@code field}, or 400. Empty when absent. */
  public static JsonArray array(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return new JsonArray();
    }
    if (v instanceof JsonArray a) {
      return a;
    }
    throw ClientError.badRequest("development.error.array", field);
  }

  /** The element of an array that must be an object, or 400 naming {@code field[i]}. */
  public static JsonObject element(JsonArray array, int i, String field) {
    if (array.getValue(i) instanceof JsonObject o) {
      return o;
    }
    throw ClientError.badRequest("development.error.object", field + "[" + i + "]");
  }

  /** An optional whole revision the client last saw; null when absent. */
  public static Integer revision(Object value, String field) {
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    double d = number(value, field);
    if (d != Math.rint(d) || d < 0) {
      throw ClientError.badRequest("development.error.number", field);
    }
    return (int) d;
  }
}
