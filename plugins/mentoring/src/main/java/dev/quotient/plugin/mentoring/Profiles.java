package dev.quotient.plugin.mentoring;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.materials.Skill;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Mentor and mentee profiles, leader bans and the organisation's matching settings. */
final class Profiles {

  /** Sub-skill keys of the IQ/EQ/BQ benchmark, in benchmark order. */
  static final List<String> SKILLS = Arrays.stream(Skill.values()).map(Skill::key).toList();
  static final List<String> SLOTS = List.of("mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am",
      "thu-pm", "fri-am", "fri-pm");
  private static final Pattern FREE_KEY = Pattern.compile("(product|kpi):[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  private final PluginContext context;

  Profiles(PluginContext context) {
    this.context = context;
  }

  static String id(String orgId, String userId) {
    return orgId + ":" + userId;
  }

  /** The person themselves or a leader; anyone else, or someone not in the organisation: 404. */
  static void mayEdit(CurrentUser u, Org org, String userId) {
    if (!org.people().containsKey(userId) || !u.userId().equals(userId) && !u.has(Role.LEADER)) {
      throw ClientError.notFound("mentoring.error.person.unknown");
    }
  }

  Future<JsonObject> get(CurrentUser u, String userId) {
    return Org.load(context, u.orgId()).map(org -> {
      mayEdit(u, org, userId);
      return view(org, userId);
    });
  }

  static JsonObject view(Org org, String userId) {
    JsonObject p = org.profiles().get(userId);
    JsonObject out = new JsonObject().put("userId", userId).put("name", org.name(userId));
    out.put("mentor", p == null ? null : p.getJsonObject("mentor"));
    out.put("mentee", p == null ? null : p.getJsonObject("mentee"));
    out.put("reportsTo", p == null ? null : p.getString("reportsTo"));
    out.put("zone", p == null || p.getString("zone") == null ? org.zone().getId() : p.getString("zone"));
    return out;
  }

  /** Replaces the parts given ({@code mentor}, {@code mentee}, {@code reportsTo}, {@code zone}). */
  Future<JsonObject> put(CurrentUser u, String userId, JsonObject body) {
    return Org.load(context, u.orgId()).compose(org -> {
      mayEdit(u, org, userId);
      JsonObject fields = new JsonObject().put("orgId", u.orgId()).put("userId", userId);
      if (body.containsKey("mentor")) {
        fields.put("mentor", mentor(body.getValue("mentor")));
      }
      if (body.containsKey("mentee")) {
        fields.put("mentee", mentee(body.getValue("mentee")));
      }
      if (body.containsKey("reportsTo")) {
        String to = Views.str(body, "reportsTo");
        if (to != null && !to.isBlank() && (!org.people().containsKey(to) || to.equals(userId))) {
          throw ClientError.badRequest("mentoring.error.reportsTo");
        }
        fields.put("reportsTo", to == null || to.isBlank() ? null : to);
      }
      if (body.containsKey("zone")) {
        fields.put("zone", zone(Views.str(body, "zone")));
      }
      return context.content().merge(Org.PROFILES, id(u.orgId(), userId), fields)
          .compose(x -> Org.load(context, u.orgId())).map(again -> view(again, userId));
    });
  }

  private static String zone(String z) {
    if (z == null || z.isBlank()) {
      return null;
    }
    try {
      return ZoneId.of(z).getId();
    } catch (DateTimeException e) {
      throw ClientError.badRequest("mentoring.error.zone");
    }
  }

  static JsonObject mentor(Object value) {
    if (!(value instanceof JsonObject m)) {
      throw ClientError.badRequest("mentoring.error.profile");
    }
    Object capacity = m.getValue("capacity", 0);
    if (!(capacity instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw ClientError.badRequest("mentoring.error.capacity");
    }
    if (n.intValue() < 0 || n.intValue() > 20) {
      throw ClientError.badRequest("mentoring.error.capacity");
    }
    return new JsonObject().put("optIn", Boolean.TRUE.equals(m.getValue("optIn")))
        .put("capacity", n.intValue())
        .put("availability", slots(m.getValue("availability")))
        .put("languages", languages(m.getValue("languages")))
        .put("strengths", levels(m.getValue("strengths")));
  }

  static JsonObject mentee(Object value) {
    if (!(value instanceof JsonObject m)) {
      throw ClientError.badRequest("mentoring.error.profile");
    }
    String goals = m.getValue("goals") instanceof String s ? s.strip() : "";
    if (goals.length() > 2000) {
      throw ClientError.badRequest("mentoring.error.goals");
    }
    String preferred = m.getValue("preferredLanguage") instanceof String s && !s.isBlank() ? s.strip() : null;
    if (preferred != null && !LANGUAGE.matcher(preferred).matches()) {
      throw ClientError.badRequest("mentoring.error.language");
    }
    return new JsonObject().put("levels", levels(m.getValue("levels"))).put("goals", goals)
        .put("preferredLanguage", preferred)
        .put("availability", slots(m.getValue("availability")))
        .put("languages", languages(m.getValue("languages")));
  }

  static boolean validKey(String key) {
    return SKILLS.contains(key) || FREE_KEY.matcher(key).matches();
  }

  private static JsonObject levels(Object value) {
    JsonObject out = new JsonObject();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonObject o)) {
      throw ClientError.badRequest("mentoring.error.levels");
    }
    for (var e : o) {
      if (!validKey(e.getKey())) {
        throw ClientError.badRequest("mentoring.error.skill", e.getKey());
      }
      if (!(e.getValue() instanceof Number n) || n.intValue() < 1 || n.intValue() > 5 || n.doubleValue() != n.intValue()) {
        throw ClientError.badRequest("mentoring.error.levels");
      }
      out.put(e.getKey(), n.intValue());
    }
    return out;
  }

