package dev.quotient.plugin.development.plan;

import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the model of the plan page ({@code templates/development/plan.hbs}) from data already read, with
 * no I/O, so the page can be rendered from live data or from a precomputed model alike. The JSON API and
 * the export use {@link #progress} for the same figures.
 */
public final class PlanView {

  private PlanView() {}

  /**
   * The organisation's people as a plan shows them: user id to name, and the mentors (id, name) for the
   * leader's form. Built once per answer of the directory and equal only to itself, so a page's data
   * compare and hash it in one step (hashing 500 names on every view was a quarter of a plan page).
   */
  public static final class Roster {
    private final Map<String, String> names;
    private final List<Map<String, String>> mentors;

    public Roster(Map<String, String> names, List<Map<String, String>> mentors) {
      // readers look up ids that may be absent or null (a plan without a mentor): not Map.copyOf
      this.names = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(names));
      this.mentors = java.util.Collections.unmodifiableList(new ArrayList<>(mentors));
    }

    public Map<String, String> names() {
      return names;
    }

    public List<Map<String, String>> mentors() {
      return mentors;
    }
  }

  /**
   * Everything the page shows, and the key its built model is kept by.
   *
   * @param roster names and mentors
   * @param passedModules ids of the modules the rep passed since the plan was created
   * @param actuals KPI values of the 30 days up to each goal's measuring day, by that day
   */
  public record Data(JsonObject plan, String viewerId, boolean leader, Roster roster,
      Set<String> passedModules, Map<LocalDate, Map<Kpi, Double>> actuals, LocalDate today,
      Map<String, List<Skill>> knownModules) {

    public Map<String, String> names() {
      return roster.names();
    }

    public List<Map<String, String>> mentors() {
      return roster.mentors();
    }

    /** From what tells views apart cheaply (equal data hash alike; the plan itself is compared only on a match). */
    @Override
    public int hashCode() {
      return java.util.Objects.hash(plan.getString("_id"), viewerId, leader, today, roster);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && leader == d.leader && viewerId.equals(d.viewerId) && today.equals(d.today)
          && roster == d.roster && plan.equals(d.plan) && passedModules.equals(d.passedModules)
          && actuals.equals(d.actuals) && knownModules.equals(d.knownModules);
    }
  }

  /** The day a goal's actual is measured at: today, or its due day once that has passed. */
  public static LocalDate measuredAt(JsonObject goal, LocalDate today) {
    LocalDate due = LocalDate.parse(goal.getString("due"));
    return due.isBefore(today) ? due : today;
  }

  /** Each goal of the content with its actual and whether the predicted result is met. */
  public static List<JsonObject> progress(JsonObject content, Map<LocalDate, Map<Kpi, Double>> actuals, LocalDate today) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : content.getJsonArray("goals", new JsonArray())) {
      JsonObject g = ((JsonObject) o).copy();
      Kpi kpi = Kpi.parse(g.getString("kpi")).orElseThrow();
      Double actual = actuals.getOrDefault(measuredAt(g, today), Map.of()).get(kpi);
      g.put("area", Skill.parse(g.getString("skill")).area().name());
      g.put("actual", actual == null ? null : Targets.round(kpi, actual));
      g.put("met", actual != null && Targets.met(kpi, actual, g.getDouble("target")));
      out.add(g);
    }
    return out;
  }

  public static Map<String, Object> build(Data d) {
    JsonObject plan = d.plan();
    JsonObject content = Plans.shownContent(plan, d.leader());
    String status = plan.getString("status");
    boolean isRep = d.viewerId().equals(plan.getString("userId"));
    Map<String, Object> m = new HashMap<>();
    m.put("id", plan.getString("_id"));
    m.put("repId", plan.getString("userId"));
    m.put("repName", d.names().getOrDefault(plan.getString("userId"), ""));
    m.put("leaderName", d.names().getOrDefault(plan.getString("leaderId"), ""));
    m.put("status", status);
    m.put("version", plan.getInteger("version", 0));
    m.put("revision", plan.getInteger("revision", 0));
    m.put("accepted", Plans.ACCEPTED.equals(status));
    m.put("acceptedVersion", plan.getInteger("acceptedVersion"));
    m.put("acceptedAt", plan.getLong("acceptedAt") == null ? null : Instant.ofEpochMilli(plan.getLong("acceptedAt")));
    m.put("startsOn", content.getString("startsOn"));
    m.put("endsOn", content.getString("endsOn"));
    m.put("goals", progress(content, d.actuals(), d.today()).stream().map(g -> {
      Map<String, Object> row = new HashMap<>(g.getMap());
      row.put("hasBaseline", g.getValue("baseline") != null);
      row.put("hasActual", g.getValue("actual") != null);
      return row;
    }).toList());
    Map<String, JsonObject> assignments = new HashMap<>();
    plan.getJsonArray("assignments", new JsonArray()).forEach(a -> assignments.put(((JsonObject) a).getString("moduleId"),
        (JsonObject) a));
    List<Map<String, Object>> modules = new ArrayList<>();
    for (Object o : content.getJsonArray("modules", new JsonArray())) {
      JsonObject mod = (JsonObject) o;
      JsonObject a = assignments.get(mod.getString("moduleId"));
      Map<String, Object> row = new HashMap<>(mod.getMap());
      row.put("title", a != null && a.getString("title") != null ? a.getString("title") : mod.getString("title"));
      // the title in each language the module has: the page shows the reader's (stored titles are the organisation's)
      row.put("titles", mod.getJsonObject("titles") == null ? null : mod.getJsonObject("titles").getMap());
      row.put("assignment", a == null ? "pending" : a.getString("status"));
      row.put("completed", d.passedModules().contains(mod.getString("moduleId")));
      modules.add(row);
    }
    m.put("modules", modules);
    JsonObject mentor = content.getJsonObject("mentor", new JsonObject().put("status", "none"));
    Map<String, Object> mentorView = new HashMap<>();
    mentorView.put("status", mentor.getString("status"));
    mentorView.put("unavailable", "unavailable".equals(mentor.getString("status")));
    mentorView.put("id", mentor.getString("mentorId"));
    mentorView.put("name", d.names().get(mentor.getString("mentorId")));
    mentorView.put("fit", mentor.getDouble("fit"));
    mentorView.put("reasons", mentor.getJsonArray("reasons", new JsonArray()));
    m.put("mentor", mentorView);
    m.put("resources", resources(content));
    m.put("milestones", content.getJsonArray("milestones", new JsonArray()));
    List<Map<String, Object>> versions = new ArrayList<>();
    Map<Integer, Long> acceptedAt = new HashMap<>();
    plan.getJsonArray("acceptances", new JsonArray()).forEach(a -> acceptedAt.put(((JsonObject) a).getInteger("version"),
        ((JsonObject) a).getLong("at")));
    for (Object o : plan.getJsonArray("versions", new JsonArray())) {
      JsonObject v = (JsonObject) o;
      Map<String, Object> row = new HashMap<>();
      row.put("version", v.getInteger("version"));
      row.put("sentAt", Instant.ofEpochMilli(v.getLong("sentAt")));
      row.put("sentBy", d.names().getOrDefault(v.getString("sentBy"), ""));
      Long at = acceptedAt.get(v.getInteger("version"));
      row.put("acceptedAt", at == null ? null : Instant.ofEpochMilli(at));
      versions.add(row);
    }
    m.put("versions", versions);
    m.put("comments", plan.getJsonArray("comments", new JsonArray()).stream().map(o -> {
      JsonObject c = (JsonObject) o;
      Map<String, Object> row = new HashMap<>(c.getMap());
      row.put("at", Instant.ofEpochMilli(c.getLong("at")));
      row.put("byName", d.names().getOrDefault(c.getString("by"), ""));
      return row;
    }).toList());
    boolean leader = d.leader();
    m.put("leader", leader);
    m.put("canEdit", leader && !Plans.ACCEPTED.equals(status));
    m.put("canRevise", leader && Plans.ACCEPTED.equals(status));
    m.put("canSend", leader && (Plans.DRAFT.equals(status) || Plans.RETURNED.equals(status)));
    m.put("canRespond", isRep && Plans.SENT.equals(status));
    m.put("waiting", Plans.SENT.equals(status));
    if (leader) {
      m.put("form", form(plan.getJsonObject("content"), d));
    }
    return m;
  }

  /** Resources as page rows: library items ({@code materialId}, title, kind, link) or free text ({@code text}). */
  static List<Map<String, Object>> resources(JsonObject content) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object r : content.getJsonArray("resources", new JsonArray())) {
      out.add(r instanceof JsonObject o ? o.getMap() : Map.of("text", String.valueOf(r)));
    }
    return out;
  }

  /** The leader's edit form: the working copy's rows plus one empty row of each kind. */
  private static Map<String, Object> form(JsonObject content, Data d) {
    Map<String, Object> f = new HashMap<>();
    f.put("startsOn", content.getString("startsOn"));
    f.put("endsOn", content.getString("endsOn"));
    List<Map<String, Object>> goals = new ArrayList<>();
    JsonArray g = content.getJsonArray("goals", new JsonArray());
    for (int i = 0; i <= g.size(); i++) {
      JsonObject goal = i < g.size() ? g.getJsonObject(i) : new JsonObject();
      Map<String, Object> row = new HashMap<>(goal.getMap());
      row.put("i", i);
      row.put("n", i + 1);
      row.put("skills", Skill.values().length == 0 ? List.of() : java.util.Arrays.stream(Skill.values())
          .map(s -> Map.of("key", s.key(), "selected", s.key().equals(goal.getString("skill")))).toList());
      row.put("kpis", java.util.Arrays.stream(Kpi.values())
          .map(k -> Map.of("key", k.key(), "selected", k.key().equals(goal.getString("kpi")))).toList());
      goals.add(row);
    }
    f.put("goals", goals);
    List<Map<String, Object>> modules = new ArrayList<>();
    JsonArray mods = content.getJsonArray("modules", new JsonArray());
    for (int i = 0; i <= mods.size(); i++) {
      Map<String, Object> row = new HashMap<>(i < mods.size() ? mods.getJsonObject(i).getMap() : Map.of());
      row.put("i", i);
      modules.add(row);
    }
    f.put("modules", modules);
    f.put("knownModules", d.knownModules().entrySet().stream().map(e -> Map.of("id", e.getKey(),
        "skills", e.getValue().stream().map(Skill::key).toList())).toList());
    List<Map<String, Object>> milestones = new ArrayList<>();
    JsonArray ms = content.getJsonArray("milestones", new JsonArray());
    for (int i = 0; i <= ms.size(); i++) {
      Map<String, Object> row = new HashMap<>(i < ms.size() ? ms.getJsonObject(i).getMap() : Map.of());
      row.put("i", i);
      milestones.add(row);
    }
    f.put("milestones", milestones);
    JsonArray resources = content.getJsonArray("resources", new JsonArray());
    f.put("resources", String.join("\n", resources.stream().filter(r -> !(r instanceof JsonObject))
        .map(String::valueOf).toList()));
    f.put("materials", resources.stream().filter(r -> r instanceof JsonObject).map(r -> ((JsonObject) r).getMap()).toList());
    String mentorId = content.getJsonObject("mentor", new JsonObject()).getString("mentorId");
    f.put("mentors", d.mentors().stream().map(p -> Map.of("id", p.get("id"), "name", p.get("name"),
        "selected", p.get("id").equals(mentorId))).toList());
    return f;
  }
}
