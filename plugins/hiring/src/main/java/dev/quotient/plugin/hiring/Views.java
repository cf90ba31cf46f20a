package dev.quotient.plugin.hiring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns JSON into plain maps and lists, which page templates can read at any depth. */
final class Views {

  private Views() {}

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

  private static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      return map(o);
    }
    if (v instanceof JsonArray a) {
      return list(a);
    }
    return v;
  }
}
