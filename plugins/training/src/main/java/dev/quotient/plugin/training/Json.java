package dev.quotient.plugin.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers for JSON documents: texts in the reader's language, plain values for YAML. */
final class Json {

  private Json() {}

  /** The text in the locale's language, else English, else "". */
  static String text(JsonObject texts, Locale locale) {
    if (texts == null) {
      return "";
    }
    String own = texts.getString(locale.getLanguage());
    return own != null && !own.isBlank() ? own : texts.getString("en", "");
  }

  /** Deep copy into plain maps and lists (YAML output and parsed YAML trees need these). */
  static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(String.valueOf(k), plain(v)));
      return m;
    }
    if (value instanceof JsonArray a) {
      List<Object> l = new ArrayList<>();
      a.forEach(v -> l.add(plain(v)));
      return l;
    }
    if (value instanceof List<?> list) {
      List<Object> l = new ArrayList<>();
      list.forEach(v -> l.add(plain(v)));
      return l;
    }
    return value;
  }

  /** A parsed YAML or JSON tree as a JsonObject with only JSON types (numbers, strings, booleans). */
  static JsonObject normalise(Object tree) {
    Object p = plain(tree);
    if (!(p instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("expected a mapping at the top");
    }
    return new JsonObject(new JsonObject(castMap(p)).encode());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
