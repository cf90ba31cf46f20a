package dev.quotient.server.points;

import dev.quotient.server.activity.ActivityKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated set of point rules: the defaults in {@code content/points/rules.json}, or one version of
 * an organisation's rules. Parsing is strict: unknown fields, a missing reason text, an unknown kind or
 * area, a condition on the wrong trigger, duplicate ids are all refused with a message naming the rule.
 */
public record RuleSet(List<PointRule> rules) {

  /** Where the default rules live on the classpath. */
  public static final String DEFAULTS = "content/points/rules.json";
  public static final int MAX_RULES = 100;

  private static final Set<String> FIELDS = Set.of("id", "on", "kind", "maxResponseSeconds", "minResponseSeconds",
      "passed", "points", "selfWeight", "dailyCap", "selfDailyCap", "area", "reason");
  private static final Set<String> AREAS = Set.of("IQ", "EQ", "BQ", "none", "module");

  /** A rule set that cannot be used; the message names the rule and what is wrong. */
  public static final class Invalid extends IllegalArgumentException {
    public Invalid(String message) {
      super(message);
    }
  }

  public RuleSet {
    rules = List.copyOf(rules);
  }

  /** Reads and validates the default rules; throws {@link Invalid} or {@link IllegalStateException}. */
  public static RuleSet defaults(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("default point rules missing: " + DEFAULTS);
      }
      JsonObject json;
      try {
        json = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw new Invalid(DEFAULTS + " is not a JSON object: " + e.getMessage());
      }
      try {
        return parse(json.getValue("rules")).requireSelfCaps();
      } catch (Invalid e) {
        throw new Invalid(DEFAULTS + ": " + e.getMessage());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  /** Parses the {@code rules} array of a rule set; throws {@link Invalid}. */
  public static RuleSet parse(Object rulesValue) {
    if (!(rulesValue instanceof JsonArray array) || array.isEmpty()) {
      throw new Invalid("\"rules\" must be a non-empty array");
    }
    if (array.size() > MAX_RULES) {
      throw new Invalid("at most " + MAX_RULES + " rules");
    }
    List<PointRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject r)) {
        throw new Invalid("rule " + (i + 1) + " is not an object");
      }
      PointRule rule = rule(i, r);
      if (!ids.add(rule.id())) {
        throw new Invalid("rule \"" + rule.id() + "\": the id is used twice");
      }
      rules.add(rule);
    }
    return new RuleSet(rules);
  }

  private static PointRule rule(int index, JsonObject r) {
    String name = r.getValue("id") instanceof String s ? "rule \"" + s + "\"" : "rule " + (index + 1);
    for (String field : r.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new Invalid(name + ": unknown field \"" + field + "\"");
      }
    }
    if (!(r.getValue("id") instanceof String id) || !PointRule.ID.matcher(id).matches()) {
      throw new Invalid(name + ": id must be 1 to 40 lower-case letters, digits or dashes");
    }
    PointRule.Trigger on = null;
    for (PointRule.Trigger t : PointRule.Trigger.values()) {
      if (t.key().equals(r.getValue("on"))) {
        on = t;
      }
    }
    if (on == null) {
      throw new Invalid(name + ": \"on\" must be activity, module.completed or praise.given");
    }
    ActivityKind kind = null;
    if (on == PointRule.Trigger.ACTIVITY) {
      kind = r.getValue("kind") instanceof String k ? ActivityKind.parse(k).orElse(null) : null;
      if (kind == null) {
        throw new Invalid(name + ": \"kind\" must be one of " + ActivityKind.keys());
      }
    } else if (r.containsKey("kind")) {
      throw new Invalid(name + ": \"kind\" is only for activity rules");
    }
    Integer max = seconds(name, r, "maxResponseSeconds");
    Integer min = seconds(name, r, "minResponseSeconds");
    if ((max != null || min != null) && kind != ActivityKind.LEAD_RESPONDED) {
      throw new Invalid(name + ": response-time conditions are only for lead-responded rules");
    }
    Boolean passed = null;
    if (r.containsKey("passed")) {
      if (on != PointRule.Trigger.MODULE_COMPLETED || !(r.getValue("passed") instanceof Boolean b)) {
        throw new Invalid(name + ": \"passed\" is true or false, only for module.completed rules");
      }
      passed = b;
    }
    long points = whole(name, r, "points", 0, 10_000);
    double selfWeight = 1.0;
    if (r.containsKey("selfWeight")) {
      if (!(r.getValue("selfWeight") instanceof Number w) || w.doubleValue() < 0 || w.doubleValue() > 1) {
        throw new Invalid(name + ": \"selfWeight\" is a number from 0 to 1");
      }
      selfWeight = w.doubleValue();
    }
    Long cap = r.containsKey("dailyCap") && r.getValue("dailyCap") != null
        ? whole(name, r, "dailyCap", 1, 1_000_000) : null;
    Long selfCap = r.containsKey("selfDailyCap") && r.getValue("selfDailyCap") != null
        ? whole(name, r, "selfDailyCap", 0, 1_000_000) : null;
    if (selfCap != null && on != PointRule.Trigger.ACTIVITY) {
      throw new Invalid(name + ": \"selfDailyCap\" is only for activity rules (only activity is self-reported)");
    }
    String area = r.getValue("area") instanceof String a ? a : null;
    if (area == null || !AREAS.contains(area)) {
      throw new Invalid(name + ": \"area\" must be one of IQ, EQ, BQ, none, module");
    }
    if (area.equals("module") && on != PointRule.Trigger.MODULE_COMPLETED) {
      throw new Invalid(name + ": area \"module\" is only for module.completed rules");
    }
    JsonObject reason = r.getValue("reason") instanceof JsonObject o ? o : null;
    String en = reason == null ? null : text(reason.getValue("en"));
    String pl = reason == null ? null : text(reason.getValue("pl"));
    if (en == null || pl == null || reason.size() != 2) {
      throw new Invalid(name + ": \"reason\" needs exactly an English (en) and a Polish (pl) text of 1 to 200 characters");
    }
    return new PointRule(id, on, kind, max, min, passed, points, selfWeight, cap, selfCap, area, en, pl);
  }

  /**
   * Checks a rule set a leader is about to put in force: every activity rule that gives self-reported
   * activity points has a daily cap on them, so no rep can report their way up a board. (Versions stored
   * before this rule existed are read as they are.)
   */
  public RuleSet requireSelfCaps() {
    for (PointRule r : rules) {
      if (r.on() == PointRule.Trigger.ACTIVITY && r.selfWeight() > 0 && r.points() > 0 && r.selfDailyCap() == null
          && r.dailyCap() == null) {
        throw new Invalid("rule \"" + r.id() + "\": self-reported " + r.kind().key()
            + " earns points, so it needs a \"selfDailyCap\" (or a \"dailyCap\"), or a \"selfWeight\" of 0");
      }
    }
    return this;
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() && s.length() <= 200 ? s : null;
  }

  private static Integer seconds(String name, JsonObject r, String field) {
    return r.containsKey(field) ? (int) whole(name, r, field, 0, 365 * 86_400) : null;
  }

  private static long whole(String name, JsonObject r, String field, long min, long max) {
    Object v = r.getValue(field);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min
        || n.longValue() > max) {
      throw new Invalid(name + ": \"" + field + "\" must be a whole number from " + min + " to " + max);
    }
    return n.longValue();
  }

  /** The rule set as JSON, in the format it was read from. */
  public JsonArray toJson() {
    JsonArray out = new JsonArray();
    for (PointRule r : rules) {
      JsonObject j = new JsonObject().put("id", r.id()).put("on", r.on().key());
      if (r.kind() != null) {
        j.put("kind", r.kind().key());
      }
      if (r.maxResponseSeconds() != null) {
        j.put("maxResponseSeconds", r.maxResponseSeconds());
      }
      if (r.minResponseSeconds() != null) {
        j.put("minResponseSeconds", r.minResponseSeconds());
      }
      if (r.passed() != null) {
        j.put("passed", r.passed());
      }
      j.put("points", r.points()).put("selfWeight", r.selfWeight());
      if (r.dailyCap() != null) {
        j.put("dailyCap", r.dailyCap());
      }
      if (r.selfDailyCap() != null) {
        j.put("selfDailyCap", r.selfDailyCap());
      }
      out.add(j.put("area", r.area()).put("reason", new JsonObject().put("en", r.reasonEn()).put("pl", r.reasonPl())));
    }
    return out;
  }
}
