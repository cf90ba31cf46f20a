package dev.quotient.plugin.development.plan;

import dev.quotient.api.ClientError;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.Role;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a leader's edit of a plan into its stored content. Every refusal is a 400 naming the field
 * ({@code goals[0].target}); fields left out keep their current value.
 */
final class PlanContent {

  static final Pattern MODULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  static final int MAX_ITEMS = 20;

  private PlanContent() {}

  static JsonObject parse(JsonObject body, JsonObject current, Map<String, Directory.Person> people) {
    LocalDate starts = body.containsKey("startsOn") ? Fields.date(body.getValue("startsOn"), "startsOn")
        : LocalDate.parse(current.getString("startsOn"));
    LocalDate ends = body.containsKey("endsOn") ? Fields.date(body.getValue("endsOn"), "endsOn")
        : LocalDate.parse(current.getString("endsOn"));
    if (!ends.isAfter(starts) || ends.isAfter(starts.plusYears(1))) {
      throw ClientError.badRequest("development.error.dateOutside", "endsOn", starts.plusDays(1).toString(),
          starts.plusYears(1).toString());
    }
    JsonObject out = new JsonObject().put("startsOn", starts.toString()).put("endsOn", ends.toString());
    JsonArray goals = body.containsKey("goals") ? Fields.array(body, "goals") : current.getJsonArray("goals", new JsonArray());
    out.put("goals", goals(goals, starts, ends));
    JsonArray modules = body.containsKey("modules") ? Fields.array(body, "modules") : current.getJsonArray("modules", new JsonArray());
    out.put("modules", modules(modules, starts, ends, current.getJsonArray("modules", new JsonArray())));
    JsonArray resources = body.containsKey("resources") ? Fields.array(body, "resources")
        : current.getJsonArray("resources", new JsonArray());
    out.put("resources", resources(resources, current.getJsonArray("resources", new JsonArray())));
    JsonArray milestones = body.containsKey("milestones") ? Fields.array(body, "milestones")
        : current.getJsonArray("milestones", new JsonArray());
    limit(milestones, "milestones");
    JsonArray ms = new JsonArray();
    for (int i = 0; i < milestones.size(); i++) {
      JsonObject m = Fields.element(milestones, i, "milestones");
      String f = "milestones[" + i + "]";
      LocalDate date = Fields.dateWithin(m.getValue("date"), f + ".date", starts, ends);
      String kind = Fields.text(m.getValue("kind"), f + ".kind", 20, false);
      String title = Fields.text(m.getValue("title"), f + ".title", 200, kind.isEmpty());
      ms.add(new JsonObject().put("date", date.toString()).put("title", title).put("kind", kind.isEmpty() ? null : kind));
    }
    out.put("milestones", ms);
    JsonObject mentor = current.getJsonObject("mentor", new JsonObject().put("status", "none")).copy();
    if (body.containsKey("mentorId")) {
      Object id = body.getValue("mentorId");
      if (id == null || id instanceof String s && s.isBlank()) {
        // "no mentor" keeps an unavailable suggestion visible as such
        mentor = mentor.getString("mentorId") == null ? mentor : new JsonObject().put("status", "none");
      } else {
        Directory.Person p = id instanceof String s ? people.get(s) : null;
        if (p == null || !p.has(Role.MENTOR)) {
          throw ClientError.badRequest("development.error.mentor", "mentorId");
        }
        if (!p.id().equals(mentor.getString("mentorId"))) {
          mentor = new JsonObject().put("status", "chosen").put("mentorId", p.id());
        }
      }
    }
    out.put("mentor", mentor);
    return out;
  }

