package dev.quotient.plugin.mentoring;

import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory.Person;
import dev.quotient.plugin.mentoring.matching.MenteeProfile;
import dev.quotient.plugin.mentoring.matching.MentorProfile;
import dev.quotient.plugin.mentoring.matching.Weights;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One organisation's mentoring state read at once: people, profiles, pairs (active and ended), bans
 * and settings. Four small scans per request (the embedded store has no secondary indexes).
 *
 * <p>The reporting line: leaders (role LEADER) are in everyone's reporting line, so a leader is never
 * matched with anyone; a profile's {@code reportsTo} names a direct manager, who is never matched with
 * that person either. Two members of the same team are not in each other's reporting line.
 */
record Org(String orgId, ZoneId zone, Map<String, Person> people, Map<String, JsonObject> profiles,
    List<JsonObject> pairs, Set<String> bans, JsonObject settings) {

  static final String PROFILES = "profiles";
  static final String PAIRS = "pairs";
  static final String BANS = "bans";
  static final String SETTINGS = "settings";
  static final String ROUNDS = "rounds";
  static final String CHECKINS = "checkins";
  static final String PROGRESS = "progress";
  static final int DEFAULT_CHECKIN_DAYS = 14;

  static Future<Org> load(PluginContext context, String orgId) {
    var content = context.content();
    JsonObject byOrg = new JsonObject().put("orgId", orgId);
    return context.directory().organisation(orgId).compose(o -> context.directory().people(orgId)
        .compose(people -> content.find(PROFILES, byOrg, 10_000)
        .compose(profiles -> content.find(PAIRS, byOrg, 10_000)
        .compose(pairs -> content.find(BANS, byOrg, 10_000)
        .compose(bans -> content.get(SETTINGS, orgId).map(settings -> {
          Map<String, Person> byId = new LinkedHashMap<>();
          people.forEach(p -> byId.put(p.id(), p));
          Map<String, JsonObject> profileOf = new HashMap<>();
          profiles.forEach(p -> profileOf.put(p.getString("userId"), p));
          Set<String> banned = new HashSet<>();
          bans.forEach(b -> banned.add(b.getString("mentorId") + "|" + b.getString("menteeId")));
          return new Org(orgId, o == null ? ZoneId.of("UTC") : o.zone(), byId, profileOf, pairs, banned,
              settings == null ? new JsonObject() : settings);
        }))))));
  }

  Weights weights() {
    JsonObject w = settings.getJsonObject("weights");
    if (w == null) {
      return Weights.DEFAULT;
    }
    return new Weights(w.getInteger("coverage", 0), w.getInteger("availability", 0), w.getInteger("zone", 0),
        w.getInteger("language", 0));
  }

  int checkInDays() {
    return settings.getInteger("checkInDays", DEFAULT_CHECKIN_DAYS);
  }

  boolean avoidPastPairs() {
    return settings.getBoolean("avoidPastPairs", true);
  }

  String name(String userId) {
    Person p = people.get(userId);
    return p == null ? userId : p.name();
  }

  List<JsonObject> active() {
    return pairs.stream().filter(p -> "active".equals(p.getString("state"))).toList();
  }

  JsonObject activePairOfMentee(String menteeId) {
    return active().stream().filter(p -> menteeId.equals(p.getString("menteeId"))).findFirst().orElse(null);
  }

  long activeCountOfMentor(String mentorId) {
    return active().stream().filter(p -> mentorId.equals(p.getString("mentorId"))).count();
  }

  /** Why this pair may not be matched (a message key), or null when it may. */
  String exclusion(String mentorId, String menteeId) {
    Person mentor = people.get(mentorId);
    Person mentee = people.get(menteeId);
    if (mentor == null || mentee == null) {
      return "mentoring.error.person.unknown";
    }
    if (mentorId.equals(menteeId)) {
      return "mentoring.error.self";
    }
    if (mentor.has(Role.LEADER) || mentee.has(Role.LEADER)
        || mentorId.equals(reportsTo(menteeId)) || menteeId.equals(reportsTo(mentorId))) {
      return "mentoring.error.reportingLine";
    }
    if (bans.contains(mentorId + "|" + menteeId)) {
      return "mentoring.error.banned";
    }
    if (avoidPastPairs() && pairs.stream().anyMatch(p -> "ended".equals(p.getString("state"))
        && mentorId.equals(p.getString("mentorId")) && menteeId.equals(p.getString("menteeId")))) {
      return "mentoring.error.pastPair";
    }
    return null;
  }

  private String reportsTo(String userId) {
    JsonObject p = profiles.get(userId);
    return p == null ? null : p.getString("reportsTo");
  }

  /** Opted-in mentors in the directory, by id, sorted by id for determinism. */
  Map<String, MentorProfile> mentors() {
    Map<String, MentorProfile> out = new TreeMap<>();
    profiles.forEach((id, p) -> {
      JsonObject m = p.getJsonObject("mentor");
      if (m != null && m.getBoolean("optIn", false) && people.containsKey(id)) {
        out.put(id, new MentorProfile(id, ints(m.getJsonObject("strengths")), m.getInteger("capacity", 0),
            strings(m.getJsonArray("availability")), List.copyOf(strings(m.getJsonArray("languages"))), zoneOf(p)));
      }
    });
    return out;
  }

  /** The mentee profile of a person, or null when they have no gaps entered. */
  MenteeProfile mentee(String userId) {
    JsonObject p = profiles.get(userId);
    JsonObject m = p == null ? null : p.getJsonObject("mentee");
    if (m == null || !people.containsKey(userId) || m.getJsonObject("levels", new JsonObject()).isEmpty()) {
      return null;
    }
    List<String> languages = new java.util.ArrayList<>();
    String preferred = m.getString("preferredLanguage");
    if (preferred != null && !preferred.isBlank()) {
      languages.add(preferred);
    }
    strings(m.getJsonArray("languages")).stream().sorted().filter(l -> !languages.contains(l)).forEach(languages::add);
    return new MenteeProfile(userId, ints(m.getJsonObject("levels")), strings(m.getJsonArray("availability")),
        languages, zoneOf(p));
  }

  /** Mentees waiting for a mentor: a mentee profile and no active pair, sorted by id. */
  List<MenteeProfile> waiting() {
    return new TreeMap<>(profiles).keySet().stream().filter(id -> activePairOfMentee(id) == null)
        .map(this::mentee).filter(Objects::nonNull).toList();
  }

  private ZoneId zoneOf(JsonObject profile) {
    String z = profile.getString("zone");
    return z == null ? zone : ZoneId.of(z);
  }

  static Map<String, Integer> ints(JsonObject o) {
    Map<String, Integer> out = new TreeMap<>();
    if (o != null) {
      o.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).intValue()));
    }
    return out;
  }

  static Set<String> strings(JsonArray a) {
    Set<String> out = new java.util.TreeSet<>();
    if (a != null) {
      a.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
