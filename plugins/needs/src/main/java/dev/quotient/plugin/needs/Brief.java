package dev.quotient.plugin.needs;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialKind;
import dev.quotient.api.materials.MaterialQuery;
import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.needs.Catalog.Question;
import dev.quotient.plugin.needs.Catalog.Term;
import dev.quotient.plugin.needs.Ranking.Scored;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ranking with its evidence, and the trainer brief built on it (tip 7): for each topic the
 * industry terms to learn and the library items serving its sub-skills, and for the top topics which
 * enforcement tools (worksheets, coaching sheets, recorded sessions, reinforcement) are still missing.
 */
final class Brief {

  /** How many of the most urgent topics the brief asks enforcement tools for. */
  static final int TOP = 3;
  static final List<MaterialKind> ENFORCEMENT = List.of(MaterialKind.WORKSHEET, MaterialKind.COACHING_SHEET,
      MaterialKind.RECORDED_SESSION, MaterialKind.REINFORCEMENT);

  private final PluginContext context;
  private final Catalog catalog;
  private final Analysis analysis;

  Brief(PluginContext context, Catalog catalog, Analysis analysis) {
    this.context = context;
    this.catalog = catalog;
    this.analysis = analysis;
  }

  /** The ranking alone, with its evidence broken down. */
  Future<JsonObject> ranking(CurrentUser u) {
    return analysis.rank(u).map(r -> ranking(u.locale(), r));
  }

  /** The ranking plus terms, materials and missing enforcement tools per topic. */
  Future<JsonObject> brief(CurrentUser u) {
    Locale l = u.locale();
    return analysis.rank(u).compose(r -> materials(u).map(bySkill -> {
      JsonObject out = ranking(l, r);
      for (Object o : out.getJsonArray("ranking")) {
        JsonObject row = (JsonObject) o;
        JsonArray terms = new JsonArray();
        for (Term t : catalog.termsOf(row.getString("id"))) {
          terms.add(new JsonObject().put("id", t.id()).put("term", t.term(l)).put("definition", t.definition(l)));
        }
        Map<String, Material> items = new LinkedHashMap<>();
        for (Skill s : catalog.topic(row.getString("id")).skills()) {
          bySkill.getOrDefault(s, List.of()).forEach(m -> items.putIfAbsent(m.id(), m));
        }
        JsonArray materials = new JsonArray();
        for (Material m : items.values()) {
          materials.add(new JsonObject().put("id", m.id()).put("title", m.title()).put("kind", m.kind().key())
              .put("kindName", context.pages().text(l, "needs.kind." + m.kind().key())).put("page", m.page())
              .put("published", m.published()).put("topic", m.topic())
              .put("skills", new JsonArray(m.skills().stream().map(Skill::key).toList())));
        }
        row.put("terms", terms).put("materials", materials);
        if (row.getInteger("rank") <= TOP) {
          Set<MaterialKind> have = items.values().stream().map(Material::kind).collect(java.util.stream.Collectors.toSet());
          JsonArray missing = new JsonArray();
          for (MaterialKind k : ENFORCEMENT) {
            if (!have.contains(k)) {
              missing.add(new JsonObject().put("kind", k.key()).put("name", context.pages().text(l, "needs.kind." + k.key())));
            }
          }
          row.put("missing", missing);
        }
      }
      return out;
    }));
  }

  /** Every library item the viewer may see for each sub-skill (one search per sub-skill). */
  private Future<Map<Skill, List<Material>>> materials(CurrentUser u) {
    Map<Skill, List<Material>> out = new EnumMap<>(Skill.class);
    List<Future<?>> searches = new ArrayList<>();
    for (Skill s : Skill.values()) {
      searches.add(context.materials().search(u, new MaterialQuery(null, null, null, s, null, null, MaterialQuery.MAX_LIMIT))
          .onSuccess(list -> out.put(s, list)));
    }
    return Future.all(searches).map(x -> out);
  }

  JsonObject ranking(Locale l, Analysis.Result r) {
    Ranking.Weights w = analysis.weights();
    JsonObject evidence = new JsonObject();
    evidence.put("survey", r.survey() == null ? null : new JsonObject().put("id", r.survey().getString("_id"))
        .put("title", r.survey().getString("title")).put("closes", r.survey().getString("closes"))
        .put("responses", r.surveyResponses()));
    evidence.put("audit", r.round() == null ? null : new JsonObject().put("id", r.round().getString("_id"))
        .put("date", r.round().getString("date")));
    evidence.put("skills", new JsonObject().put("status", r.skills().status())
        .put("available", r.skills().gaps() != null)
        .put("message", context.pages().text(l, "needs.skills.status." + r.skills().status())));
    JsonArray rows = new JsonArray();
    int rank = 0;
    for (Scored s : r.ranking()) {
      rank++;
      JsonArray questions = new JsonArray();
      for (Ranking.QuestionGap g : s.questionGaps()) {
        Question q = catalog.question(g.question());
        questions.add(new JsonObject().put("id", q.id()).put("number", q.number()).put("text", q.shortText(l))
            .put("gap", g.gap()));
      }
      JsonArray parts = new JsonArray();
      for (Ranking.SkillPart p : s.skillParts()) {
        parts.add(new JsonObject().put("skill", p.skill().key()).put("name", context.pages().text(l, "needs.skill." + p.skill().key()))
            .put("averageGap", p.averageGap()));
      }
      rows.add(new JsonObject().put("rank", rank).put("id", s.topic().id()).put("name", s.topic().name(l))
          .put("score", s.score())
          .put("skills", new JsonArray(s.topic().skills().stream().map(k -> new JsonObject().put("key", k.key())
              .put("area", k.area().name()).put("name", context.pages().text(l, "needs.skill." + k.key()))).toList()))
          .put("survey", new JsonObject().put("mean", s.need() == null ? null : Math.round(s.need().mean() * 100) / 100.0)
              .put("ratings", s.need() == null ? 0 : s.need().ratings())
              .put("value", round3(s.surveyValue())).put("points", s.surveyPoints()))
          .put("audit", new JsonObject().put("questions", questions).put("value", round3(s.auditValue()))
              .put("points", s.auditPoints()))
          .put("skillGaps", new JsonObject().put("parts", parts).put("value", round3(s.skillValue()))
              .put("points", s.skillPoints())));
    }
    return new JsonObject().put("generatedAt", context.clock().instant().toString())
        .put("weights", new JsonObject().put("survey", w.survey()).put("audit", w.audit()).put("skills", w.skills()))
        .put("evidence", evidence).put("ranking", rows);
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