  private static JsonArray goals(JsonArray goals, LocalDate starts, LocalDate ends) {
    limit(goals, "goals");
    JsonArray out = new JsonArray();
    java.util.Set<Kpi> seen = java.util.EnumSet.noneOf(Kpi.class);
    for (int i = 0; i < goals.size(); i++) {
      JsonObject g = Fields.element(goals, i, "goals");
      String f = "goals[" + i + "]";
      var skill = Fields.skill(g.getValue("skill"), f + ".skill");
      Kpi kpi = g.getValue("kpi") instanceof String k ? Kpi.parse(k).orElse(null) : null;
      if (kpi == null) {
        throw ClientError.badRequest("development.error.kpi", f + ".kpi");
      }
      if (!seen.add(kpi)) {
        // two targets for one KPI: the plan could be met and missed at once
        throw ClientError.badRequest("development.error.kpiTwice", f + ".kpi", kpi.key());
      }
      double target = Fields.number(g.getValue("target"), f + ".target", 0, Kpi.MAX_VALUE);
      Double baseline = g.getValue("baseline") == null || "".equals(g.getValue("baseline")) ? null
          : Fields.number(g.getValue("baseline"), f + ".baseline", 0, Kpi.MAX_VALUE);
      LocalDate due = Fields.dateWithin(g.getValue("due"), f + ".due", starts, ends);
      out.add(new JsonObject().put("skill", skill.key()).put("kpi", kpi.key()).put("baseline", baseline)
          .put("target", target).put("due", due.toString()));
    }
    return out;
  }

  /**
   * Modules by id and due date; the title and goal skill the draft gave a module stay while it stays in
   * the plan (a form sends only ids and dates).
   */
  private static JsonArray modules(JsonArray modules, LocalDate starts, LocalDate ends, JsonArray current) {
    limit(modules, "modules");
    Map<String, JsonObject> before = byId(current, "moduleId");
    JsonArray out = new JsonArray();
    for (int i = 0; i < modules.size(); i++) {
      JsonObject m = Fields.element(modules, i, "modules");
      String f = "modules[" + i + "]";
      String id = Fields.text(m.getValue("moduleId"), f + ".moduleId", 100, true);
      if (!MODULE_ID.matcher(id).matches()) {
        throw ClientError.badRequest("development.error.module", f + ".moduleId");
      }
      LocalDate due = Fields.dateWithin(m.getValue("due"), f + ".due", starts, ends);
      JsonObject kept = before.getOrDefault(id, new JsonObject());
      JsonObject row = new JsonObject().put("moduleId", id);
      if (kept.getString("title") != null) {
        row.put("title", kept.getString("title"));
      }
      if (kept.getString("skill") != null) {
        row.put("skill", kept.getString("skill"));
      }
      if (kept.getJsonObject("titles") != null) {
        row.put("titles", kept.getJsonObject("titles").copy());
      }
      out.add(row.put("due", due.toString()));
    }
    return out;
  }

  /**
   * Free-text lines (books, external courses) and library items. A library item is named by its
   * {@code materialId}; only items already in the plan (the draft proposed them) may stay, with the title,
   * kind and link stored then, so an edit cannot point a rep at an arbitrary address.
   */
  private static JsonArray resources(JsonArray resources, JsonArray current) {
    limit(resources, "resources");
    Map<String, JsonObject> materials = byId(current, "materialId");
    JsonArray out = new JsonArray();
    for (int i = 0; i < resources.size(); i++) {
      String f = "resources[" + i + "]";
      if (resources.getValue(i) instanceof JsonObject o) {
        JsonObject known = o.getValue("materialId") instanceof String id ? materials.get(id) : null;
        if (known == null) {
          throw ClientError.badRequest("development.error.material", f + ".materialId");
        }
        if (out.stream().noneMatch(known::equals)) {
          out.add(known.copy());
        }
        continue;
      }
      String text = Fields.text(resources.getValue(i), f, 300, false);
      if (!text.isEmpty()) {
        out.add(text);
      }
    }
    return out;
  }

  private static Map<String, JsonObject> byId(JsonArray items, String key) {
    Map<String, JsonObject> out = new HashMap<>();
    for (Object o : items) {
      if (o instanceof JsonObject j && j.getString(key) != null) {
        out.put(j.getString(key), j);
      }
    }
    return out;
  }

  private static void limit(JsonArray items, String field) {
    if (items.size() > MAX_ITEMS) {
      throw ClientError.badRequest("development.error.tooMany", field, MAX_ITEMS);
    }
  }
}
