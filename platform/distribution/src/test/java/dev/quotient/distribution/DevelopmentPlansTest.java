package dev.quotient.distribution;

import static dev.quotient.distribution.RecognitionFixtures.eventually;
import static dev.quotient.distribution.RecognitionFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles, development plans and PIPs end to end on the real server with the real plugin jars:
 * evidence from {@code module.completed}, plan drafting from the profile, the versioned acceptance
 * flow with {@code plan.accepted}, who sees what, bad input refused with nothing changed, PIP
 * visibility and its audit trail, {@code skills.gaps} and {@code candidate.hired}.
 */
class DevelopmentPlansTest {

  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

  @TempDir
  static Path data;
  private static TestPlatform platform;
  /** Real time, moved weeks ahead inside the PIP's flow and back after it. */
  private static final dev.quotient.testkit.ShiftedClock CLOCK = new dev.quotient.testkit.ShiftedClock();
  private static Map<String, String> ids;
  private static String orgId;
  private static String leader;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    ids = RecognitionFixtures.userIds(platform, leader);
    orgId = platform.node().database().collection("users").find(new Document("_id", ids.get("rep1@acme.example")))
        .first().getString("orgId");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static String id(String who) {
    return ids.get(who + "@acme.example");
  }

  private static HttpResponse<String> json(String method, String path, String token, JsonObject body) {
    return platform.json(method, path, token, body == null ? null : body.encode());
  }

