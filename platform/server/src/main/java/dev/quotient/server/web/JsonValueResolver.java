package dev.quotient.server.web;

import com.github.jknack.handlebars.ValueResolver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;

/**
 * Lets templates read Vert.x JSON at any depth, so plugins can hand their JSON views to a page as they are:
 * a {@link JsonObject} by key, a {@link JsonArray} by index, its {@code length} (or {@code size}) and in
 * {@code each} (with {@code @index}). A JsonObject read as a value is handed on as its map, so {@code each}
 * walks its fields (with {@code @key}) and {@code if} treats it like any map, as it did for converted views.
 */
enum JsonValueResolver implements ValueResolver {
  INSTANCE;

  @Override
  public Object resolve(Object context, String name) {
    if (context instanceof JsonObject o) {
      return value(o.getValue(name));
    }
    if (context instanceof Map<?, ?> m) {
      // answered here for the map resolver too: a page's lookups read each map once, not twice
      Object v = m.get(name);
      if (v instanceof JsonObject o) {
        return o.getMap();
      }
      return v == null ? UNRESOLVED : v;
    }
    if (context instanceof JsonArray a) {
      if ("length".equals(name) || "size".equals(name)) {
        return a.size();
      }
      int i = index(name);
      return value(i >= 0 && i < a.size() ? a.getValue(i) : null);
    }
    return UNRESOLVED;
  }

  @Override
  public Object resolve(Object context) {
    return context instanceof JsonObject || context instanceof JsonArray ? context : UNRESOLVED;
  }

  @Override
  public Set<Entry<String, Object>> propertySet(Object context) {
    if (context instanceof JsonObject o) {
      Set<Entry<String, Object>> entries = new LinkedHashSet<>();
      for (String key : o.fieldNames()) {
        Object v = o.getValue(key);
        entries.add(new SimpleImmutableEntry<>(key, v instanceof JsonObject j ? j.getMap() : v));
      }
      return entries;
    }
    return Collections.emptySet();
  }

  private static Object value(Object v) {
    if (v instanceof JsonObject o) {
      return o.getMap();
    }
    return v == null ? UNRESOLVED : v;
  }

  private static int index(String name) {
    String n = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(n);
  }
}
