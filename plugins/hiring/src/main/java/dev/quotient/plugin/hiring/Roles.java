package dev.quotient.plugin.hiring;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Roles to hire for, each with its ideal-candidate matrix (per RPAC area: criteria, ideal level 1-5 and
 * a weight) and a Markdown job description. Leaders and admins manage them.
 */
final class Roles {

  static final String COLLECTION = "roles";
  static final int DEFAULT_IDEAL = 4;

  private final PluginContext context;

  Roles(PluginContext context) {
    this.context = context;
  }

  Future<List<JsonObject>> list(CurrentUser u) {
    return context.content().find(COLLECTION, new JsonObject().put("orgId", u.orgId()), new JsonObject().put("name", 1), 1000);
  }

  /** The role of the caller's organisation, or a 404. */
  Future<JsonObject> get(CurrentUser u, String id) {
    return context.content().get(COLLECTION, id).map(r -> {
      if (r == null || !u.orgId().equals(r.getString("orgId"))) {
        throw ClientError.notFound("hiring.error.role");
      }
      return r;
    });
  }

  Future<JsonObject> create(CurrentUser u, JsonObject body) {
    JsonObject fields = parse(body, true);
    String now = context.clock().instant().toString();
    fields.put("orgId", u.orgId()).put("createdBy", u.userId()).put("createdAt", now).put("updatedAt", now);
    return context.content().insert(COLLECTION, fields).map(id -> fields.copy().put("_id", id));
  }

  Future<JsonObject> update(CurrentUser u, String id, JsonObject body) {
    return get(u, id).compose(r -> {
      JsonObject fields = parse(body, false);
      // Areas not sent keep their values; an area sent is replaced whole.
      JsonObject areas = r.getJsonObject("areas", new JsonObject()).copy();
      fields.getJsonObject("areas", new JsonObject()).forEach(e -> areas.put(e.getKey(), e.getValue()));
      fields.put("areas", areas).put("updatedAt", context.clock().instant().toString());
      requireWeight(areas);
      return context.content().set(COLLECTION, id, fields).map(ok -> r.mergeIn(fields));
    });
  }

  /** Validates everything before anything is stored: a 400 names the first wrong field. */
  private JsonObject parse(JsonObject body, boolean creating) {
    JsonObject out = new JsonObject();
    String name = creating ? Input.text(body, "name", "name", 120) : Input.optionalText(body, "name", "name", 120);
    if (name != null) {
      if (name.isEmpty()) {
        throw ClientError.badRequest("hiring.error.text", "name", 120);
      }
      out.put("name", name);
    }
    String description = Input.optionalText(body, "description", "description", 20_000);
    if (description != null) {
      context.markdown().requireSafe(description);
      out.put("description", description);
    } else if (creating) {
      out.put("description", "");
    }
    Object areasValue = body.getValue("areas");
    JsonObject areas = new JsonObject();
    if (areasValue != null) {
      JsonObject given = Input.object(body, "areas", "areas");
      for (String key : given.fieldNames()) {
        if (Area.ALL.stream().noneMatch(a -> a.key().equals(key))) {
          throw ClientError.badRequest("hiring.error.area", "areas." + key);
        }
      }
      for (Area a : Area.ALL) {
        if (given.containsKey(a.key())) {
          areas.put(a.key(), area(Input.object(given, a.key(), "areas." + a.key()), "areas." + a.key()));
        }
      }
    }
    if (creating) {
      for (Area a : Area.ALL) {
        if (!areas.containsKey(a.key())) {
          areas.put(a.key(), new JsonObject().put("criteria", "").put("ideal", DEFAULT_IDEAL).put("weight", 1.0));
        }
      }
      requireWeight(areas);
    }
    if (!areas.isEmpty()) {
      out.put("areas", areas);
    }
    return out;
  }

  private static JsonObject area(JsonObject a, String field) {
    String criteria = Input.optionalText(a, "criteria", field + ".criteria", 2000);
    int ideal = a.getValue("ideal") == null ? DEFAULT_IDEAL : Input.level(a.getValue("ideal"), field + ".ideal", "hiring.error.level");
    double weight = a.getValue("weight") == null ? 1.0 : Input.weight(a.getValue("weight"), field + ".weight");
    return new JsonObject().put("criteria", criteria == null ? "" : criteria).put("ideal", ideal).put("weight", weight);
  }

  private static void requireWeight(JsonObject areas) {
    if (areas.stream().mapToDouble(e -> ((JsonObject) e.getValue()).getDouble("weight", 0.0)).sum() <= 0) {
      throw ClientError.badRequest("hiring.error.weights", "areas");
    }
  }

  /** The matrix as the scoring reads it. */
  static Map<Area, Scoring.Ideal> ideal(JsonObject role) {
    Map<Area, Scoring.Ideal> out = new EnumMap<>(Area.class);
    JsonObject areas = role.getJsonObject("areas", new JsonObject());
    for (Area a : Area.ALL) {
      JsonObject x = areas.getJsonObject(a.key(), new JsonObject());
      out.put(a, new Scoring.Ideal(x.getInteger("ideal", DEFAULT_IDEAL), x.getDouble("weight", 1.0)));
    }
    return out;
  }

  /** The API's view of a role, with the description rendered to sanitised HTML. */
  JsonObject view(JsonObject r) {
    JsonArray areas = new JsonArray();
    JsonObject stored = r.getJsonObject("areas", new JsonObject());
    for (Area a : Area.ALL) {
      JsonObject x = stored.getJsonObject(a.key(), new JsonObject());
      areas.add(new JsonObject().put("area", a.key()).put("criteria", x.getString("criteria", ""))
          .put("ideal", x.getInteger("ideal", DEFAULT_IDEAL)).put("weight", x.getDouble("weight", 1.0)));
    }
    String description = r.getString("description", "");
    return new JsonObject().put("id", r.getString("_id")).put("name", r.getString("name")).put("description", description)
        .put("descriptionHtml", context.markdown().toHtml(description)).put("areas", areas)
        .put("createdAt", r.getString("createdAt")).put("updatedAt", r.getString("updatedAt"));
  }
}
