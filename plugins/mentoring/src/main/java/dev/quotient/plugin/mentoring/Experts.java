package dev.quotient.plugin.mentoring;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.materials.Skill;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The expert directory: for each sub-skill, product and KPI, the people strongest at it, by what they
 * declared and by what the data shows, each said for what it is. A <b>declared</b> level is the one on
 * a person's mentor profile. A level <b>from the data</b> (1 to 5) is the best of: their best passed
 * quiz score in modules of the sub-skill (score / 20); for product knowledge, industry knowledge
 * and the win-rate KPI, their win rate over the last 90 days (x 5, with at least
 * {@value #MIN_CLOSED} deals closed); for readiness and the response KPIs, their median lead response
 * over the last 90 days (5 within 5 minutes, 4 within 15, 3 within an hour, 2 within 4 hours, else 1;
 * at least {@value #MIN_RESPONSES} responses). People rank by the higher of the two levels, then by the
 * points earned in the area over 90 days (products count as IQ, KPIs as BQ), then by name. The
 * activity figures are read from the log at most once a minute per organisation.
 */
final class Experts {

  static final int PER_KEY = 5;
  static final int MIN_CLOSED = 3;
  static final int MIN_RESPONSES = 3;
  private static final java.time.Duration WINDOW = java.time.Duration.ofDays(90);
  private static final long FRESH_MILLIS = 60_000;
  private final PluginContext context;
  private final Pairs pairs;
  /** Each organisation's activity figures and when they were read. */
  private final Map<String, Map.Entry<Long, Future<Map<String, Figures>>>> figures =
      new java.util.concurrent.ConcurrentHashMap<>();

  Experts(PluginContext context, Pairs pairs) {
    this.context = context;
    this.pairs = pairs;
  }

  /** One person's activity over the window: deals closed and won, lead response times. */
  static final class Figures {
    int won;
    int lost;
    final List<Long> responses = new ArrayList<>();

    Double winRate() {
      return won + lost < MIN_CLOSED ? null : (double) won / (won + lost);
    }

    Double medianResponseMinutes() {
      if (responses.size() < MIN_RESPONSES) {
        return null;
      }
      List<Long> sorted = responses.stream().sorted().toList();
      int n = sorted.size();
      double seconds = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
      return seconds / 60.0;
    }
  }

  static String area(String key) {
    if (key.startsWith("product:")) {
      return "IQ";
    }
    if (key.startsWith("kpi:")) {
      return "BQ";
    }
    return Skill.parse(key).area().name();
  }

  Future<JsonObject> directory(CurrentUser u) {
    return Org.load(context, u.orgId()).compose(org -> pairs.areaPoints(u.orgId()).compose(points ->
        quizzes(u.orgId()).compose(quiz -> activity(u.orgId()).map(acts -> {
          TreeSet<String> keys = new TreeSet<>(Comparator.comparing((String k) -> k.contains(":") ? 1 : 0)
              .thenComparing(k -> k.contains(":") ? k : String.valueOf(Profiles.SKILLS.indexOf(k) + 10)));
          keys.addAll(Profiles.SKILLS);
          org.profiles().values().forEach(p -> {
            JsonObject m = p.getJsonObject("mentor");
            if (m != null) {
              keys.addAll(m.getJsonObject("strengths", new JsonObject()).fieldNames());
            }
          });
          JsonArray out = new JsonArray();
          for (String key : keys) {
            if (!Profiles.validKey(key)) {
              continue;
            }
            String area = area(key);
            List<JsonObject> people = new ArrayList<>();
            for (String id : org.people().keySet()) {
              JsonObject profile = org.profiles().get(id);
              JsonObject m = profile == null ? null : profile.getJsonObject("mentor");
              Integer level = m == null ? null : m.getJsonObject("strengths", new JsonObject()).getInteger(key);
              JsonArray evidence = evidence(key, quiz.getOrDefault(id, Map.of()), acts.get(id));
              Double dataLevel = evidence.stream().map(o -> ((JsonObject) o).getDouble("level"))
                  .max(Double::compare).orElse(null);
              if (level == null && dataLevel == null) {
                continue;
              }
              long pts = points.getOrDefault(id, Map.of()).getOrDefault(area, 0L);
              people.add(new JsonObject().put("userId", id).put("name", org.name(id)).put("level", level)
                  .put("dataLevel", dataLevel == null ? null : Math.round(dataLevel * 10) / 10.0)
                  .put("evidence", evidence).put("areaPoints", pts)
                  .put("mentor", m != null && m.getBoolean("optIn", false))
                  .put("source", level != null && (dataLevel == null || level >= dataLevel) ? "declared" : "data"));
            }
            people.sort(Comparator.<JsonObject>comparingDouble(p -> -rank(p))
                .thenComparing(p -> -p.getLong("areaPoints")).thenComparing(p -> p.getString("name")));
            if (!people.isEmpty()) {
              out.add(new JsonObject().put("key", key).put("name", Texts.skillName(context.pages(), u.locale(), key))
                  .put("area", area).put("experts", new JsonArray(people.subList(0, Math.min(PER_KEY, people.size())))));
            }
          }
          return new JsonObject().put("skills", out);
        }))));
  }

  private static double rank(JsonObject p) {
    double declared = p.getInteger("level") == null ? 0 : p.getInteger("level");
    double data = p.getDouble("dataLevel") == null ? 0 : p.getDouble("dataLevel");
    return Math.max(declared, data);
  }

  /** What the data shows of a person in one key, each signal with its level (1 to 5). */
  static JsonArray evidence(String key, Map<String, Integer> quizBySkill, Figures acts) {
    JsonArray out = new JsonArray();
    Integer quiz = key.contains(":") ? null : quizBySkill.get(key);
    if (quiz != null) {
      out.add(new JsonObject().put("kind", "quiz").put("value", quiz).put("level", Math.max(1, quiz / 20.0)));
    }
    // deals do not name the product sold: a product's own key gets no win rate
    boolean winRate = key.equals("product-knowledge") || key.equals("industry-knowledge") || key.equals("kpi:win-rate");
    if (winRate && acts != null && acts.winRate() != null) {
      out.add(new JsonObject().put("kind", "winRate").put("value", Math.round(acts.winRate() * 100))
          .put("deals", acts.won + acts.lost).put("level", Math.max(1, acts.winRate() * 5)));
    }
    boolean response = key.equals("readiness") || key.startsWith("kpi:response");
    if (response && acts != null && acts.medianResponseMinutes() != null) {
      double minutes = acts.medianResponseMinutes();
      double level = minutes <= 5 ? 5 : minutes <= 15 ? 4 : minutes <= 60 ? 3 : minutes <= 240 ? 2 : 1;
      out.add(new JsonObject().put("kind", "response").put("value", Math.round(minutes * 10) / 10.0)
          .put("responses", acts.responses.size()).put("level", level));
    }
    return out;
  }

  /** Each person's best passed quiz score per sub-skill (from the modules they completed). */
  private Future<Map<String, Map<String, Integer>>> quizzes(String orgId) {
    return context.content().find(Org.PROGRESS, new JsonObject().put("orgId", orgId), 10_000).map(docs -> {
      Map<String, Map<String, Integer>> out = new java.util.HashMap<>();
      for (JsonObject d : docs) {
        JsonObject scores = d.getJsonObject("skillScores", new JsonObject());
        Map<String, Integer> mine = new java.util.HashMap<>();
        scores.forEach(e -> mine.put(e.getKey(), ((Number) e.getValue()).intValue()));
        out.put(d.getString("userId"), mine);
      }
      return out;
    });
  }

  /** Each person's deals and lead responses over the window, read again at most once a minute. */
  private Future<Map<String, Figures>> activity(String orgId) {
    long now = System.currentTimeMillis();
    Map.Entry<Long, Future<Map<String, Figures>>> kept = figures.get(orgId);
    if (kept != null && now - kept.getKey() < FRESH_MILLIS && !kept.getValue().failed()) {
      return kept.getValue();
    }
    java.time.Instant to = context.clock().instant();
    Map<String, Figures> out = new java.util.concurrent.ConcurrentHashMap<>();
    Future<Map<String, Figures>> read = context.activities().replay(orgId, null, to.minus(WINDOW), to, e -> {
      Figures f = out.computeIfAbsent(e.userId(), k -> new Figures());
      synchronized (f) {
        switch (e.kind()) {
          case "won" -> f.won++;
          case "lost" -> f.lost++;
          case "lead-responded" -> {
            if (e.leadReceivedAt() != null && !e.leadReceivedAt().isAfter(e.occurredAt())) {
              f.responses.add(e.occurredAt().getEpochSecond() - e.leadReceivedAt().getEpochSecond());
            }
          }
          default -> { }
        }
      }
    }).map(n -> (Map<String, Figures>) out);
    figures.put(orgId, Map.entry(now, read));
    return read;
  }
}
