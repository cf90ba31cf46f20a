package dev.quotient.plugin.mentoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns JSON into plain maps and lists, which page templates can read at any depth. */
final class Views {

  private Views() {}

  /** A text field of a request body, or null when absent; any other type is a 400, never a crash. */
  static String str(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw dev.quotient.api.ClientError.badRequest("mentoring.error.text", key);
  }

  /** A nested object of a view, or an empty one when absent or null. */
  static JsonObject obj(JsonObject json, String key) {
    return json.getValue(key) instanceof JsonObject o ? o : new JsonObject();
  }

  static Map<String, Object> map(JsonObject json) {
    Map<String, Object> out = new LinkedHashMap<>();
    json.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
    return out;
  }

  static List<Object> list(JsonArray json) {
    List<Object> out = new ArrayList<>();
    json.forEach(v -> out.add(plain(v)));
    return out;
  }

  static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      return map(o);
    }
    if (v instanceof JsonArray a) {
      return list(a);
    }
    if (v instanceof Map<?, ?> m) {
      return map(new JsonObject(castMap(m)));
    }
    if (v instanceof List<?> l) {
      return list(new JsonArray(new ArrayList<>(l)));
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
