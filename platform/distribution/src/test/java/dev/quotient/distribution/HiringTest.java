package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * RPAC hiring over real HTTP with the real plugin jar: a role with its ideal-candidate matrix; two
 * candidates scored by interviewers with evidence; the anchoring rule (nobody sees another score before
 * submitting their own); the comparison's means, spreads, gaps and weighted totals computed by hand;
 * who may see and do what; bad input refused with the field named and nothing stored; and the hire,
 * which asks the platform for the account and publishes candidate.hired once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiringTest {

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static final Map<String, String> tokens = new HashMap<>();
  private static final List<Events.CandidateHired> hired = new CopyOnWriteArrayList<>();
  private static String roleId;
  private static String anna;
  private static String jan;

  /** Role fit counts twice; the ideal total is (2*4 + 4 + 3 + 5) / 5 = 4. */
  private static final JsonObject AREAS = new JsonObject()
      .put("roleFit", area("Has sold B2B software to SMEs", 4, 2))
      .put("provenAchievement", area("Beat quota two years running", 4, 1))
      .put("acumen", area("Asks sharp discovery questions", 3, 1))
      .put("cultureFit", area("Owns results, gives feedback", 5, 1));

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(data);
    platform.node().vertx().eventBus().<Events.CandidateHired>consumer(Catalogue.CANDIDATE_HIRED.address(),
        m -> hired.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void aLeaderDefinesARoleWithItsMatrixAndBadInputStoresNothing() {
    JsonObject body = new JsonObject().put("name", "Account Executive")
        .put("description", "**Hunt** new logos in the SME segment.").put("areas", AREAS);
    assertEquals(403, post("rep1", "/api/hiring/roles", body).statusCode(), "reps see nothing of hiring");
    assertEquals(403, post("mentor1", "/api/hiring/roles", body).statusCode(), "interviewers do not manage roles");

    JsonObject heavy = body.copy().put("areas", AREAS.copy().put("acumen", area("x", 3, 1).put("weight", "heavy")));
    assertProblem(post("leader", "/api/hiring/roles", heavy), 400, "areas.acumen.weight");
    JsonObject tooHigh = body.copy().put("areas", AREAS.copy().put("roleFit", area("x", 7, 1)));
    assertProblem(post("leader", "/api/hiring/roles", tooHigh), 400, "areas.roleFit.ideal");
    JsonObject noWeight = body.copy().put("areas", new JsonObject().put("roleFit", area("x", 4, 0))
        .put("provenAchievement", area("x", 4, 0)).put("acumen", area("x", 4, 0)).put("cultureFit", area("x", 4, 0)));
    assertProblem(post("leader", "/api/hiring/roles", noWeight), 400, "areas");
    assertEquals(400, post("leader", "/api/hiring/roles", body.copy().put("description", "<script>alert(1)</script>"))
        .statusCode(), "unsafe Markdown is refused, not silently cut");
    assertEquals(0, ok(get("leader", "/api/hiring/roles"), 200).getJsonArray("roles").size(), "nothing was stored");

    JsonObject role = ok(post("leader", "/api/hiring/roles", body), 201);
    roleId = role.getString("id");
    assertTrue(role.getString("descriptionHtml").contains("<strong>Hunt</strong>"), role.encode());
    JsonObject acumen = role.getJsonArray("areas").getJsonObject(2);
    assertEquals("acumen", acumen.getString("area"));
    assertEquals(3, acumen.getInteger("ideal"));
    assertEquals(1.0, acumen.getDouble("weight"));
    assertEquals(200, get("admin", "/api/hiring/roles/" + roleId).statusCode(), "admins manage roles too");
    assertProblem(put("leader", "/api/hiring/roles/" + roleId, new JsonObject().put("areas",
        new JsonObject().put("cultureFit", area("x", 5, 1).put("weight", "lots")))), 400, "areas.cultureFit.weight");
    HttpResponse<String> formRefused = form("/hiring/roles/" + roleId, "name=Account+Executive&roleFit.weight=heavy");
    assertEquals(400, formRefused.statusCode());
    assertTrue(formRefused.body().contains("roleFit.weight"), "the page names the field");
    assertEquals(1.0, ok(get("leader", "/api/hiring/roles/" + roleId), 200).getJsonArray("areas").getJsonObject(3)
        .getDouble("weight"), "a refused update changes nothing");
    assertEquals(2.0, ok(get("leader", "/api/hiring/roles/" + roleId), 200).getJsonArray("areas").getJsonObject(0)
        .getDouble("weight"));
  }

  @Test
  @Order(2)
  void candidatesGetInterviewersWhoSeeOnlyTheirOwnCandidates() {
    assertProblem(post("leader", "/api/hiring/roles/" + roleId + "/candidates", candidate("Anna Nowak", "not-an-email")),
        400, "email");
    assertEquals(404, post("leader", "/api/hiring/roles/nosuchrole/candidates", candidate("X", "x@example.com"))
        .statusCode(), "unknown role");
    anna = ok(post("leader", "/api/hiring/roles/" + roleId + "/candidates",
        candidate("Anna Nowak", "anna.nowak@example.com")), 201).getString("id");
    jan = ok(post("leader", "/api/hiring/roles/" + roleId + "/candidates",
        candidate("Jan Lis", "jan.lis@example.com")), 201).getString("id");

    assertProblem(put("leader", "/api/hiring/candidates/" + anna + "/interviewers",
        new JsonObject().put("interviewerIds", new JsonArray().add(id("mentor1")).add(id("rep1")))), 400, "interviewerIds[1]");
    assertTrue(ok(get("leader", "/api/hiring/candidates/" + anna), 200).getJsonArray("interviewerIds").isEmpty(),
        "a refused assignment assigns nobody");
    assignInterviewers(anna, "mentor1", "mentor2");
    assignInterviewers(jan, "mentor2", "leader");

    JsonArray mine = ok(get("mentor1", "/api/hiring/candidates"), 200).getJsonArray("candidates");
    assertEquals(1, mine.size());
    assertEquals(anna, mine.getJsonObject(0).getString("id"));
    assertEquals(404, get("mentor1", "/api/hiring/candidates/" + jan).statusCode(), "not their candidate");
    assertEquals(403, get("rep1", "/api/hiring/candidates").statusCode());
    assertEquals(403, get("rep1", "/api/hiring/candidates/" + anna).statusCode());
    assertEquals(403, get("mentor1", "/api/hiring/roles/" + roleId + "/comparison").statusCode());
    assertEquals(2, ok(get("admin", "/api/hiring/candidates?roleId=" + roleId), 200).getJsonArray("candidates").size());
  }

  @Test
  @Order(3)
  void scorecardsNeedEvidenceAndStayHiddenUntilTheInterviewerSubmitsTheirOwn() {
    assertProblem(put("mentor1", card(anna), scorecard(6, 3, 4, 4)), 400, "roleFit.score");
    assertProblem(put("mentor1", card(anna), scorecard(5, 3, 4, 4).put("acumen", new JsonObject().put("score", 4)
        .put("evidence", "   "))), 400, "acumen.evidence");
    assertProblem(put("mentor1", card(anna), scorecard(5, 3, 4, 4).put("cultureFit", new JsonObject()
        .put("score", "four").put("evidence", "ok"))), 400, "cultureFit.score");
    assertEquals(0, ok(get("leader", "/api/hiring/candidates/" + anna + "/history"), 200).getJsonArray("submissions").size(),
        "nothing was stored");
    assertEquals(403, put("leader", card(anna), scorecard(5, 5, 5, 5)).statusCode(), "only assigned interviewers score");
    assertEquals(404, put("mentor1", card(jan), scorecard(5, 5, 5, 5)).statusCode());

    ok(put("mentor1", card(anna), scorecard(4, 3, 4, 4)), 200);
    JsonObject replaced = ok(put("mentor1", card(anna), scorecard(5, 3, 4, 4)), 200);
    assertEquals(2, replaced.getInteger("revision"), "resubmitting replaces the interviewer's own scorecard");

    JsonObject before = ok(get("mentor2", "/api/hiring/candidates/" + anna), 200);
    assertTrue(before.getJsonArray("scorecards").isEmpty(), "mentor2 sees no score before submitting: " + before.encode());
    assertEquals(1, before.getInteger("othersHidden"));
    String page = ok200Page("/hiring/candidates/" + anna, "mentor2");
    assertFalse(page.contains("evidence from mentor1"), "nor on the page");
    assertTrue(page.contains("id=\"scorecard-form\""));

    ok(put("mentor2", card(anna), scorecard(3, 4, 4, 3)), 200);
    JsonObject after = ok(get("mentor2", "/api/hiring/candidates/" + anna), 200);
    assertEquals(2, after.getJsonArray("scorecards").size(), "after submitting, everyone's scores are visible");
    assertEquals(0, after.getInteger("othersHidden"));
    assertTrue(ok200Page("/hiring/candidates/" + anna, "mentor2").contains("roleFit evidence from mentor1"));

    ok(put("mentor2", card(jan), scorecard(2, 2, 2, 2)), 200);
    JsonObject history = ok(get("leader", "/api/hiring/candidates/" + anna + "/history"), 200);
    assertEquals(3, history.getJsonArray("submissions").size(), "every version is kept");
    assertEquals(4, history.getJsonArray("submissions").getJsonObject(0).getJsonObject("scores")
        .getJsonObject("roleFit").getInteger("score"), "the first version of mentor1's scorecard");
  }

  @Test
  @Order(4)
  void theComparisonShowsMeansSpreadsGapsAndWeightedTotals() {
    JsonObject cmp = ok(get("leader", "/api/hiring/roles/" + roleId + "/comparison"), 200);
    assertEquals(4.0, cmp.getDouble("idealTotal"));
    JsonObject a = row(cmp, anna);
    JsonObject roleFit = a.getJsonObject("areas").getJsonObject("roleFit");
    // mentor1 5/3/4/4, mentor2 3/4/4/3
    assertEquals(4.0, roleFit.getDouble("mean"));
    assertEquals(2, roleFit.getInteger("spread"));
    assertFalse(roleFit.getBoolean("belowIdeal"));
    assertEquals(3.5, a.getJsonObject("areas").getJsonObject("provenAchievement").getDouble("mean"));
    assertTrue(a.getJsonObject("areas").getJsonObject("provenAchievement").getBoolean("belowIdeal"));
    assertEquals(-1.5, a.getJsonObject("areas").getJsonObject("cultureFit").getDouble("gap"));
    assertEquals(1.0, a.getJsonObject("areas").getJsonObject("acumen").getDouble("gap"));
    assertEquals(3.8, a.getDouble("weightedTotal"), "(2*4 + 3.5 + 4 + 3.5) / 5");
    assertEquals(91.5, a.getDouble("fit"), "(2*4/4 + 3.5/4 + 3/3 + 3.5/5) / 5");
    JsonObject j = row(cmp, jan);
    assertTrue(j.getBoolean("hidden"), "the leader interviews Jan and has not scored him: no anchoring by the comparison");
    assertNull(j.getJsonObject("areas"));

    JsonObject asAdmin = ok(get("admin", "/api/hiring/roles/" + roleId + "/comparison"), 200);
    JsonObject jAdmin = row(asAdmin, jan);
    assertFalse(jAdmin.getBoolean("hidden"));
    assertEquals(2.0, jAdmin.getDouble("weightedTotal"));
    assertEquals(51.33, jAdmin.getDouble("fit"), "(2*2/4 + 2/4 + 2/3 + 2/5) / 5");
    assertEquals(0, jAdmin.getJsonObject("areas").getJsonObject("acumen").getInteger("spread"));

    String page = ok200Page("/hiring/roles/" + roleId + "/comparison", "admin");
    assertTrue(page.contains("<svg"), "the chart is drawn on the server");
    assertTrue(page.contains("<title>Anna Nowak: Dopasowanie do roli 4.00</title>"), "each bar says what it is, in Polish");
    assertFalse(page.contains("style="), "no inline style (CSP)");
    assertFalse(page.contains("<script"), "no script");
    assertTrue(page.contains("data-gap=\"true\""), "gaps against the ideal are highlighted");
    assertTrue(page.contains("luka"), "and named in words, not colour alone");
    for (String path : List.of("/hiring", "/hiring/roles/" + roleId, "/hiring/candidates/" + anna)) {
      String html = ok200Page(path, "leader");
      assertFalse(html.contains("style="), path);
      assertTrue(html.contains("lang=\"pl\""), path);
    }
    assertTrue(ok200Page("/hiring", "mentor1").contains("/hiring/candidates/" + anna), "the interviewer's own list");
    assertEquals(403, page("/hiring", "rep1").statusCode());
  }

  @Test
  @Order(5)
  void anotherOrganisationSeesNothing() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation globex = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Hiring",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of("respect")));
    store.createUser(new User(AccountStore.newId(), globex.id(), "gina@globex-hiring.example", "Gina Leader",
        Set.of(Role.LEADER), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    tokens.put("gina", platform.token("gina@globex-hiring.example"));
    assertEquals(404, get("gina", "/api/hiring/roles/" + roleId).statusCode());
    assertEquals(404, get("gina", "/api/hiring/roles/" + roleId + "/comparison").statusCode());
    assertEquals(404, get("gina", "/api/hiring/candidates/" + anna).statusCode());
    assertEquals(404, post("gina", "/api/hiring/candidates/" + anna + "/hire", new JsonObject().put("teamId", "x")).statusCode());
    assertEquals(404, post("gina", "/api/hiring/roles/" + roleId + "/candidates", candidate("Z", "z@example.com")).statusCode());
    assertTrue(ok(get("gina", "/api/hiring/roles"), 200).getJsonArray("roles").isEmpty());
  }

  @Test
  @Order(6)
  void refusedHiresChangeNothing() {
    assertProblem(put("leader", "/api/hiring/candidates/" + anna + "/stage", new JsonObject().put("stage", "hired")),
        400, "stage");
    assertProblem(post("leader", "/api/hiring/candidates/" + anna + "/hire", new JsonObject().put("teamId", "nosuchteam")),
        400, "teamId");
    ok(put("leader", "/api/hiring/candidates/" + jan + "/stage", new JsonObject().put("stage", "rejected")), 200);
    assertEquals(409, post("leader", "/api/hiring/candidates/" + jan + "/hire", new JsonObject().put("teamId", team("Hunters")))
        .statusCode(), "a rejected candidate is not hired");
    assertEquals(403, post("mentor1", "/api/hiring/candidates/" + anna + "/hire", new JsonObject().put("teamId", team("Hunters")))
        .statusCode(), "interviewers do not hire");
    JsonObject a = ok(get("leader", "/api/hiring/candidates/" + anna), 200);
    assertEquals("applied", a.getString("stage"));
    assertNull(a.getString("userId"));
    assertTrue(users("anna.nowak@example.com").isEmpty());
    assertTrue(hired.isEmpty());
  }

  @Test
  @Order(7)
  void hiringCreatesTheRepOncePublishesTheScorecardAndReportsARefusal() {
    JsonObject done = ok(post("leader", "/api/hiring/candidates/" + anna + "/hire", new JsonObject().put("teamId", team("Hunters"))), 200);
    assertEquals("hired", done.getString("stage"));
    String userId = done.getString("userId");
    assertNotNull(userId);
    User rep = users("anna.nowak@example.com").get(0);
    assertEquals(userId, rep.id());
    assertEquals(Set.of(Role.REP), rep.roles());
    assertEquals(team("Hunters"), rep.teamId());

    await(() -> !hired.isEmpty());
    Events.CandidateHired e = hired.get(0);
    assertEquals(anna, e.candidateId());
    assertEquals(userId, e.userId());
    assertEquals("Account Executive", e.roleName());
    assertEquals(4.0, e.roleFit());
    assertEquals(3.5, e.provenAchievement());
    assertEquals(4.0, e.acumen());
    assertEquals(3.5, e.cultureFit());
    assertEquals(8, e.evidence().size(), "four areas from each of two interviewers");
    assertTrue(e.evidence().contains("roleFit 5/5: roleFit evidence from mentor1"), e.evidence().toString());

    assertEquals(409, post("leader", "/api/hiring/candidates/" + anna + "/hire", new JsonObject().put("teamId", team("Hunters")))
        .statusCode(), "hiring twice is refused");
    assertEquals(1, users("anna.nowak@example.com").size(), "and creates no second account");
    assertEquals(409, put("mentor1", card(anna), scorecard(1, 1, 1, 1)).statusCode(), "scorecards close with the hire");

    // The platform refuses an email already in use: the candidate is not hired and the leader reads why.
    String taken = ok(post("leader", "/api/hiring/roles/" + roleId + "/candidates",
        candidate("Robert Again", "rep1@acme.example")), 201).getString("id");
    assertEquals(409, post("leader", "/api/hiring/candidates/" + taken + "/hire", new JsonObject().put("teamId", team("Farmers")))
        .statusCode(), "nobody scored them yet");
    assignInterviewers(taken, "mentor1");
    ok(put("mentor1", card(taken), scorecard(3, 3, 3, 3)), 200);
    HttpResponse<String> refused = post("leader", "/api/hiring/candidates/" + taken + "/hire",
        new JsonObject().put("teamId", team("Farmers")));
    assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, refused.statusCode() + " " + refused.body());
    assertTrue(refused.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    String reason = new JsonObject(refused.body()).getString("detail", "");
    assertTrue(reason.contains("rep1@acme.example") && !reason.contains("{0}"), "the reason is readable: " + reason);
    HttpResponse<String> refusedPage = form("/hiring/candidates/" + taken + "/hire", "teamId=" + team("Farmers"));
    assertTrue(refusedPage.statusCode() >= 400 && refusedPage.statusCode() < 500, refusedPage.body());
    assertTrue(refusedPage.body().contains("<html") && refusedPage.body().contains("rep1@acme.example"),
        "the form's answer is a readable page with the reason");
    JsonObject still = ok(get("leader", "/api/hiring/candidates/" + taken), 200);
    assertEquals("applied", still.getString("stage"));
    assertNull(still.getString("userId"));
    ok(put("leader", "/api/hiring/candidates/" + taken + "/stage", new JsonObject().put("stage", "offer")), 200);
    assertEquals(1, hired.size(), "candidate.hired only for the hire that happened");
  }

  @Test
  @Order(8)
  void twoHiresAtOnceCreateOneAccount() throws Exception {
    String ola = ok(post("leader", "/api/hiring/roles/" + roleId + "/candidates",
        candidate("Ola Wrona", "ola.wrona@example.com")), 201).getString("id");
    assignInterviewers(ola, "mentor2");
    ok(put("mentor2", card(ola), scorecard(4, 4, 4, 4)), 200);
    String body = new JsonObject().put("teamId", team("Farmers")).encode();
    var first = platform.client().sendAsync(platform.jsonRequest("POST", "/api/hiring/candidates/" + ola + "/hire",
        token("leader"), body), HttpResponse.BodyHandlers.ofString());
    var second = platform.client().sendAsync(platform.jsonRequest("POST", "/api/hiring/candidates/" + ola + "/hire",
        token("admin"), body), HttpResponse.BodyHandlers.ofString());
    List<Integer> statuses = new java.util.ArrayList<>(List.of(first.get(30, TimeUnit.SECONDS).statusCode(),
        second.get(30, TimeUnit.SECONDS).statusCode()));
    java.util.Collections.sort(statuses);
    assertEquals(List.of(200, 409), statuses, "one hire wins, the other is told it is in progress or done");
    assertEquals(1, users("ola.wrona@example.com").size());
    await(() -> hired.size() == 2);
    assertEquals("hired", ok(get("leader", "/api/hiring/candidates/" + ola), 200).getString("stage"));
  }

  // --- helpers ---

  private static JsonObject area(String criteria, int ideal, double weight) {
    return new JsonObject().put("criteria", criteria).put("ideal", ideal).put("weight", weight);
  }

  private static JsonObject candidate(String name, String email) {
    return new JsonObject().put("name", name).put("email", email).put("source", "referral");
  }

  /** Scores with evidence naming the area and the interviewer, filled in by {@link #put}. */
  private static JsonObject scorecard(int roleFit, int proven, int acumen, int culture) {
    return new JsonObject().put("roleFit", score(roleFit)).put("provenAchievement", score(proven))
        .put("acumen", score(acumen)).put("cultureFit", score(culture));
  }

  private static JsonObject score(int s) {
    return new JsonObject().put("score", s);
  }

  private static String card(String candidateId) {
    return "/api/hiring/candidates/" + candidateId + "/scorecard";
  }

  private static void assignInterviewers(String candidateId, String... who) {
    JsonArray ids = new JsonArray();
    for (String w : who) {
      ids.add(id(w));
    }
    ok(put("leader", "/api/hiring/candidates/" + candidateId + "/interviewers", new JsonObject().put("interviewerIds", ids)), 200);
  }

  private static JsonObject row(JsonObject cmp, String candidateId) {
    return cmp.getJsonArray("candidates").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(candidateId)).findFirst().orElseThrow();
  }

  private static String team(String name) {
    AccountStore store = new AccountStore(platform.node().database());
    String orgId = store.organisationByName("Acme Sales").orElseThrow().id();
    return store.teams(orgId).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().id();
  }

  private static List<User> users(String email) {
    AccountStore store = new AccountStore(platform.node().database());
    String orgId = store.organisationByName("Acme Sales").orElseThrow().id();
    return store.users(orgId).stream().filter(u -> u.email().equalsIgnoreCase(email)).toList();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String field) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"), r.body());
    assertTrue(new JsonObject(r.body()).getString("detail").contains(field), "the problem names " + field + ": " + r.body());
  }

  private static HttpResponse<String> get(String who, String path) {
    return platform.get(path, token(who));
  }

  private static HttpResponse<String> post(String who, String path, JsonObject body) {
    return platform.json("POST", path, token(who), body.encode());
  }

  /** PUT; a scorecard's areas without evidence get one naming the area and the interviewer. */
  private static HttpResponse<String> put(String who, String path, JsonObject body) {
    if (path.endsWith("/scorecard")) {
      body.forEach(e -> {
        JsonObject area = (JsonObject) e.getValue();
        if (!area.containsKey("evidence")) {
          area.put("evidence", e.getKey() + " evidence from " + who);
        }
      });
    }
    return platform.json("PUT", path, token(who), body.encode());
  }

  private static String ok200Page(String path, String who) {
    HttpResponse<String> r = page(path, who);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  private static HttpResponse<String> page(String path, String who) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token(who))
        .header("Accept", "text/html").GET().build());
  }

  /** A leader's form post, as a browser sends it. */
  private static HttpResponse<String> form(String path, String body) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token("leader"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static String token(String who) {
    return tokens.computeIfAbsent(who, w -> platform.token(w + "@acme.example"));
  }

  private static String id(String who) {
    return new AccountStore(platform.node().database()).userByEmail(who + "@acme.example").orElseThrow().id();
  }

  private static void await(java.util.function.BooleanSupplier done) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out");
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
