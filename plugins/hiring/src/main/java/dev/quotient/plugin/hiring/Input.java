package dev.quotient.plugin.hiring;

import dev.quotient.api.ClientError;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Reads request fields; anything wrong is a 400 naming the field, before anything is stored. */
final class Input {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s$]+@[^@\\s]+\\.[^@\\s]+");

  private Input() {}

  /** A required text of 1 to {@code max} characters, trimmed. */
  static String text(JsonObject body, String key, String field, int max) {
    String v = optionalText(body, key, field, max);
    if (v == null || v.isEmpty()) {
      throw ClientError.badRequest("hiring.error.text", field, max);
    }
    return v;
  }

  /** An optional text (null or empty when absent), trimmed, at most {@code max} characters. */
  static String optionalText(JsonObject body, String key, String field, int max) {
    Object v = body == null ? null : body.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.trim().length() > max) {
      throw ClientError.badRequest("hiring.error.text", field, max);
    }
    return s.trim();
  }

  static String email(JsonObject body) {
    String v = text(body, "email", "email", 254);
    if (!EMAIL.matcher(v).matches()) {
      throw ClientError.badRequest("hiring.error.email", "email");
    }
    return v.toLowerCase(java.util.Locale.ROOT);
  }

  /** A whole number from 1 to 5 (a JSON number, or digits from a form). */
  static int level(Object value, String field, String messageKey) {
    Object v = value instanceof String s ? parse(s.trim()) : value;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
        && n.doubleValue() <= 5) {
      return n.intValue();
    }
    throw ClientError.badRequest(messageKey, field);
  }

  /** A weight: a number from 0 to 100. */
  static double weight(Object value, String field) {
    Object v = value instanceof String s ? parse(s.trim()) : value;
    if (v instanceof Number n && !Double.isNaN(n.doubleValue()) && n.doubleValue() >= 0 && n.doubleValue() <= 100) {
      return n.doubleValue();
    }
    throw ClientError.badRequest("hiring.error.weight", field);
  }

  /** A nested object, or a 400 naming it. */
  static JsonObject object(JsonObject body, String key, String field) {
    Object v = body == null ? null : body.getValue(key);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw ClientError.badRequest("hiring.error.object", field);
  }

  private static Object parse(String s) {
    try {
      return s.isEmpty() ? s : Double.valueOf(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }
}
