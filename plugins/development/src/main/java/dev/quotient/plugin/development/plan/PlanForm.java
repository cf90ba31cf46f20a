package dev.quotient.plugin.development.plan;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The leader's plan form as the JSON the API takes, so both are validated in one place. Rows whose
 * fields are all blank are left out (the form always offers one empty row of each kind).
 */
final class PlanForm {

  private PlanForm() {}

  static JsonObject read(MultiMap form) {
    JsonObject body = new JsonObject();
    put(body, "revision", form.get("revision"));
    put(body, "startsOn", form.get("startsOn"));
    put(body, "endsOn", form.get("endsOn"));
    if ("true".equals(form.get("newVersion"))) {
      body.put("newVersion", true);
    }
    JsonArray goals = new JsonArray();
    for (int i = 0; form.contains("goal-" + i + "-skill"); i++) {
      String p = "goal-" + i + "-";
      if (blank(form.get(p + "target")) && blank(form.get(p + "due"))) {
        continue;
      }
      goals.add(new JsonObject().put("skill", form.get(p + "skill")).put("kpi", form.get(p + "kpi"))
          .put("target", form.get(p + "target")).put("due", form.get(p + "due"))
          .put("baseline", blank(form.get(p + "baseline")) ? null : form.get(p + "baseline")));
    }
    body.put("goals", goals);
    JsonArray modules = new JsonArray();
    for (int i = 0; form.contains("module-" + i + "-id"); i++) {
      String p = "module-" + i + "-";
      if (blank(form.get(p + "id")) && blank(form.get(p + "due"))) {
        continue;
      }
      modules.add(new JsonObject().put("moduleId", form.get(p + "id")).put("due", form.get(p + "due")));
    }
    body.put("modules", modules);
    JsonArray milestones = new JsonArray();
    for (int i = 0; form.contains("milestone-" + i + "-date"); i++) {
      String p = "milestone-" + i + "-";
      if (blank(form.get(p + "date")) && blank(form.get(p + "title"))) {
        continue;
      }
      milestones.add(new JsonObject().put("date", form.get(p + "date")).put("title", form.get(p + "title"))
          .put("kind", form.get(p + "kind")));
    }
    body.put("milestones", milestones);
    JsonArray resources = new JsonArray();
    form.getAll("material").stream().filter(id -> !blank(id))
        .forEach(id -> resources.add(new JsonObject().put("materialId", id.strip())));
    String text = form.get("resources");
    if (text != null) {
      text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(resources::add);
    }
    body.put("resources", resources);
    body.put("mentorId", form.get("mentorId"));
    return body;
  }

  private static void put(JsonObject body, String key, String value) {
    if (!blank(value)) {
      body.put(key, value.strip());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
