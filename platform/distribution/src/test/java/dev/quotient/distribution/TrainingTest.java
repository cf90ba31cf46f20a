package dev.quotient.distribution;

import static dev.quotient.distribution.TrainingFixtures.allRight;
import static dev.quotient.distribution.TrainingFixtures.allWrong;
import static dev.quotient.distribution.TrainingFixtures.answer;
import static dev.quotient.distribution.TrainingFixtures.answers;
import static dev.quotient.distribution.TrainingFixtures.ok;
import static dev.quotient.distribution.TrainingFixtures.startAttempt;
import static dev.quotient.distribution.TrainingFixtures.submit;
import static dev.quotient.distribution.TrainingFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training plugin over real HTTP against one node with the real plugin jar, the fixture
 * curriculum and a clock the test moves: quiz scoring, idempotent submits, closed quizzes, unknown
 * ids, assignments and overdue views, reinforcement, the completion event, the editor and access.
 * Each test uses its own demo users, so their order does not matter.
 */
class TrainingTest {

  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

  @TempDir
  static Path data;
  @TempDir
  static Path curriculum;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static final List<Events.ModuleCompleted> completed = new CopyOnWriteArrayList<>();
  private static MessageConsumer<Events.ModuleCompleted> listener;

  @BeforeAll
  static void start() {
    TrainingFixtures.copyCurriculum(curriculum);
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString()), CLOCK);
    leader = platform.token("leader@acme.example");
    listener = platform.node().vertx().eventBus().consumer(Catalogue.MODULE_COMPLETED.address(),
        m -> completed.add(m.body()));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theQuizNeverShipsItsAnswers() {
    String rep = platform.token("rep1@acme.example");
    HttpResponse<String> module = platform.get("/api/training/modules/follow-up", rep);
    JsonObject m = ok(module, 200);
    assertEquals(5, m.getJsonObject("quiz").getJsonArray("questions").size());
    assertEquals(2, m.getJsonArray("lessons").size());
    assertTrue(m.getJsonArray("lessons").getJsonObject(0).getString("html").contains("<strong>"), m.encode());
    assertEquals("https://example.org/recordings/follow-up",
        m.getJsonArray("lessons").getJsonObject(1).getJsonObject("recording").getString("url"));
    HttpResponse<String> attempt = platform.json("POST", "/api/training/modules/follow-up/attempts", rep, null);
    for (String body : List.of(module.body(), attempt.body())) {
      assertFalse(body.contains("\"correct\""), body);
      assertFalse(body.contains("accept"), body);
      assertFalse(body.contains("eighteen") || body.contains("osiemna"), body);
      assertFalse(body.contains("feedback"), body);
    }
    HttpResponse<String> page = platform.send(platform.request("/api/training/modules/follow-up")
        .header("Authorization", "Bearer " + rep).header("Accept-Language", "en").GET().build());
    assertEquals("Follow up until the buyer answers", ok(page, 200).getString("title"));
  }

  @Test
  void scoresSingleMultipleAndShortAnswersOnTheServerWithFeedback() {
    String rep = platform.token("rep2@acme.example");
    String attempt = startAttempt(platform, rep, "follow-up");
    JsonObject a = ok(submit(platform, rep, attempt, answers(answer("q1", "b"), answer("q2", "a"),
        text("q3", "  EighTeen "), answer("q4", "b"), answer("q5", "a"))), 200);
    JsonObject result = a.getJsonObject("result");
    assertEquals(80, result.getInteger("score"));
    assertTrue(result.getBoolean("passed"), "80% meets a pass mark of 80");
    assertEquals(4, result.getInteger("correctCount"));
    List<Boolean> verdicts = result.getJsonArray("questions").stream()
        .map(q -> ((JsonObject) q).getBoolean("correct")).toList();
    assertEquals(List.of(true, false, true, true, true), verdicts, "a multiple choice is right only when complete");
    String feedback = result.getJsonArray("questions").getJsonObject(1).getString("feedback");
    assertTrue(feedback.equals("Phone and e-mail both work.") || feedback.equals("Działają telefon i e-mail."), feedback);
    assertEquals(0, result.getInteger("attemptsLeft"), "nothing left to try once passed");
  }

  @Test
  void failsBelowThePassMarkAndRefusesAttemptsBeyondTheLimit() {
    String rep = platform.token("rep3@acme.example");
    String first = startAttempt(platform, rep, "follow-up");
    assertEquals(first, startAttempt(platform, rep, "follow-up"), "starting again resumes the open attempt");
    JsonObject r1 = ok(submit(platform, rep, first, allWrong()), 200).getJsonObject("result");
    assertEquals(0, r1.getInteger("score"));
    assertFalse(r1.getBoolean("passed"));
    assertEquals(1, r1.getInteger("attemptsLeft"));

    String second = startAttempt(platform, rep, "follow-up");
    assertFalse(first.equals(second));
    JsonObject r2 = ok(submit(platform, rep, second, answers(answer("q1", "b"))), 200).getJsonObject("result");
    assertEquals(20, r2.getInteger("score"), "questions left out count as wrong");
    assertEquals(0, r2.getInteger("attemptsLeft"));

    HttpResponse<String> third = platform.json("POST", "/api/training/modules/follow-up/attempts", rep, null);
    assertEquals(409, third.statusCode(), third.body());
    assertTrue(third.body().contains("training.error.closed.attempts"), third.body());
    HttpResponse<String> other = submit(platform, rep, second, allRight());
    assertEquals(409, other.statusCode(), "other answers to a submitted attempt: " + other.body());
  }

  @Test
  void aDoubleSubmitReturnsTheSameResultStoresNothingNewAndPublishesOnce() throws Exception {
    String rep = platform.token("rep4@acme.example");
    String repId = TrainingFixtures.me(platform, rep).getString("id");
    String attempt = startAttempt(platform, rep, "cadence");
    List<CompletableFuture<HttpResponse<String>>> racing = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      racing.add(platform.client().sendAsync(
          platform.jsonRequest("POST", "/api/training/attempts/" + attempt + "/submit", rep, allRight()),
          HttpResponse.BodyHandlers.ofString()));
    }
    JsonObject a = ok(racing.get(0).get(), 200);
    for (CompletableFuture<HttpResponse<String>> other : racing) {
      assertEquals(a, ok(other.get(), 200), "every racing submit gets the one result");
    }
    JsonObject c = ok(submit(platform, rep, attempt, allRight()), 200);
    assertEquals(a, c);
    assertTrue(a.getJsonObject("result").getBoolean("passed"));

    JsonObject me = ok(platform.get("/api/training/me", rep), 200);
    assertEquals(1, me.getJsonArray("completed").size(), me.encode());
    assertEquals(3, me.getJsonArray("reinforcement").size(), "reinforcement scheduled once: " + me.encode());

    Thread.sleep(300);
    List<Events.ModuleCompleted> mine = completed.stream()
        .filter(e -> e.userId().equals(repId) && e.moduleId().equals("cadence")).toList();
    assertEquals(1, mine.size(), "published exactly once: " + mine);
    Events.ModuleCompleted event = mine.get(0);
    assertEquals(100.0, event.score());
    assertTrue(event.passed());
    assertEquals(1, event.moduleVersion());
    assertEquals(List.of("BQ:execution", "EQ:assertiveness"), event.skills());
    assertEquals(TrainingFixtures.me(platform, rep).getString("orgId"), event.orgId());

    HttpResponse<String> again = platform.json("POST", "/api/training/modules/cadence/attempts", rep, null);
    assertEquals(409, again.statusCode(), "a passed module's quiz is closed: " + again.body());
    assertTrue(again.body().contains("training.error.closed.passed"), again.body());
  }

  @Test
  void unknownModulesQuestionsOptionsAndAttemptsAreClientErrorsAndStoreNothing() {
    String rep = platform.token("rep5@acme.example");
    assertEquals(404, platform.get("/api/training/modules/no-such-module", rep).statusCode());
    assertEquals(404, platform.json("POST", "/api/training/modules/no-such-module/attempts", rep, null).statusCode());
    String attempt = startAttempt(platform, rep, "follow-up");
    for (String bad : List.of(answers(answer("zz", "a")), answers(answer("q1", "z")), answers(text("q1", "b")),
        answers(answer("q3", "a")), answers(answer("q1", "a", "b")), answers(answer("q1", "a"), answer("q1", "b")))) {
      HttpResponse<String> r = submit(platform, rep, attempt, bad);
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
    HttpResponse<String> unknownField = submit(platform, rep, attempt, "{\"answers\":[],\"score\":100}");
    assertEquals(400, unknownField.statusCode(), "a client-sent score is refused: " + unknownField.body());
    assertEquals("open", ok(platform.get("/api/training/attempts/" + attempt, rep), 200).getString("state"),
        "nothing was stored");
    assertEquals(404, submit(platform, rep, "no-such-attempt", allRight()).statusCode());
    HttpResponse<String> message = platform.send(platform.jsonRequest("POST",
        "/api/training/attempts/" + attempt + "/submit", rep, answers(answer("q1", "z"))));
    String detail = new JsonObject(message.body()).getString("detail");
    assertTrue(detail.contains("\"z\"") || detail.contains("„z”"), "the plugin's own message, translated: " + detail);
    assertTrue(detail.contains("q1"), detail);
  }

  @Test
  void assignmentsToARepAndATeamShowOverdueToTheRepTheirMentorAndTheLeader() throws Exception {
    JsonArray users = new JsonArray(platform.get("/api/users", leader).body());
    Map<String, String> ids = users.stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(u -> u.getString("email"), u -> u.getString("id")));
    String hunters = new JsonArray(platform.get("/api/teams", leader).body()).stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("name").equals("Hunters")).findFirst().orElseThrow().getString("id");
    LocalDate today = LocalDate.ofInstant(CLOCK.instant(), WARSAW);

    JsonObject toRep = ok(platform.json("POST", "/api/training/assignments", leader, new JsonObject()
        .put("moduleId", "cadence").put("userId", ids.get("rep6@acme.example")).put("due", today.minusDays(1).toString())
        .encode()), 201);
    assertEquals(1, toRep.getJsonArray("assignments").size());
    JsonObject toTeam = ok(platform.json("POST", "/api/training/assignments", platform.token("trainer@acme.example"),
        new JsonObject().put("moduleId", "follow-up").put("teamId", hunters).put("due", today.plusDays(10).toString())
            .encode()), 201);
    assertEquals(5, toTeam.getJsonArray("assignments").size(), "every Hunter: " + toTeam.encode());

    String rep6 = platform.token("rep6@acme.example");
    JsonObject mine = ok(platform.get("/api/training/me", rep6), 200);
    JsonObject assignment = mine.getJsonArray("assignments").getJsonObject(0);
    assertEquals("cadence", assignment.getString("moduleId"));
    assertEquals("overdue", assignment.getString("status"));
    assertEquals(0, assignment.getInteger("lessonsRead"));
    assertEquals("notStarted", assignment.getString("quiz"));
    ok(platform.json("POST", "/api/training/modules/cadence/lessons/why/read", rep6, null), 204);
    ok(platform.json("POST", "/api/training/modules/cadence/lessons/why/read", rep6, null), 204);
    assertEquals(1, ok(platform.get("/api/training/me", rep6), 200).getJsonArray("assignments").getJsonObject(0)
        .getInteger("lessonsRead"));
    String rep1 = platform.token("rep1@acme.example");
    assertEquals("open", ok(platform.get("/api/training/me", rep1), 200).getJsonArray("assignments").stream()
        .map(JsonObject.class::cast).filter(x -> x.getString("moduleId").equals("follow-up")).findFirst().orElseThrow()
        .getString("status"));

    JsonObject team = ok(platform.get("/api/training/assignments", leader), 200);
    assertTrue(team.getJsonArray("overdue").stream().map(JsonObject.class::cast)
        .anyMatch(x -> x.getString("userId").equals(ids.get("rep6@acme.example")) && x.getString("moduleId").equals("cadence")),
        team.encode());

    String orgId = TrainingFixtures.me(platform, leader).getString("orgId");
    platform.node().vertx().eventBus().publish(Catalogue.MENTOR_MATCHED.address(), new Events.MentorMatched(orgId,
        ids.get("mentor2@acme.example"), ids.get("rep6@acme.example"), 0.9, CLOCK.instant()));
    String mentor = platform.token("mentor2@acme.example");
    JsonObject mentees = null;
    for (int i = 0; i < 50; i++) {
      mentees = ok(platform.get("/api/training/mentees", mentor), 200);
      if (!mentees.getJsonArray("mentees").isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertNotNull(mentees);
    assertEquals(1, mentees.getJsonArray("mentees").size(), mentees.encode());
    JsonObject mentee = mentees.getJsonArray("mentees").getJsonObject(0);
    assertEquals("Katarzyna Lewandowska", mentee.getString("name"));
    assertEquals("cadence", mentee.getJsonArray("overdue").getJsonObject(0).getString("moduleId"));
    String menteesPage = page("/training/mentees", mentor).body();
    assertTrue(menteesPage.contains("Katarzyna Lewandowska") && menteesPage.contains("overdue"), menteesPage);
    String dashboard = page("/training/team", leader).body();
    String overdueSection = dashboard.substring(dashboard.indexOf("id=\"overdue-h\""), dashboard.indexOf("id=\"missed-h\""));
    assertTrue(overdueSection.contains("Katarzyna Lewandowska") && overdueSection.contains("Keep a sales cadence"),
        overdueSection);
    String repPage = page("/training", rep6).body();
    assertTrue(repPage.contains("status-overdue"), repPage);
    assertTrue(ok(platform.get("/api/training/mentees", platform.token("mentor1@acme.example")), 200)
        .getJsonArray("mentees").isEmpty(), "only the matched mentor sees the mentee");

    HttpResponse<String> badTarget = platform.json("POST", "/api/training/assignments", leader, new JsonObject()
        .put("moduleId", "cadence").put("userId", "0123456789abcdef01234567").put("due", today.toString()).encode());
    assertEquals(404, badTarget.statusCode(), badTarget.body());
  }

  @Test
  void reinforcementFallsDueAfterTwoSevenAndThirtyDaysAndIsMissedAfterTheGracePeriod() {
    String rep = platform.token("rep7@acme.example");
    String attempt = startAttempt(platform, rep, "follow-up");
    JsonObject passed = ok(submit(platform, rep, attempt, allRight()), 200);
    Instant completedAt = Instant.parse(passed.getString("submittedAt"));
    List<JsonObject> list = reinforcement(rep);
    assertEquals(List.of(2, 7, 30), list.stream().map(r -> r.getInteger("days")).toList());
    for (JsonObject r : list) {
      assertEquals(completedAt.plus(Duration.ofDays(r.getInteger("days"))).toString(), r.getString("dueAt"));
      assertEquals("upcoming", r.getString("status"));
    }
    String two = list.get(0).getString("id");
    HttpResponse<String> early = platform.json("POST", "/api/training/reinforcement/" + two + "/submit", rep, allRight());
    assertEquals(409, early.statusCode(), early.body());

    CLOCK.set(completedAt.plus(Duration.ofDays(2)).plusSeconds(60));
    assertEquals(List.of("due", "upcoming", "upcoming"), statuses(rep));
    JsonObject quiz = ok(platform.get("/api/training/reinforcement/" + two, rep), 200);
    assertEquals(List.of("q1", "q2", "q3"), quiz.getJsonArray("questions").stream()
        .map(q -> ((JsonObject) q).getString("id")).toList());
    assertFalse(quiz.encode().contains("\"correct\""), quiz.encode());
    JsonObject done = ok(platform.json("POST", "/api/training/reinforcement/" + two + "/submit", rep,
        answers(answer("q1", "b"), answer("q2", "a", "b"), text("q3", "18"))), 200);
    assertEquals(100, done.getJsonObject("result").getInteger("score"));

    CLOCK.set(completedAt.plus(Duration.ofDays(7 + 3)).minusSeconds(60));
    assertEquals(List.of("done", "due", "upcoming"), statuses(rep), "still inside the three-day grace period");
    CLOCK.set(completedAt.plus(Duration.ofDays(7 + 3)).plusSeconds(60));
    assertEquals(List.of("done", "missed", "upcoming"), statuses(rep));
    String repId = TrainingFixtures.me(platform, rep).getString("id");
    JsonObject team = ok(platform.get("/api/training/assignments", leader), 200);
    assertTrue(team.getJsonArray("missedReinforcement").stream().map(JsonObject.class::cast)
        .anyMatch(r -> r.getString("userId").equals(repId) && r.getInteger("days") == 7), team.encode());
    CLOCK.set(completedAt.plus(Duration.ofDays(30)).plusSeconds(60));
    assertEquals(List.of("done", "missed", "due"), statuses(rep));
  }

  @Test
  void theEditorRefusesUnsafeMarkdownStoresNothingAndVersionsEveryEdit() {
    String trainer = platform.token("trainer@acme.example");
    int before = ok(platform.get("/api/training/modules", trainer), 200).getJsonArray("modules").size();
    JsonObject unsafe = module("<script>alert(1)</script> Call back.");
    HttpResponse<String> refused = platform.json("POST", "/api/training/modules", trainer, unsafe.encode());
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("script"), refused.body());
    assertEquals(before, ok(platform.get("/api/training/modules", trainer), 200).getJsonArray("modules").size(),
        "nothing stored");

    JsonObject created = ok(platform.json("POST", "/api/training/modules", trainer, module("Call **back**.").encode()), 201);
    String id = created.getString("id");
    assertEquals(1, created.getInteger("version"));
    JsonObject edited = ok(platform.json("PUT", "/api/training/modules/" + id, trainer,
        module("Call back **twice**.").put("minutes", 12).encode()), 200);
    assertEquals(2, edited.getInteger("version"));
    HttpResponse<String> unsafeEdit = platform.json("PUT", "/api/training/modules/" + id, trainer,
        module("<iframe src=\"https://evil.example\"></iframe>").encode());
    assertEquals(400, unsafeEdit.statusCode(), unsafeEdit.body());
    JsonObject seen = ok(platform.get("/api/training/modules/" + id, platform.token("rep8@acme.example")), 200);
    assertEquals(2, seen.getInteger("version"));
    assertEquals(12, seen.getInteger("minutes"));
    assertTrue(seen.getJsonArray("lessons").getJsonObject(0).getString("html").contains("<strong>twice</strong>"));
    assertEquals(409, platform.json("PUT", "/api/training/modules/follow-up", trainer, module("x").encode()).statusCode(),
        "the shared curriculum is not edited here");
  }

  @Test
  void repsCannotAssignOrEditAndOtherOrganisationsSeeNothing() {
    String rep = platform.token("rep8@acme.example");
    assertEquals(403, platform.json("POST", "/api/training/assignments", rep, new JsonObject().put("moduleId", "cadence")
        .put("teamId", "0123456789abcdef01234567").put("due", "2026-12-01").encode()).statusCode());
    assertEquals(403, platform.json("POST", "/api/training/modules", rep, module("x").encode()).statusCode());
    assertEquals(403, platform.get("/api/training/assignments", rep).statusCode());
    assertEquals(403, platform.get("/api/training/mentees", rep).statusCode());
    assertEquals(403, platform.get("/training/editor", rep).statusCode() == 403 ? 403 : -1);

    String trainer = platform.token("trainer@acme.example");
    String own = ok(platform.json("POST", "/api/training/modules", trainer, module("Acme only.").encode()), 201)
        .getString("id");
    String attempt = startAttempt(platform, rep, own);

    AccountStore store = new AccountStore(platform.node().database());
    Organisation globex = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Training",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of()));
    User gina = store.createUser(new User(AccountStore.newId(), globex.id(), "trainer@globex-training.example",
        "Gina Trainer", Set.of(Role.TRAINER, Role.LEADER, Role.REP), null, null,
        Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    String other = platform.token("trainer@globex-training.example");
    assertEquals(404, platform.json("POST", "/api/training/assignments", leader, new JsonObject().put("moduleId", "cadence")
        .put("userId", gina.id()).put("due", "2026-12-01").encode()).statusCode(), "nobody of another organisation");
    assertEquals(404, platform.get("/api/training/modules/" + own, other).statusCode());
    assertEquals(404, platform.json("POST", "/api/training/modules/" + own + "/attempts", other, null).statusCode());
    assertEquals(404, platform.json("PUT", "/api/training/modules/" + own, other, module("mine now").encode()).statusCode());
    assertEquals(404, platform.get("/api/training/attempts/" + attempt, other).statusCode());
    assertEquals(404, submit(platform, other, attempt, allRight()).statusCode());
    assertEquals(404, platform.get("/api/training/attempts/" + attempt, platform.token("rep1@acme.example")).statusCode(),
        "another rep of the same organisation");
    assertFalse(platform.get("/api/training/modules", other).body().contains(own));
    JsonObject theirs = ok(platform.get("/api/training/assignments", other), 200);
    assertTrue(theirs.getJsonArray("assignments").isEmpty(), theirs.encode());
    assertEquals(2, ok(platform.get("/api/training/modules", other), 200).getJsonArray("modules").size(),
        "the shared curriculum only");
  }

  @Test
  void everyTrainingPageRendersForTheRolesAllowedToSeeIt() {
    String mentor = platform.token("mentor1@acme.example");
    for (String path : List.of("/training", "/training/modules/follow-up", "/training/modules/follow-up/lessons/1",
        "/training/modules/follow-up/lessons/2", "/training/modules/follow-up/quiz", "/training/mentees")) {
      HttpResponse<String> r = page(path, mentor);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      assertTrue(r.body().contains("<h1>"), path);
    }
    assertEquals(404, page("/training/modules/follow-up/lessons/3", mentor).statusCode());
    HttpResponse<String> polish = platform.send(platform.request("/training").header("Authorization", "Bearer " + mentor)
        .header("Accept-Language", "pl").GET().build());
    assertTrue(polish.body().contains("Moje szkolenia") && polish.body().contains("Kontynuuj kontakt, aż kupujący odpowie"),
        polish.body());
    String quiz = page("/training/modules/follow-up/quiz", mentor).body();
    assertTrue(quiz.contains("<fieldset") && quiz.contains("<legend>"), quiz);
    assertFalse(quiz.contains("correct"), "the quiz page never ships the answers");
    String attempt = startAttempt(platform, mentor, "follow-up");
    ok(submit(platform, mentor, attempt, allRight()), 200);
    HttpResponse<String> result = page("/training/attempts/" + attempt, mentor);
    assertEquals(200, result.statusCode(), result.body());
    assertTrue(result.body().contains("100%"), result.body());
    HttpResponse<String> again = page("/training/modules/follow-up/quiz", mentor);
    assertEquals(303, again.statusCode(), "a passed quiz shows its result: " + again.body());
    assertEquals("/training/attempts/" + attempt, again.headers().firstValue("Location").orElse(null));
    String reinforcement = reinforcement(mentor).get(0).getString("id");
    assertEquals(200, page("/training/reinforcement/" + reinforcement, mentor).statusCode());
    assertEquals(403, page("/training/team", mentor).statusCode());
    String dashboard = page("/training/team", leader).body();
    assertTrue(dashboard.contains("<label for=\"as-due\">") && dashboard.contains("type=\"date\""), dashboard);
    String farmers = new JsonArray(platform.get("/api/teams", leader).body()).stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("name").equals("Farmers")).findFirst().orElseThrow().getString("id");
    HttpResponse<String> assigned = platform.send(platform.request("/training/team/assign")
        .header("Authorization", "Bearer " + leader).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("moduleId=follow-up&target=team%3A" + farmers
            + "&due=" + LocalDate.ofInstant(CLOCK.instant(), WARSAW).plusDays(14))).build());
    assertEquals(303, assigned.statusCode(), assigned.body());
    assertEquals("/training/team?assigned=1", assigned.headers().firstValue("Location").orElse(null));
    assertTrue(page("/training/team?assigned=1", leader).body().contains("The module is assigned."));
    assertTrue(ok(platform.get("/api/training/me", platform.token("rep5@acme.example")), 200).getJsonArray("assignments")
        .stream().map(JsonObject.class::cast).anyMatch(a -> a.getString("moduleId").equals("follow-up")),
        "a Farmer got the module through the form");
    String trainer = platform.token("trainer@acme.example");
    assertEquals(200, page("/training/editor", trainer).statusCode());
    String id = ok(platform.json("POST", "/api/training/modules", trainer, module("Plain.").encode()), 201).getString("id");
    HttpResponse<String> editor = page("/training/editor/" + id, trainer);
    assertEquals(200, editor.statusCode(), editor.body());
    assertTrue(editor.body().contains("passMark: 60"), "the module as YAML: " + editor.body());
  }

  @Test
  void theEditorPageShowsWhyUnsafeMarkdownWasRefusedAndStoresNothing() {
    String trainer = platform.token("trainer@acme.example");
    int before = ok(platform.get("/api/training/modules", trainer), 200).getJsonArray("modules").size();
    String yaml = dev.quotient.distribution.TrainingFixtures.yamlModule("<script>alert(1)</script>");
    HttpResponse<String> r = platform.send(platform.request("/training/editor")
        .header("Authorization", "Bearer " + trainer).header("Accept-Language", "en")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("yaml="
            + java.net.URLEncoder.encode(yaml, java.nio.charset.StandardCharsets.UTF_8))).build());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("editor-error") && r.body().contains("The module was not saved"), r.body());
    assertTrue(r.body().contains("&lt;script&gt;"), "the text is kept, escaped, for correcting");
    assertEquals(before, ok(platform.get("/api/training/modules", trainer), 200).getJsonArray("modules").size());
    HttpResponse<String> saved = platform.send(platform.request("/training/editor")
        .header("Authorization", "Bearer " + trainer)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("yaml="
            + java.net.URLEncoder.encode(dev.quotient.distribution.TrainingFixtures.yamlModule("Safe **text**."),
                java.nio.charset.StandardCharsets.UTF_8))).build());
    assertEquals(303, saved.statusCode(), saved.body());
    assertEquals(before + 1, ok(platform.get("/api/training/modules", trainer), 200).getJsonArray("modules").size());
  }

  @Test
  void theModulePageListsLibraryItemsForTheModuleThatTheRepMaySee() {
    String trainer = platform.token("trainer@acme.example");
    String rep = platform.token("rep3@acme.example");
    JsonObject tagged = new JsonObject().put("title", "Follow-up call planner").put("kind", "worksheet")
        .put("tags", new JsonArray().add("follow-up")).put("audience", new JsonArray().add("rep")).put("published", true)
        .put("link", "https://example.org/planner");
    ok(platform.json("POST", "/api/materials", trainer, tagged.encode()), 201);
    ok(platform.json("POST", "/api/materials", trainer, tagged.copy().put("title", "Draft cadence sheet")
        .put("published", false).encode()), 201);
    ok(platform.json("POST", "/api/materials", trainer, tagged.copy().put("title", "Hiring scorecard")
        .put("tags", new JsonArray().add("hiring")).encode()), 201);

    HttpResponse<String> page = page("/training/modules/follow-up", rep);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Follow-up call planner"), "the item tagged with the module id is listed");
    assertFalse(page.body().contains("Draft cadence sheet"), "an unpublished item is not shown to a rep");
    assertFalse(page.body().contains("Hiring scorecard"), "an item for another topic and skill is not listed");
  }

  private static HttpResponse<String> page(String path, String token) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token)
        .header("Accept-Language", "en").GET().build());
  }

  @Test
  void aRepLockedOutOfAQuizShowsOnTheDashboardsUntilATrainerGrantsAnotherAttempt() {
    JsonObject me = TrainingFixtures.me(platform, platform.token("rep8@acme.example"));
    String rep8Id = me.getString("id");
    String rep = platform.token("rep8@acme.example");
    String trainer = platform.token("trainer@acme.example");
    LocalDate today = LocalDate.ofInstant(CLOCK.instant(), WARSAW);
    ok(platform.json("POST", "/api/training/assignments", leader, new JsonObject().put("moduleId", "cadence")
        .put("userId", rep8Id).put("due", today.plusDays(20).toString()).encode()), 201);
    String first = null;
    for (int i = 1; i <= 3; i++) {
      String attempt = startAttempt(platform, rep, "cadence");
      first = first == null ? attempt : first;
      JsonObject result = ok(submit(platform, rep, attempt, answers()), 200).getJsonObject("result");
      assertEquals(3 - i, result.getInteger("attemptsLeft"));
    }
    assertEquals(409, platform.json("POST", "/api/training/modules/cadence/attempts", rep, null).statusCode());

    // the leader sees the lock-out, not "open": on the training dashboard, its API and the team dashboard
    JsonObject team = ok(platform.get("/api/training/assignments", leader), 200);
    JsonObject assignment = team.getJsonArray("assignments").stream().map(JsonObject.class::cast)
        .filter(x -> rep8Id.equals(x.getString("userId")) && "cadence".equals(x.getString("moduleId")))
        .findFirst().orElseThrow();
    assertEquals("lockedOut", assignment.getString("status"), assignment.encode());
    assertTrue(team.getJsonArray("lockedOut").stream().map(JsonObject.class::cast)
        .anyMatch(x -> rep8Id.equals(x.getString("userId")) && x.getInteger("attemptsUsed") == 3), team.encode());
    String page = page("/training/team", leader).body();
    String locked = page.substring(page.indexOf("id=\"locked-out\""), page.indexOf("id=\"missed-h\""));
    assertTrue(locked.contains(me.getString("name")) && locked.contains("/training/team/grant"), locked);
    String teamId = new JsonArray(platform.get("/api/users", leader).body()).stream().map(JsonObject.class::cast)
        .filter(u -> rep8Id.equals(u.getString("id"))).findFirst().orElseThrow().getString("teamId");
    String dashboard = page("/development/team?team=" + teamId, leader).body();
    org.jsoup.nodes.Element lockedOut = org.jsoup.Jsoup.parse(dashboard).getElementById("locked-out-training");
    assertNotNull(lockedOut, "the development team dashboard lists reps locked out of a module");
    assertTrue(lockedOut.text().contains(me.getString("name")) && lockedOut.text().contains("cadence"), lockedOut.text());

    // only trainers and leaders grant, within bounds, to people of the organisation
    String grants = "/api/training/modules/cadence/grants";
    assertEquals(403, platform.json("POST", grants, rep, new JsonObject().put("userId", rep8Id).put("attempts", 1)
        .encode()).statusCode());
    HttpResponse<String> tooMany = platform.json("POST", grants, trainer, new JsonObject().put("userId", rep8Id)
        .put("attempts", 9).encode());
    assertEquals(400, tooMany.statusCode());
    assertTrue(tooMany.body().contains("attempts"), tooMany.body());
    assertEquals(404, platform.json("POST", grants, trainer, new JsonObject().put("userId", "0123456789abcdef01234567")
        .put("attempts", 1).encode()).statusCode());
    JsonObject granted = ok(platform.json("POST", grants, trainer, new JsonObject().put("userId", rep8Id)
        .put("attempts", 1).put("reason", "Missed the workshop").encode()), 201);
    assertEquals(4, granted.getInteger("attemptsAllowed"));
    assertEquals(1, granted.getInteger("attemptsLeft"));
    assertEquals("open", ok(platform.get("/api/training/assignments", leader), 200).getJsonArray("assignments").stream()
        .map(JsonObject.class::cast).filter(x -> rep8Id.equals(x.getString("userId")) && "cadence".equals(x.getString("moduleId")))
        .findFirst().orElseThrow().getString("status"), "no longer locked out");
    // the dashboard read the records a moment ago and keeps them briefly: the grant on this node shows at once
    org.jsoup.nodes.Element stillLocked = org.jsoup.Jsoup.parse(page("/development/team?team=" + teamId, leader).body())
        .getElementById("locked-out-training");
    assertTrue(stillLocked == null || !stillLocked.text().contains(me.getString("name")),
        "the team dashboard shows the grant at once: " + (stillLocked == null ? "" : stillLocked.text()));

    // the fourth attempt passes; the first failed attempt's result no longer offers attempts
    String fourth = startAttempt(platform, rep, "cadence");
    assertTrue(ok(submit(platform, rep, fourth, allRight()), 200).getJsonObject("result").getBoolean("passed"));
    JsonObject old = ok(platform.get("/api/training/attempts/" + first, rep), 200).getJsonObject("result");
    assertEquals(0, old.getInteger("attemptsLeft"), "a passed module leaves no attempts to take: " + old.encode());
    assertFalse(page("/training/attempts/" + first, rep).body().contains("/training/modules/cadence/quiz\""),
        "no retry is offered once the module is passed");
    assertEquals(409, platform.json("POST", grants, trainer, new JsonObject().put("userId", rep8Id).put("attempts", 1)
        .encode()).statusCode(), "nothing to grant once passed");
  }

  private static List<JsonObject> reinforcement(String token) {
    return ok(platform.get("/api/training/reinforcement", token), 200).getJsonArray("reinforcement").stream()
        .map(JsonObject.class::cast).toList();
  }

  private static List<String> statuses(String token) {
    return reinforcement(token).stream().map(r -> r.getString("status")).toList();
  }

  /** An organisation module with five questions and one lesson of the given Markdown. */
  static JsonObject module(String markdown) {
    JsonArray questions = new JsonArray();
    for (int i = 1; i <= 5; i++) {
      questions.add(new JsonObject().put("id", "q" + i).put("type", "single")
          .put("text", texts("Question " + i + "?"))
          .put("options", new JsonArray()
              .add(new JsonObject().put("id", "a").put("text", texts("Yes")).put("correct", true))
              .add(new JsonObject().put("id", "b").put("text", texts("No"))))
          .put("feedback", texts("Because.")));
    }
    return new JsonObject().put("audience", "reps").put("minutes", 10).put("title", texts("Call back"))
        .put("summary", texts("Calling back")).put("skills", new JsonArray().add(new JsonObject().put("area", "BQ")
            .put("skill", "execution")))
        .put("lessons", new JsonArray().add(new JsonObject().put("id", "one").put("title", texts("One"))
            .put("text", new JsonObject().put("en", markdown).put("pl", markdown))))
        .put("quiz", new JsonObject().put("passMark", 60).put("attempts", 3).put("questions", questions));
  }

  private static JsonObject texts(String en) {
    return new JsonObject().put("en", en).put("pl", en + " (pl)");
  }
}