  private static void completed(String userId, String moduleId, double score, boolean passed, String... skills) {
    platform.node().vertx().eventBus().publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId,
        userId, moduleId, 1, score, passed, List.of(skills), Instant.now()));
  }

  private static JsonObject skill(JsonObject profile, String key) {
    return profile.getJsonArray("skills").stream().map(JsonObject.class::cast)
        .filter(s -> key.equals(s.getString("skill"))).findFirst().orElseThrow();
  }

  private static final java.util.regex.Pattern RAW_KEY = java.util.regex.Pattern.compile("development\\.[a-zA-Z-]+\\.[a-z]");

  /** A page's HTML as the holder of the token sees it. */
  private static String teamOf(String userId, String leader) {
    return new JsonArray(platform.get("/api/users", leader).body()).stream().map(JsonObject.class::cast)
        .filter(u -> userId.equals(u.getString("id"))).findFirst().orElseThrow().getString("teamId");
  }

  private static String page(String path, String token) {
    return page(path, token, "en");
  }

  private static String page(String path, String token, String lang) {
    HttpResponse<String> r = platform.send(platform.request(path).header("Authorization", "Bearer " + token)
        .header("Accept", "text/html").header("Accept-Language", lang).GET().build());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }

  /** Asserts a 4xx problem document whose type and detail name what is wrong. */
  private static void problem(HttpResponse<String> r, int status, String key, String field) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject p = new JsonObject(r.body());
    assertEquals("urn:quotient:problem:" + key, p.getString("type"), r.body());
    if (field != null) {
      assertTrue(p.getString("detail").contains(field), "the problem names " + field + ": " + r.body());
    }
  }

  @Test
  void aPlanIsDraftedFromTheProfileAcceptedByVersionAndSeenOnlyByItsPeople() throws Exception {
    String rep1 = platform.token("rep1@acme.example");
    String rep2 = platform.token("rep2@acme.example");
    String mentor1 = platform.token("mentor1@acme.example");
    String mentor2 = platform.token("mentor2@acme.example");
    String r1 = id("rep1");

    // Quiz evidence arrives as module.completed; a module someone else passed becomes known.
    completed(r1, "follow-up-cadence", 50, true, "BQ:execution");
    completed(id("rep2"), "empathy-and-assertiveness", 90, true, "EQ:empathy", "EQ:assertiveness");
    eventually(() -> new JsonObject(platform.get("/api/development/profiles/" + r1, leader).body())
        .getJsonArray("skills").stream().map(JsonObject.class::cast)
        .anyMatch(s -> "execution".equals(s.getString("skill")) && !s.getJsonArray("evidence").isEmpty()), "quiz evidence");

    // KPI evidence: one deal won and four lost in the last 90 days, a win rate of 20%.
    JsonArray deals = new JsonArray();
    for (int i = 0; i < 5; i++) {
      deals.add(new JsonObject().put("id", "dev-deal-" + i).put("userId", r1).put("kind", i == 0 ? "won" : "lost")
          .put("occurredAt", Instant.now().minus(java.time.Duration.ofDays(10 + i)).toString()).put("opportunityId", "opp-" + i)
          .put("value", i == 0 ? 1000.0 : 0.0));
    }
    ok(json("POST", "/api/activities/batch", leader, new JsonObject().put("activities", deals)), 201);
    JsonObject withKpis = ok(platform.get("/api/development/profiles/" + r1, leader), 200);
    assertEquals(0.2, withKpis.getJsonObject("kpis").getDouble("win-rate"), withKpis.encode());
    JsonObject productEvidence = skill(withKpis, "product-knowledge");
    assertEquals(3.0, productEvidence.getDouble("kpi"), "win rate 20% of the 40% yardstick: " + productEvidence);
    assertEquals("win-rate", productEvidence.getJsonArray("evidence").getJsonObject(0).getString("what"));

    // Bad assessment: refused naming the field, nothing changed.
    problem(json("PUT", "/api/development/profiles/" + r1, leader, new JsonObject()
        .put("assessment", new JsonObject().put("execution", new JsonObject().put("score", "abc")))),
        400, "development.error.number", "assessment.execution.score");
    problem(json("PUT", "/api/development/profiles/" + r1, leader, new JsonObject()
        .put("assessment", new JsonObject().put("execution", new JsonObject().put("score", 7)))),
        400, "development.error.score", "assessment.execution.score");
    assertEquals(0, ok(platform.get("/api/development/profiles/" + r1, leader), 200).getInteger("revision"));

    JsonObject assessment = new JsonObject()
        .put("execution", new JsonObject().put("score", 2).put("note", "Gives up after one call."))
        .put("empathy", new JsonObject().put("score", 2).put("note", "Talks over the client."))
        .put("product-knowledge", new JsonObject().put("score", 3).put("note", "Knows the core product."))
        .put("readiness", new JsonObject().put("score", 5).put("note", "Always prepared."));
    JsonObject profile = ok(json("PUT", "/api/development/profiles/" + r1, leader,
        new JsonObject().put("revision", 0).put("assessment", assessment)), 200);
    assertEquals(1, profile.getInteger("revision"));
    JsonObject execution = skill(profile, "execution");
    assertEquals(2.3, execution.getDouble("score"), "leader 2 (0.4) and quiz 50% = 3 (0.2): " + execution);
    assertEquals(1.7, execution.getDouble("gap"));
    assertTrue(execution.getBoolean("highlighted"));
    assertEquals("Gives up after one call.", execution.getJsonObject("leader").getString("note"));
    assertEquals("follow-up-cadence", execution.getJsonArray("evidence").getJsonObject(0).getString("what"));
    assertNull(skill(profile, "mindset").getDouble("score"), "nothing known: unscored");
    problem(json("PUT", "/api/development/profiles/" + r1, leader,
        new JsonObject().put("revision", 0).put("assessment", assessment)), 409, "development.error.stale", "revision");

    // The rep assesses themselves; never someone else; other reps do not see the profile.
    ok(json("PUT", "/api/development/profiles/" + r1, rep1, new JsonObject().put("self", new JsonObject().put("execution", 4))), 200);
    assertEquals(404, json("PUT", "/api/development/profiles/" + id("rep2"), rep1,
        new JsonObject().put("self", new JsonObject().put("execution", 4))).statusCode());
    assertEquals(404, platform.get("/api/development/profiles/" + r1, rep2).statusCode());

    // The leader starts a plan: drafted from the profile's largest gaps.
    String team = teamOf(r1, leader);
    assertFalse(page("/development/team?team=" + team, leader).contains("/development/plans/"), "no plan yet");
    assertEquals(403, json("POST", "/api/development/plans", rep1, new JsonObject().put("userId", r1)).statusCode());
    JsonObject plan = ok(json("POST", "/api/development/plans", leader, new JsonObject().put("userId", r1)), 201);
    String planId = plan.getString("id");
    // the dashboard viewed a moment ago keeps the organisation's plans: this node's write shows at once
    assertTrue(page("/development/team?team=" + team, leader).contains("/development/plans/" + planId),
        "the team dashboard lists the new plan");
    assertEquals("draft", plan.getString("status"));
    JsonArray goals = plan.getJsonObject("content").getJsonArray("goals");
    // empathy: leader 2 -> gap 2; execution: leader 2, quiz 3, self 4 -> 2.6, gap 1.4; product knowledge: gap 1.
    assertEquals(List.of("empathy", "execution", "product-knowledge"),
        goals.stream().map(g -> ((JsonObject) g).getString("skill")).toList(), "the three largest gaps, largest first");
    assertEquals("five-follow-up-share", goals.getJsonObject(0).getString("kpi"));
    assertEquals("follow-ups-per-lead", goals.getJsonObject(1).getString("kpi"));
    assertTrue(goals.getJsonObject(0).getDouble("target") > 0, "a predicted result");
    LocalDate today = LocalDate.now(WARSAW);
    assertEquals(today.plusDays(90).toString(), goals.getJsonObject(0).getString("due"));
    // From the curriculum (modules.find, by Polish title as each covers one gap skill), follow-up-cadence passed.
    assertEquals(List.of("empathy-and-assertiveness", "pipeline-and-win-rate", "lead-response",
        "product-and-industry-knowledge"), plan.getJsonObject("content").getJsonArray("modules").stream()
        .map(m -> ((JsonObject) m).getString("moduleId")).toList(), "modules of the gap skills not yet passed");
    String mentorStatus = plan.getJsonObject("content").getJsonObject("mentor").getString("status");
    assertTrue(List.of("unavailable", "suggested", "none").contains(mentorStatus), mentorStatus);

    // Predicted vs actual: the win-rate goal starts from the 90-day baseline; a deal won today lifts the actual.
    JsonObject product = goals.getJsonObject(2);
    assertEquals("win-rate", product.getString("kpi"));
    assertEquals(0.2, product.getDouble("baseline"));
    assertEquals(0.25, product.getDouble("target"), "baseline + max(20%, 5 points)");
    assertEquals(0.2, product.getDouble("actual"));
    assertFalse(product.getBoolean("met"));
    ok(json("POST", "/api/activities/batch", leader, new JsonObject().put("activities", new JsonArray().add(new JsonObject()
        .put("id", "dev-deal-today").put("userId", r1).put("kind", "won").put("occurredAt", Instant.now().toString())
        .put("opportunityId", "opp-today").put("value", 1000.0)))), 201);
    JsonObject progressed = ok(platform.get("/api/development/plans/" + planId, leader), 200).getJsonObject("content")
        .getJsonArray("goals").getJsonObject(2);
    assertEquals(0.33, progressed.getDouble("actual"), progressed.encode());
    assertTrue(progressed.getBoolean("met"), "2 of 6 beats the predicted 25%");

    // Nobody but leaders sees a draft.
    assertEquals(404, platform.get("/api/development/plans/" + planId, rep1).statusCode());

    // Bad edits: refused naming the field, nothing changed.
    int revision = plan.getInteger("revision");
    JsonObject goal0 = goals.getJsonObject(0).copy();
    problem(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("goals",
        new JsonArray().add(goal0.copy().put("target", "lots")))), 400, "development.error.number", "goals[0].target");
    problem(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("goals",
        new JsonArray().add(goal0.copy().put("due", today.plusYears(3).toString())))), 400,
        "development.error.dateOutside", "goals[0].due");
    problem(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("milestones",
        new JsonArray().add(new JsonObject().put("date", today.minusDays(1).toString()).put("title", "Before")))), 400,
        "development.error.dateOutside", "milestones[0].date");
    problem(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("mentorId", id("rep2"))), 400,
        "development.error.mentor", "mentorId");
    assertEquals(revision, ok(platform.get("/api/development/plans/" + planId, leader), 200).getInteger("revision"));

    // The leader chooses the mentor, adds a book and sends version 1.
    JsonObject edited = ok(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("revision", revision)
        .put("mentorId", id("mentor1")).put("resources", new JsonArray().add("The Challenger Sale"))), 200);
    problem(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("revision", revision)
        .put("resources", new JsonArray())), 409, "development.error.stale", "revision");
    JsonObject sent = ok(json("POST", "/api/development/plans/" + planId + "/send", leader,
        new JsonObject().put("revision", edited.getInteger("revision"))), 200);
    assertEquals("sent", sent.getString("status"));
    assertEquals(1, sent.getInteger("version"));

    // The rep, the plan's mentor and leaders see it; another rep and another mentor do not.
    assertEquals(200, platform.get("/api/development/plans/" + planId, rep1).statusCode());
    assertEquals(200, platform.get("/api/development/plans/" + planId, mentor1).statusCode());
    assertEquals(404, platform.get("/api/development/plans/" + planId, mentor2).statusCode());
    assertTrue(page("/development", mentor1).contains("/development/plans/" + planId), "the mentor finds the plan on the hub");
    assertFalse(page("/development", mentor2).contains("/development/plans/" + planId));
    assertEquals(404, platform.get("/api/development/plans/" + planId, rep2).statusCode());
    assertEquals(404, json("POST", "/api/development/plans/" + planId + "/accept", rep2,
        new JsonObject().put("version", 1)).statusCode());
    problem(json("POST", "/api/development/plans/" + planId + "/accept", leader, new JsonObject().put("version", 1)), 403,
        "development.error.plan.notYours", null);
    problem(json("POST", "/api/development/plans/" + planId + "/accept", mentor1, new JsonObject().put("version", 1)), 403,
        "development.error.plan.notYours", null);

    // The rep sends version 1 back with a comment; the leader changes it and sends version 2.
    JsonObject returned = ok(json("POST", "/api/development/plans/" + planId + "/return", rep1,
        new JsonObject().put("version", 1).put("comment", "Two goals are enough for me.")), 200);
    assertEquals("returned", returned.getString("status"));
    JsonArray twoGoals = new JsonArray().add(goals.getJsonObject(0)).add(goals.getJsonObject(1));
    JsonObject v2 = ok(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("goals", twoGoals)), 200);
    v2 = ok(json("POST", "/api/development/plans/" + planId + "/send", leader, new JsonObject().put("revision",
        v2.getInteger("revision"))), 200);
    assertEquals(2, v2.getInteger("version"));

    // Accepting a version that is no longer waiting is a conflict; the waiting one is accepted and published.
    List<Events.PlanAccepted> published = new CopyOnWriteArrayList<>();
    MessageConsumer<Events.PlanAccepted> consumer = platform.node().vertx().eventBus()
        .consumer(Catalogue.PLAN_ACCEPTED.address(), m -> published.add(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    problem(json("POST", "/api/development/plans/" + planId + "/accept", rep1, new JsonObject().put("version", 1)), 409,
        "development.error.stale", "version");
    Instant before = Instant.now();
    JsonObject accepted = ok(json("POST", "/api/development/plans/" + planId + "/accept", rep1,
        new JsonObject().put("version", 2)), 200);
    assertEquals("accepted", accepted.getString("status"));
    assertEquals(2, accepted.getInteger("acceptedVersion"));
    assertFalse(Instant.parse(accepted.getString("acceptedAt")).isBefore(before.minusSeconds(1)), "buy-in time recorded");
    eventually(() -> !published.isEmpty(), "plan.accepted published");
    assertEquals(planId, published.get(0).planId());
    assertEquals(2, published.get(0).version());
    consumer.unregister();
    JsonObject assignment = accepted.getJsonArray("assignments").getJsonObject(0);
    assertEquals("empathy-and-assertiveness", assignment.getString("moduleId"));
    assertEquals("assigned", assignment.getString("status"), "assigned through module.assign: " + assignment);
    assertEquals(today.plusDays(30).toString(), assignment.getString("due"));

    // Versions are immutable: version 1 still has three goals, version 2 two; the comment is kept.
    JsonArray versions = accepted.getJsonArray("versions");
    assertEquals(3, versions.getJsonObject(0).getJsonObject("content").getJsonArray("goals").size());
    assertEquals(2, versions.getJsonObject(1).getJsonObject("content").getJsonArray("goals").size());
    assertNull(versions.getJsonObject(0).getString("acceptedAt"));
    assertNotNull(versions.getJsonObject(1).getString("acceptedAt"));
    // the page says so too: version 1 was sent back, never accepted (it had borrowed the plan's acceptance)
    java.util.regex.Matcher rows = java.util.regex.Pattern.compile("<li>Version (\\d) sent by[^<]*<time[^>]*>[^<]*</time>"
        + "( · accepted)?").matcher(page("/development/plans/" + planId, rep1, "en"));
    Map<String, Boolean> acceptedOnPage = new java.util.HashMap<>();
    while (rows.find()) {
      acceptedOnPage.put(rows.group(1), rows.group(2) != null);
    }
    assertEquals(Map.of("1", false, "2", true), acceptedOnPage);
    assertEquals("Two goals are enough for me.", accepted.getJsonArray("comments").getJsonObject(0).getString("text"));

    // An accepted plan is not edited in place; a change starts version 3, which needs acceptance again.
    problem(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("resources",
        new JsonArray().add("Another book"))), 409, "development.error.plan.accepted", "newVersion");
    JsonObject revising = ok(json("PUT", "/api/development/plans/" + planId, leader, new JsonObject().put("newVersion", true)
        .put("resources", new JsonArray().add("Another book"))), 200);
    assertEquals("draft", revising.getString("status"));
    assertEquals(2, revising.getInteger("acceptedVersion"), "the accepted version stays on record");
    JsonObject v3 = ok(json("POST", "/api/development/plans/" + planId + "/send", leader, null), 200);
    assertEquals(3, v3.getInteger("version"));
    assertEquals("sent", v3.getString("status"));
    JsonObject repView = ok(platform.get("/api/development/plans/" + planId, rep1), 200);
    assertEquals("Another book", repView.getJsonObject("content").getJsonArray("resources").getString(0));

    // The export is a self-describing JSON document.
    JsonObject export = ok(platform.get("/api/development/plans/" + planId + "/export", rep1), 200);
    assertEquals("quotient.development-plan/1", export.getString("format"));
    assertEquals("Robert Nowak", export.getJsonObject("rep").getString("name"));
    assertEquals("Europe/Warsaw", export.getString("zone"));
    assertEquals(2, export.getJsonArray("goals").size());
    assertTrue(export.getJsonArray("goals").getJsonObject(0).containsKey("actual"), "predicted vs actual");
    assertEquals(3, export.getJsonArray("versions").size());
    assertEquals("Marta Mentor", export.getJsonObject("mentor").getString("name"));
    assertEquals(404, platform.get("/api/development/plans/" + planId + "/export", rep2).statusCode());

    // The printable page is server-rendered and links the plugin's print stylesheet.
    HttpResponse<String> css = platform.get("/development/development.css", leader);
    assertEquals(200, css.statusCode());
    assertTrue(css.body().contains("@media print"));

    // Every page is translated (the demo organisation speaks Polish; the leader asks for English here too).
    for (String path : List.of("/development", "/development/plans/" + planId, "/development/profile/" + r1,
        "/development/pips/new?userId=" + r1, "/development/plans?userId=" + r1)) {
      for (String lang : List.of("pl", "en")) {
        String html = page(path, leader, lang);
        assertFalse(RAW_KEY.matcher(html).find(), path + " (" + lang + ") shows a message key: " + html);
      }
    }
    assertTrue(page("/development/plans/" + planId, rep1, "pl").contains("Plan rozwoju"));

    // skills.gaps: the organisation's mean gap per sub-skill from the profiles.
    Commands.SkillGaps gaps = platform.node().vertx().eventBus().<Commands.SkillGaps>request(Catalogue.SKILL_GAPS.address(),
        new Commands.SkillGapsQuery(orgId)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    Commands.SkillGap executionGap = gaps.gaps().stream().filter(g -> g.skill().equals("execution")).findFirst().orElseThrow();
    assertEquals("BQ", executionGap.area());
    assertTrue(executionGap.repsAssessed() >= 1 && executionGap.averageGap() > 0, executionGap.toString());
    assertEquals(8, gaps.gaps().size());
  }

  @Test
  void aHireGetsASeededProfileAndOneDraftPlan() {
    String rep5 = id("rep5");
    Events.CandidateHired hired = new Events.CandidateHired(orgId, "cand-1", rep5, "role-ae", "Account executive",
        4.0, 3.0, 2.0, 5.0, List.of("Strong references"), id("leader"), Instant.now());
    platform.node().vertx().eventBus().publish(Catalogue.CANDIDATE_HIRED.address(), hired);
    platform.node().vertx().eventBus().publish(Catalogue.CANDIDATE_HIRED.address(), hired);
    eventually(() -> new JsonObject(platform.get("/api/development/plans?userId=" + rep5, leader).body())
        .getJsonArray("plans").size() == 1, "a draft plan for the hire");
    JsonObject profile = ok(platform.get("/api/development/profiles/" + rep5, leader), 200);
    assertEquals(2.0, skill(profile, "product-knowledge").getDouble("hire"), "acumen -> IQ");
    assertEquals(5.0, skill(profile, "empathy").getDouble("hire"), "culture fit -> EQ");
    assertEquals(4.0, skill(profile, "readiness").getDouble("hire"), "role fit -> readiness");
    assertEquals(3.0, skill(profile, "execution").getDouble("hire"), "proven achievement -> execution");
    assertEquals(2.0, skill(profile, "product-knowledge").getDouble("gap"), "target 4 - 2");
    JsonObject plan = new JsonObject(platform.get("/api/development/plans?userId=" + rep5, leader).body())
        .getJsonArray("plans").getJsonObject(0);
    JsonObject full = ok(platform.get("/api/development/plans/" + plan.getString("id"), leader), 200);
    assertEquals("product-knowledge", full.getJsonObject("content").getJsonArray("goals").getJsonObject(0).getString("skill"));
    assertEquals(1, new JsonObject(platform.get("/api/development/plans?userId=" + rep5, leader).body())
        .getJsonArray("plans").size(), "one plan however often the event arrives");
  }

  @Test
  void aPlanIsSentOnlyWithOneTargetPerKpiAGoalAndSomethingToDo() {
    JsonObject plan = ok(json("POST", "/api/development/plans", leader, new JsonObject().put("userId", id("rep4"))), 201);
    String path = "/api/development/plans/" + plan.getString("id");
    JsonObject goal = new JsonObject().put("skill", "execution").put("kpi", "win-rate").put("target", 0.3)
        .put("due", LocalDate.now(WARSAW).plusDays(30).toString());
    JsonObject module = new JsonObject().put("moduleId", "follow-up-cadence")
        .put("due", LocalDate.now(WARSAW).plusDays(20).toString());

    // two targets for one KPI: refused naming the second, nothing changed
    int revision = plan.getInteger("revision");
    problem(json("PUT", path, leader, new JsonObject().put("goals", new JsonArray().add(goal)
        .add(goal.copy().put("skill", "empathy").put("target", 0.4)))), 400, "development.error.kpiTwice", "goals[1].kpi");
    assertEquals(revision, ok(platform.get(path, leader), 200).getInteger("revision"));

    // no goal: a draft may be like that, but it is not sent
    JsonObject empty = ok(json("PUT", path, leader, new JsonObject().put("goals", new JsonArray())
        .put("modules", new JsonArray()).put("resources", new JsonArray())), 200);
    problem(json("POST", path + "/send", leader, new JsonObject().put("revision", empty.getInteger("revision"))), 400,
        "development.error.plan.noGoals", "goals");
    // a goal and nothing to do for it: not sent either
    JsonObject goalOnly = ok(json("PUT", path, leader, new JsonObject().put("goals", new JsonArray().add(goal))), 200);
    problem(json("POST", path + "/send", leader, new JsonObject().put("revision", goalOnly.getInteger("revision"))), 400,
        "development.error.plan.nothingToDo", "modules");
    assertEquals("draft", ok(platform.get(path, leader), 200).getString("status"));

    JsonObject complete = ok(json("PUT", path, leader, new JsonObject().put("modules", new JsonArray().add(module))), 200);
    JsonObject sent = ok(json("POST", path + "/send", leader, new JsonObject().put("revision",
        complete.getInteger("revision"))), 200);
    assertEquals("sent", sent.getString("status"));
  }

  @Test
  void aPipIsSeenOnlyByItsRepAndLeadersAndEveryChangeIsAudited() {
    String rep3 = platform.token("rep3@acme.example");
    String rep4 = platform.token("rep4@acme.example");
    String mentor1 = platform.token("mentor1@acme.example");
    String r3 = id("rep3");
    LocalDate today = LocalDate.now(WARSAW);
    JsonObject support = new JsonObject().put("modules", new JsonArray().add("follow-up-cadence"))
        .put("mentorId", id("mentor1")).put("coaching", "Weekly 30-minute call review");

    problem(json("POST", "/api/development/pips", leader, new JsonObject().put("userId", r3)
        .put("targets", new JsonArray().add(new JsonObject().put("kpi", "win-rate").put("target", "high")))
        .put("support", support)), 400, "development.error.number", "targets[0].target");
    problem(json("POST", "/api/development/pips", leader, new JsonObject().put("userId", r3)
        .put("targets", new JsonArray().add(new JsonObject().put("kpi", "karma").put("target", 1)))), 400,
        "development.error.kpi", "targets[0].kpi");
    problem(json("POST", "/api/development/pips", leader, new JsonObject().put("userId", r3)
        .put("targets", new JsonArray().add(new JsonObject().put("kpi", "win-rate").put("target", 0.3))
            .add(new JsonObject().put("kpi", "win-rate").put("target", 0.4)))
        .put("support", support)), 400, "development.error.kpiTwice", "targets[1].kpi");
    assertEquals(0, new JsonObject(platform.get("/api/development/pips?userId=" + r3, leader).body())
        .getJsonArray("pips").size(), "nothing stored");
    assertEquals(403, json("POST", "/api/development/pips", rep4, new JsonObject().put("userId", r3)).statusCode());

    String team = teamOf(r3, leader);
    assertFalse(page("/development/team?team=" + team, leader).contains("/development/pips/"), "no PIP yet");
    JsonObject pip = ok(json("POST", "/api/development/pips", leader, new JsonObject().put("userId", r3)
        .put("targets", new JsonArray().add(new JsonObject().put("kpi", "follow-ups-per-lead").put("target", 5))
            .add(new JsonObject().put("kpi", "response-within-5-share").put("target", 0.5)))
        .put("support", support)), 201);
    String pipId = pip.getString("id");
    assertEquals("proposed", pip.getString("status"));
    assertTrue(page("/development/team?team=" + team, leader).contains("/development/pips/" + pipId),
        "the team dashboard lists the proposed PIP at once");
    assertEquals(today.plusDays(30).toString(), pip.getString("endsOn"));
    assertEquals(List.of(today.plusDays(7), today.plusDays(14), today.plusDays(21), today.plusDays(28)).stream()
        .map(LocalDate::toString).toList(), pip.getJsonArray("checkIns").stream()
        .map(c -> ((JsonObject) c).getString("date")).toList(), "four weekly check-ins");
    assertEquals(id("leader"), pip.getJsonObject("signatures").getJsonObject("leader").getString("by"));
    assertNull(pip.getJsonObject("signatures").getJsonObject("rep"));

    // Only the rep, leaders and admins: a mentor (even the PIP's own) and other reps get 404.
    assertEquals(200, platform.get("/api/development/pips/" + pipId, rep3).statusCode());
    assertEquals(200, platform.get("/api/development/pips/" + pipId, platform.token("admin@acme.example")).statusCode());
    assertEquals(404, platform.get("/api/development/pips/" + pipId, rep4).statusCode());
    assertEquals(404, platform.get("/api/development/pips/" + pipId, mentor1).statusCode());
    assertEquals(404, platform.get("/development/pips/" + pipId, mentor1).statusCode());
    assertEquals(0, new JsonObject(platform.get("/api/development/pips?userId=" + r3, mentor1).body())
        .getJsonArray("pips").size());
    assertEquals(404, json("POST", "/api/development/pips/" + pipId + "/sign", rep4, null).statusCode());
    problem(json("POST", "/api/development/pips/" + pipId + "/sign", leader, null), 403, "development.error.pip.notYours", null);

    // The rep writes their commitments (only the rep); they show on the page and in the history
    assertEquals(403, json("POST", "/api/development/pips/" + pipId + "/commitments", leader,
        new JsonObject().put("commitments", new JsonArray().add("Not mine"))).statusCode());
    problem(json("POST", "/api/development/pips/" + pipId + "/commitments", rep3,
        new JsonObject().put("commitments", new JsonArray().add(""))), 400, "error.request.invalid", "commitments");
    ok(json("POST", "/api/development/pips/" + pipId + "/commitments", rep3, new JsonObject().put("commitments",
        new JsonArray().add("Call every new lead within five minutes").add("Five follow-ups after each meeting"))), 200);
    // The rep signs; check-ins only on scheduled dates; the outcome extends once only.
    JsonObject signed = ok(json("POST", "/api/development/pips/" + pipId + "/sign", rep3, null), 200);
    assertEquals("active", signed.getString("status"));
    assertNotNull(signed.getJsonObject("signatures").getJsonObject("rep").getString("at"));
    assertTrue(page("/development/team?team=" + team, leader).contains("/development/pips/" + pipId),
        "the team dashboard lists the running PIP");
    // no mentorship yet: the dashboard does not claim every one had a recent check-in
    assertEquals(0, new JsonObject(platform.get("/api/mentoring/pairs?scope=organisation", leader).body())
        .getJsonArray("pairs").size());
    String dashboard = page("/development/team?team=" + team, leader, "en");
    assertTrue(dashboard.contains("No mentorships in the team yet."), dashboard);
    assertFalse(dashboard.contains("Every mentorship had a recent check-in"), dashboard);
    problem(json("POST", "/api/development/pips/" + pipId + "/checkins", rep3, new JsonObject()
        .put("date", today.plusDays(3).toString()).put("note", "x")), 400, "development.error.pip.checkInDate", "date");
    problem(json("POST", "/api/development/pips/" + pipId + "/checkins", rep3, new JsonObject()
        .put("revision", 1).put("date", today.plusDays(7).toString()).put("note", "x")), 409, "development.error.stale", "revision");
    // a check-in records a conversation that took place: not before its day
    problem(json("POST", "/api/development/pips/" + pipId + "/checkins", rep3, new JsonObject()
        .put("date", today.plusDays(7).toString()).put("note", "Written ahead")), 400,
        "development.error.pip.checkInFuture", "date");
    // a PIP is not met on its first day
    problem(json("POST", "/api/development/pips/" + pipId + "/outcome", leader, new JsonObject()
        .put("outcome", "met")), 409, "development.error.pip.tooEarly", "outcome");
    try {
      CLOCK.shift(java.time.Duration.ofDays(7));
      pipWeeksLater(rep3, pipId, today);
    } finally {
      CLOCK.shift(java.time.Duration.ZERO);
    }
  }

  /** The PIP from its first week's check-in to its end: the clock is a week ahead, then 44 days. */
  private static void pipWeeksLater(String rep3, String pipId, LocalDate today) {
    ok(json("POST", "/api/development/pips/" + pipId + "/checkins", rep3, new JsonObject()
        .put("date", today.plusDays(7).toString()).put("note", "Five follow-ups on every new lead this week.")), 200);
    problem(json("POST", "/api/development/pips/" + pipId + "/outcome", leader, new JsonObject()
        .put("outcome", "extended").put("days", 45)), 400, "development.error.pip.days", "days");
    JsonObject extended = ok(json("POST", "/api/development/pips/" + pipId + "/outcome", leader, new JsonObject()
        .put("outcome", "extended").put("days", 14)), 200);
    assertEquals(today.plusDays(44).toString(), extended.getString("endsOn"));
    assertEquals(6, extended.getJsonArray("checkIns").size(), "weekly check-ins over the extension too");
    problem(json("POST", "/api/development/pips/" + pipId + "/outcome", leader, new JsonObject()
        .put("outcome", "extended").put("days", 7)), 409, "development.error.pip.extendedTwice", "outcome");
    problem(json("POST", "/api/development/pips/" + pipId + "/outcome", leader, new JsonObject()
        .put("outcome", "met")), 409, "development.error.pip.tooEarly", today.plusDays(44).toString());
    CLOCK.shift(java.time.Duration.ofDays(44));
    JsonObject met = ok(json("POST", "/api/development/pips/" + pipId + "/outcome", leader, new JsonObject()
        .put("outcome", "met").put("note", "Targets reached.")), 200);
    assertEquals("met", met.getString("status"));

    // The audit trail holds every change, each with who, when, before and after; refusals left no trace.
    JsonArray audit = met.getJsonArray("audit");
    assertEquals(List.of("created", "commitments", "signed", "check-in", "extended", "met"),
        audit.stream().map(a -> ((JsonObject) a).getString("action")).toList());
    for (Object o : audit) {
      JsonObject a = (JsonObject) o;
      assertNotNull(a.getString("by"));
      assertNotNull(Instant.parse(a.getString("at")));
      assertTrue(a.containsKey("before") && a.containsKey("after"), a.encode());
    }
    assertEquals(id("rep3"), audit.getJsonObject(2).getString("by"));
    assertEquals("proposed", audit.getJsonObject(2).getJsonObject("before").getString("status"));
    assertEquals("active", audit.getJsonObject(2).getJsonObject("after").getString("status"));
    assertEquals(today.plusDays(30).toString(), audit.getJsonObject(4).getJsonObject("before").getString("endsOn"));
    assertEquals(today.plusDays(44).toString(), audit.getJsonObject(4).getJsonObject("after").getString("endsOn"));
    assertEquals(met.getInteger("revision"), audit.size(), "one revision per audited change");

    // The page shows the trail to the rep.
    HttpResponse<String> page = platform.send(platform.request("/development/pips/" + pipId)
        .header("Authorization", "Bearer " + rep3).header("Accept", "text/html").header("Accept-Language", "en").GET().build());
    assertEquals(200, page.statusCode());
    org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(page.body());
    // the change history reads as a timeline: names, dates and KPI names, no stored JSON, ids or epoch times
    org.jsoup.select.Elements timeline = html.select("ol.dev-timeline > li");
    assertEquals(6, timeline.size());
    String history = timeline.text();
    assertFalse(history.contains("{") || history.contains(id("rep3")) || history.contains(pipId), history);
    assertFalse(java.util.regex.Pattern.compile("\\d{12,}").matcher(history).find(), "epoch milliseconds: " + history);
    assertTrue(history.contains("Follow-ups per lead") && history.contains("Five follow-ups on every new lead"), history);
    assertTrue(timeline.get(4).text().contains("End moved from"), timeline.get(4).text());
    assertTrue(timeline.get(1).text().contains("Five follow-ups after each meeting"), timeline.get(1).text());
    // the rep's commitments, and each target with the KPI's value so far
    assertEquals(2, html.select("#commitments li").size());
    assertEquals(1, html.select("tr[data-kpi=follow-ups-per-lead] td.current").size(), "the current value beside the target");
    assertFalse(RAW_KEY.matcher(page.body()).find(), page.body());
    assertFalse(RAW_KEY.matcher(page("/development/pips/" + pipId, leader, "pl")).find());
  }
}
