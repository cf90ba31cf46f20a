package dev.quotient.plugin.recognition;

import dev.quotient.api.ContentStore;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Badge definitions: data in {@code content/badges/badges.json} (packaged in the plugin jar, or a
 * folder named by {@code badgesDir}), checked strictly and imported into the {@code badges}
 * collection. The import is idempotent and versioned: a definition is stored when new, replaced when
 * its {@code version} is higher than the stored one, and otherwise left as it is.
 */
final class BadgeCatalogue {

  static final String COLLECTION = "badges";
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  static final Set<String> KINDS = Set.of("first-time", "threshold", "streak", "milestone", "contest-winner", "manual");
  static final List<String> LANGUAGES = List.of("en", "pl");

  /** What one import did. */
  record Report(int inserted, int updated, int unchanged) {}

  private final ContentStore store;
  private final ConcurrentHashMap<String, JsonObject> byId = new ConcurrentHashMap<>();
  private volatile List<String> order = List.of();

  BadgeCatalogue(ContentStore store) {
    this.store = store;
  }

  /** Reads and checks the definitions; an invalid file is an {@link IllegalStateException} naming it. */
  static List<JsonObject> load(Path dir, ClassLoader loader) {
    String where = dir != null ? dir.resolve("badges.json").toString() : "content/badges/badges.json";
    String text;
    try {
      if (dir != null) {
        text = Files.readString(dir.resolve("badges.json"), StandardCharsets.UTF_8);
      } else {
        try (InputStream in = loader.getResourceAsStream("badges/badges.json")) {
          if (in == null) {
            return List.of();
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": not readable", e);
    }
    JsonArray badges;
    try {
      badges = new JsonObject(text).getJsonArray("badges");
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException(where + ": not a JSON object with a list of badges: " + e.getMessage(), e);
    }
    if (badges == null) {
      throw new IllegalStateException(where + ": badges must be a list");
    }
    List<JsonObject> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < badges.size(); i++) {
      if (!(badges.getValue(i) instanceof JsonObject b)) {
        throw new IllegalStateException(where + ": badges[" + i + "] is not an object");
      }
      String problem = check(b);
      if (problem == null && !seen.add(b.getString("id"))) {
        problem = "duplicate id";
      }
      if (problem != null) {
        throw new IllegalStateException(where + ": badges[" + i + "] (" + b.getValue("id") + "): " + problem);
      }
      out.add(b);
    }
    return out;
  }

  private static String check(JsonObject b) {
    if (!(b.getValue("id") instanceof String id) || !ID.matcher(id).matches()) {
      return "id must be lower-case letters, digits and dashes";
    }
    if (!(b.getValue("version") instanceof Number v) || v.intValue() < 1 || v.doubleValue() != v.intValue()) {
      return "version must be a whole number from 1";
    }
    if (!(b.getValue("kind") instanceof String kind) || !KINDS.contains(kind)) {
      return "kind must be one of " + new java.util.TreeSet<>(KINDS);
    }
    for (String field : List.of("name", "description", "criteria")) {
      if (!(b.getValue(field) instanceof JsonObject texts)) {
        return field + " must have a text per language";
      }
      for (String lang : LANGUAGES) {
        if (!(texts.getValue(lang) instanceof String s) || s.isBlank()) {
          return field + "." + lang + " is missing";
        }
      }
    }
    if (b.containsKey("trigger") && !(b.getValue("trigger") instanceof JsonObject)) {
      return "trigger must be an object";
    }
    return checkTrigger(kind, b.getJsonObject("trigger"));
  }

  /** The trigger's rule per kind: known keys only, each of the right type; null when valid. */
  static String checkTrigger(String kind, JsonObject trigger) {
    if ("manual".equals(kind)) {
      return trigger == null ? null : "a manual badge has no trigger";
    }
    if (trigger == null) {
      return "a " + kind + " badge describes its trigger";
    }
    Set<String> allowed = switch (kind) {
      case "milestone" -> Set.of("praiseReceived");
      case "first-time" -> Set.of("event", "passed", "activity");
      case "threshold" -> Set.of("points", "activity", "count");
      case "streak" -> Set.of("periods");
      case "contest-winner" -> Set.of("place");
      default -> Set.of();
    };
    for (String key : trigger.fieldNames()) {
      if (!allowed.contains(key)) {
        return "trigger." + key + " is unknown for a " + kind + " badge (known: " + new java.util.TreeSet<>(allowed) + ")";
      }
    }
    switch (kind) {
      case "milestone" -> {
        if (!positive(trigger, "praiseReceived")) {
          return "a milestone names trigger.praiseReceived (at least 1)";
        }
      }
      case "first-time" -> {
        Object event = trigger.getValue("event");
        if ("module.completed".equals(event)) {
          if (trigger.containsKey("activity")) {
            return "trigger.activity belongs to activity.recorded";
          }
          if (trigger.containsKey("passed") && !(trigger.getValue("passed") instanceof Boolean)) {
            return "trigger.passed is true or false";
          }
        } else if ("activity.recorded".equals(event)) {
          if (!(trigger.getValue("activity") instanceof String a) || !ActivityLog.KINDS.contains(a)) {
            return "trigger.activity must be one of " + ActivityLog.KINDS;
          }
          if (trigger.containsKey("passed")) {
            return "trigger.passed belongs to module.completed";
          }
        } else {
          return "a first-time badge names trigger.event module.completed or activity.recorded";
        }
      }
      case "threshold" -> {
        boolean points = trigger.containsKey("points");
        boolean activity = trigger.containsKey("activity") || trigger.containsKey("count");
        if (!points && !activity) {
          return "a threshold names trigger.points, or trigger.activity with trigger.count, or both";
        }
        if (points && !positive(trigger, "points")) {
          return "trigger.points is a whole number from 1";
        }
        if (activity && (!(trigger.getValue("activity") instanceof String a) || !ActivityLog.KINDS.contains(a))) {
          return "trigger.activity must be one of " + ActivityLog.KINDS;
        }
        if (activity && !positive(trigger, "count")) {
          return "trigger.count is a whole number from 1";
        }
      }
      case "streak" -> {
        if (!positive(trigger, "periods")) {
          return "a streak names trigger.periods (cadence periods in a row, at least 1)";
        }
      }
      case "contest-winner" -> {
        if (!positive(trigger, "place")) {
          return "a contest-winner badge names trigger.place (1 for winners)";
        }
      }
      default -> {
        return "kind " + kind + " is unknown";
      }
    }
    return null;
  }

  private static boolean positive(JsonObject trigger, String key) {
    return trigger.getValue(key) instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1;
  }

  /** Stores new and newer definitions and keeps them in memory for lookups. */
  Future<Report> importAll(List<JsonObject> definitions) {
    Future<int[]> chain = Future.succeededFuture(new int[3]);
    for (JsonObject def : definitions) {
      chain = chain.compose(counts -> store.get(COLLECTION, def.getString("id")).compose(stored -> {
        int version = def.getInteger("version");
        if (stored != null && stored.getInteger("version", 0) >= version) {
          counts[2]++;
          return Future.succeededFuture(counts);
        }
        JsonObject fields = def.copy();
        fields.remove("id");
        counts[stored == null ? 0 : 1]++;
        return store.merge(COLLECTION, def.getString("id"), fields).map(created -> counts);
      }));
    }
    return chain.compose(counts -> store.find(COLLECTION, new JsonObject(), new JsonObject().put("_id", 1), 1000)
        .map(all -> {
          List<String> ids = new ArrayList<>();
          List<String> fileOrder = definitions.stream().map(d -> d.getString("id")).toList();
          for (JsonObject d : all) {
            byId.put(d.getString("_id"), d);
          }
          ids.addAll(fileOrder.stream().filter(byId::containsKey).toList());
          all.stream().map(d -> d.getString("_id")).filter(id -> !ids.contains(id)).forEach(ids::add);
          order = List.copyOf(ids);
          return new Report(counts[0], counts[1], counts[2]);
        }));
  }

  /** The stored definition, or null. */
  JsonObject get(String id) {
    return id == null ? null : byId.get(id);
  }

  /** Every definition in the order of the file. */
  List<JsonObject> all() {
    return order.stream().map(byId::get).toList();
  }

  List<JsonObject> ofKind(String kind) {
    return all().stream().filter(b -> kind.equals(b.getString("kind"))).toList();
  }

  /** True for kinds this version awards: all of them. */
  static boolean awardedNow(String kind) {
    return KINDS.contains(kind);
  }

  static String text(JsonObject badge, String field, Locale locale) {
    JsonObject texts = badge.getJsonObject(field);
    if (texts == null) {
      return "";
    }
    String own = texts.getString(locale.getLanguage());
    return own != null && !own.isBlank() ? own : texts.getString("en", "");
  }

  /** The definition as the API shows it, texts in the reader's language. */
  static JsonObject view(JsonObject badge, Locale locale) {
    return new JsonObject().put("id", badge.getString("_id")).put("version", badge.getInteger("version"))
        .put("kind", badge.getString("kind"))
        .put("name", text(badge, "name", locale)).put("description", text(badge, "description", locale))
        .put("criteria", text(badge, "criteria", locale))
        .put("awardedAutomatically", !"manual".equals(badge.getString("kind")))
        .put("awardedNow", awardedNow(badge.getString("kind")));
  }
}