  private static JsonArray slots(Object value) {
    JsonArray out = new JsonArray();
    for (String s : list(value)) {
      if (!SLOTS.contains(s)) {
        throw ClientError.badRequest("mentoring.error.slot", s);
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static JsonArray languages(Object value) {
    JsonArray out = new JsonArray();
    for (String s : list(value)) {
      String l = s.strip().toLowerCase(java.util.Locale.ROOT);
      if (!LANGUAGE.matcher(l).matches()) {
        throw ClientError.badRequest("mentoring.error.language");
      }
      if (!out.contains(l)) {
        out.add(l);
      }
    }
    return out;
  }

  private static List<String> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray a) || a.size() > 50 || a.stream().anyMatch(v -> !(v instanceof String))) {
      throw ClientError.badRequest("mentoring.error.profile");
    }
    return a.stream().map(String.class::cast).toList();
  }

  // --- bans and settings (leaders) ---

  Future<JsonObject> ban(CurrentUser u, String mentorId, String menteeId) {
    return Org.load(context, u.orgId()).compose(org -> {
      if (mentorId == null || menteeId == null || !org.people().containsKey(mentorId) || !org.people().containsKey(menteeId)) {
        throw ClientError.notFound("mentoring.error.person.unknown");
      }
      JsonObject ban = new JsonObject().put("orgId", u.orgId()).put("mentorId", mentorId).put("menteeId", menteeId)
          .put("by", u.userId());
      return context.content().merge(Org.BANS, u.orgId() + ":" + mentorId + ":" + menteeId, ban).map(ban);
    });
  }

  Future<JsonObject> bans(CurrentUser u) {
    return context.content().find(Org.BANS, new JsonObject().put("orgId", u.orgId()), 1000)
        .map(list -> new JsonObject().put("bans", new JsonArray(list.stream()
            .map(b -> new JsonObject().put("mentorId", b.getString("mentorId")).put("menteeId", b.getString("menteeId")))
            .toList())));
  }

  Future<JsonObject> settings(CurrentUser u) {
    return Org.load(context, u.orgId()).map(Profiles::settingsView);
  }

  static JsonObject settingsView(Org org) {
    var w = org.weights();
    return new JsonObject().put("weights", new JsonObject().put("coverage", w.coverage())
            .put("availability", w.availability()).put("zone", w.zone()).put("language", w.language()))
        .put("checkInDays", org.checkInDays()).put("avoidPastPairs", org.avoidPastPairs());
  }

  Future<JsonObject> putSettings(CurrentUser u, JsonObject body) {
    return Org.load(context, u.orgId()).compose(org -> putSettings(u, body, org));
  }

  private static final List<String> WEIGHTS = List.of("coverage", "availability", "zone", "language");

  private Future<JsonObject> putSettings(CurrentUser u, JsonObject body, Org org) {
    JsonObject fields = new JsonObject().put("orgId", u.orgId());
    if (body.containsKey("weights")) {
      if (!(body.getValue("weights") instanceof JsonObject w) || !WEIGHTS.containsAll(w.fieldNames())) {
        throw ClientError.badRequest("mentoring.error.weights");
      }
      // a weight left out keeps its value
      JsonObject now = settingsView(org).getJsonObject("weights");
      int sum = 0;
      JsonObject weights = new JsonObject();
      for (String k : WEIGHTS) {
        Object v = w.getValue(k, now.getInteger(k));
        if (!(v instanceof Number n) || n.intValue() < 0 || n.intValue() > 1000 || n.doubleValue() != n.intValue()) {
          throw ClientError.badRequest("mentoring.error.weights");
        }
        weights.put(k, n.intValue());
        sum += n.intValue();
      }
      if (sum == 0) {
        throw ClientError.badRequest("mentoring.error.weights");
      }
      fields.put("weights", weights);
    }
    if (body.containsKey("checkInDays")) {
      if (!(body.getValue("checkInDays") instanceof Number n) || n.intValue() < 1 || n.intValue() > 365) {
        throw ClientError.badRequest("mentoring.error.checkInDays");
      }
      fields.put("checkInDays", n.intValue());
    }
    if (body.containsKey("avoidPastPairs")) {
      fields.put("avoidPastPairs", Boolean.TRUE.equals(body.getValue("avoidPastPairs")));
    }
    return context.content().merge(Org.SETTINGS, u.orgId(), fields).compose(x -> settings(u));
  }
}
