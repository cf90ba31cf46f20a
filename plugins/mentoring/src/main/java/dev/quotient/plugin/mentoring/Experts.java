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
 * The expert directory: for each sub-skill, product and KPI, the people strongest at it. A person's
 * strength is the level on their mentor profile (until benchmarks exist); ties are broken by the
 * points they earned in the skill's area over the last 90 days (products count as IQ, KPIs as BQ),
 * then by name. Everyone who declared a strength is listed, opted in to mentoring or not; mentors are
 * drawn from the same profiles.
 */
final class Experts {

  static final int PER_KEY = 5;
  private final PluginContext context;
  private final Pairs pairs;

  Experts(PluginContext context, Pairs pairs) {
    this.context = context;
    this.pairs = pairs;
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
    return Org.load(context, u.orgId()).compose(org -> pairs.areaPoints(u.orgId()).map(points -> {
      TreeSet<String> keys = new TreeSet<>(Comparator.comparing((String k) -> k.contains(":") ? 1 : 0)
          .thenComparing(k -> k.contains(":") ? k : String.valueOf(Profiles.SKILLS.indexOf(k) + 10)));
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
        org.profiles().forEach((id, p) -> {
          JsonObject m = p.getJsonObject("mentor");
          Integer level = m == null ? null : m.getJsonObject("strengths", new JsonObject()).getInteger(key);
          if (level != null && org.people().containsKey(id)) {
            long pts = points.getOrDefault(id, Map.of()).getOrDefault(area, 0L);
            people.add(new JsonObject().put("userId", id).put("name", org.name(id)).put("level", level)
                .put("areaPoints", pts).put("mentor", m.getBoolean("optIn", false)));
          }
        });
        people.sort(Comparator.<JsonObject>comparingInt(p -> -p.getInteger("level"))
            .thenComparing(p -> -p.getLong("areaPoints")).thenComparing(p -> p.getString("name")));
        out.add(new JsonObject().put("key", key).put("name", Texts.skillName(context.pages(), u.locale(), key)).put("area", area)
            .put("experts", new JsonArray(people.subList(0, Math.min(PER_KEY, people.size())))));
      }
      return new JsonObject().put("skills", out);
    }));
  }
}
