package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.CommandType;
import dev.quotient.api.event.Commands;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue's commands as plugins send them: over the running platform's event bus, answered by
 * the platform and the real plugin jars, each checked against what the HTTP API then shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueCommandsTest {

  @TempDir
  static Path data;
  @TempDir
  static Path curriculum;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String admin;
  private static String leader;
  private static String orgId;

  @BeforeAll
  static void start() {
    TrainingFixtures.copyCurriculum(curriculum);
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString()), CLOCK);
    admin = platform.token("admin@acme.example");
    leader = platform.token("leader@acme.example");
    orgId = user("leader@acme.example").getString("orgId");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void userCreateMakesAnAccountOnlyWhereTheActorMay() throws Exception {
    String leaderId = id("leader@acme.example");
    String adminId = id("admin@acme.example");
    String hunters = new JsonArray(platform.get("/api/teams", leader).body()).stream().map(o -> (JsonObject) o)
        .filter(t -> t.getString("name").equals("Hunters")).findFirst().orElseThrow().getString("id");

    Commands.UserCreated created = request(Catalogue.CREATE_USER, new Commands.CreateUser(orgId, leaderId,
        "Hanna Hired", " Hanna.Hired@Acme.example ", hunters, List.of("rep")));
    assertEquals("hanna.hired@acme.example", created.email());
    JsonObject listed = apiUsers().stream().map(o -> (JsonObject) o)
        .filter(u -> u.getString("id").equals(created.userId())).findFirst().orElseThrow();
    assertEquals("Hanna Hired", listed.getString("name"));
    assertEquals(List.of("rep"), listed.getJsonArray("roles").getList());
    assertEquals(hunters, listed.getString("teamId"));
    assertNull(user("hanna.hired@acme.example").getString("passwordHash"), "no password until one is set");
    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> e.getString("action").equals("user.created")
        && leaderId.equals(e.getString("actorId")) && e.getString("subject").contains("hanna.hired@acme.example")),
        audit.encodePrettily());

    int before = apiUsers().size();
    assertRefused(403, Catalogue.CREATE_USER, new Commands.CreateUser(orgId, leaderId, "Mia Mentor", "mia@acme.example", null,
        List.of("mentor")));
    assertRefused(409, Catalogue.CREATE_USER, new Commands.CreateUser(orgId, adminId, "Hanna Again", "hanna.hired@acme.example", null,
        List.of("rep")));
    assertRefused(400, Catalogue.CREATE_USER, new Commands.CreateUser(orgId, adminId, "No Mail", "not-an-email", null, List.of("rep")));
    assertRefused(400, Catalogue.CREATE_USER, new Commands.CreateUser(orgId, adminId, "No Team", "noteam@acme.example", "no-such-team",
        List.of("rep")));
    assertRefused(403, Catalogue.CREATE_USER, new Commands.CreateUser(orgId, "someone-else", "Ghost", "ghost@acme.example", null,
        List.of("rep")));
    assertEquals(before, apiUsers().size(), "nothing created by a refused command");

    Commands.UserCreated mentor = request(Catalogue.CREATE_USER, new Commands.CreateUser(orgId, adminId,
        "Mia Mentor", "mia@acme.example", null, List.of("mentor", "rep")));
    assertEquals(before + 1, apiUsers().size(), "an admin creates any roles");
    assertFalse(mentor.userId().isBlank());
  }

  @Test
  @Order(2)
  void mentorSuggestAndMentorshipsStatusAnswerFromTheMentoringData() throws Exception {
    String rep1 = id("rep1@acme.example");
    String mentor1 = id("mentor1@acme.example");
    mentorProfile("mentor1", new JsonObject().put("empathy", 5));
    mentorProfile("mentor2", new JsonObject().put("execution", 5));

    Commands.MentorSuggestion empathy = request(Catalogue.SUGGEST_MENTOR,
        new Commands.SuggestMentor(orgId, rep1, List.of("empathy")));
    assertEquals(mentor1, empathy.mentorId());
    assertTrue(empathy.fit() > 0.5 && empathy.fit() <= 1, "fit " + empathy.fit());
    assertTrue(empathy.reasons().contains("pokrywa lukę empatia 2/5 → mentor 5/5"), empathy.reasons().toString());
    assertEquals(id("mentor2@acme.example"), request(Catalogue.SUGGEST_MENTOR,
        new Commands.SuggestMentor(orgId, rep1, List.of("execution"))).mentorId());
    Commands.MentorSuggestion nobody = request(Catalogue.SUGGEST_MENTOR,
        new Commands.SuggestMentor(orgId, rep1, List.of("mindset")));
    assertNull(nobody.mentorId(), "nobody mentors mindset");
    assertEquals(0, nobody.fit());
    assertRefused(400, Catalogue.SUGGEST_MENTOR, new Commands.SuggestMentor(orgId, rep1, List.of("juggling")));
    assertRefused(404, Catalogue.SUGGEST_MENTOR, new Commands.SuggestMentor(orgId, "nobody", List.of("empathy")));

    // A pair made through the mentoring API: rep1's gaps, then the leader's single re-match.
    ok(platform.json("PUT", "/api/mentoring/profiles/" + rep1, platform.token("rep1@acme.example"),
        new JsonObject().put("mentee", new JsonObject().put("levels", new JsonObject().put("empathy", 2))
            .put("availability", new JsonArray().add("mon-am")).put("languages", new JsonArray().add("pl"))).encode()),
        200);
    // read (and kept for the dashboard) before the pair exists: the pair made on this node shows at once
    assertTrue(request(Catalogue.MENTORSHIPS, new Commands.MentorshipsQuery(orgId, List.of(rep1))).pairs().isEmpty());
    JsonObject pair = ok(platform.json("POST", "/api/mentoring/rematch", leader,
        new JsonObject().put("menteeId", rep1).encode()), 201);
    assertEquals(mentor1, pair.getString("mentorId"));
    Commands.Mentorships status = request(Catalogue.MENTORSHIPS,
        new Commands.MentorshipsQuery(orgId, List.of(rep1, id("rep2@acme.example"))));
    assertEquals(1, status.pairs().size(), status.toString());
    Commands.Mentorship m = status.pairs().get(0);
    assertEquals(mentor1, m.mentorId());
    assertEquals(rep1, m.menteeId());
    assertEquals(CLOCK.instant(), m.since());
    assertNull(m.lastCheckIn());

    ok(platform.json("POST", "/api/mentoring/pairs/" + pair.getString("id") + "/checkins",
        platform.token("mentor1@acme.example"), new JsonObject().put("date", "2026-03-02").encode()), 201);
    assertEquals(Instant.parse("2026-03-01T23:00:00Z"), request(Catalogue.MENTORSHIPS,
        new Commands.MentorshipsQuery(orgId, List.of(rep1))).pairs().get(0).lastCheckIn(), "that day, in Warsaw");
    assertTrue(request(Catalogue.MENTORSHIPS, new Commands.MentorshipsQuery(orgId, List.of(mentor1))).pairs().isEmpty());
  }

  @Test
  @Order(1)
  void modulesFindListsTheModulesOfTheSkillsMostCoveredFirstWithTitlesInTheOrganisationsLanguage() throws Exception {
    String leaderId = id("leader@acme.example");
    List<Commands.ModuleRef> both = request(Catalogue.FIND_MODULES,
        new Commands.FindModules(orgId, leaderId, List.of("execution", "assertiveness"))).modules();
    assertEquals(List.of("follow-up", "cadence"), both.stream().map(Commands.ModuleRef::moduleId).toList(),
        "both cover the two skills: by Polish title");
    assertEquals("Kontynuuj kontakt, aż kupujący odpowie", both.get(0).title());
    assertEquals(List.of("execution", "assertiveness"), both.get(0).skills());
    assertEquals(20, both.get(0).minutes());
    assertEquals(2, request(Catalogue.FIND_MODULES, new Commands.FindModules(orgId, leaderId, List.of("execution", "empathy")))
        .modules().size(), "any of the skills");
    assertTrue(request(Catalogue.FIND_MODULES, new Commands.FindModules(orgId, leaderId, List.of("empathy")))
        .modules().isEmpty(), "no module trains empathy");
    assertTrue(request(Catalogue.FIND_MODULES, new Commands.FindModules("no-such-org", leaderId, List.of("execution")))
        .modules().isEmpty(), "an unknown organisation has none");
  }

  /** Last: it moves the clock. */
  @Test
  @Order(3)
  void moduleAssignShowsInTrainingStatusOpenThenOverdue() throws Exception {
    String leaderId = id("leader@acme.example");
    String rep2 = id("rep2@acme.example");
    String rep2Token = platform.token("rep2@acme.example");
    LocalDate today = LocalDate.ofInstant(CLOCK.instant(), ZoneId.of("Europe/Warsaw"));
    String due = today.plusDays(3).toString();

    Commands.ModuleAssigned assigned = request(Catalogue.ASSIGN_MODULE,
        new Commands.AssignModule(orgId, leaderId, rep2, "cadence", due));
    assertEquals("cadence", assigned.moduleId());
    assertEquals(due, assigned.dueOn());
    assertEquals("Trzymaj się kadencji sprzedaży", assigned.title(), "in the organisation's language");
    JsonObject team = ok(platform.get("/api/training/assignments", leader), 200);
    assertTrue(team.getJsonArray("assignments").stream().map(JsonObject.class::cast).anyMatch(a ->
        a.getString("userId").equals(rep2) && a.getString("moduleId").equals("cadence") && a.getString("due").equals(due)),
        team.encode());
    // a plan accepted later, due later: the earlier deadline stays (it had moved to the plan's date)
    assertEquals(due, request(Catalogue.ASSIGN_MODULE, new Commands.AssignModule(orgId, leaderId, rep2, "cadence",
        today.plusDays(40).toString())).dueOn(), "an earlier deadline is kept");
    assertTrue(ok(platform.get("/api/training/assignments", leader), 200).getJsonArray("assignments").stream()
        .map(JsonObject.class::cast).anyMatch(a -> a.getString("userId").equals(rep2)
            && a.getString("moduleId").equals("cadence") && a.getString("due").equals(due)), "and stored as it was");
    assertRefused(403, Catalogue.ASSIGN_MODULE, new Commands.AssignModule(orgId, id("rep1@acme.example"), rep2,
        "cadence", due));
    assertRefused(404, Catalogue.ASSIGN_MODULE, new Commands.AssignModule(orgId, leaderId, rep2, "no-such-module", due));
    assertRefused(404, Catalogue.ASSIGN_MODULE, new Commands.AssignModule(orgId, leaderId, "nobody", "cadence", due));
    assertRefused(400, Catalogue.ASSIGN_MODULE, new Commands.AssignModule(orgId, leaderId, rep2, "cadence", "soon"));

    // rep2 passes another module through the API.
    ok(TrainingFixtures.submit(platform, rep2Token, TrainingFixtures.startAttempt(platform, rep2Token, "follow-up"),
        TrainingFixtures.allRight()), 200);
    Commands.PersonTraining now = training(rep2);
    assertEquals(List.of("follow-up"), now.completedModuleIds());
    assertEquals(1, now.openAssignments());
    assertEquals(List.of(), now.overdueModuleIds());
    assertEquals(0, now.reinforcementsMissed());
    assertTrue(request(Catalogue.TRAINING_STATUS, new Commands.TrainingStatusQuery(orgId, List.of("nobody")))
        .people().isEmpty(), "nobody outside the organisation");

    // Six days on: past the due day, and the two-day reinforcement is past its three days of grace.
    CLOCK.advance(Duration.ofDays(6));
    Commands.PersonTraining later = training(rep2);
    assertEquals(0, later.openAssignments());
    assertEquals(List.of("cadence"), later.overdueModuleIds());
    assertEquals(1, later.reinforcementsMissed());
  }

  // --- helpers ---

  private static Commands.PersonTraining training(String userId) throws Exception {
    List<Commands.PersonTraining> people = request(Catalogue.TRAINING_STATUS,
        new Commands.TrainingStatusQuery(orgId, List.of(userId))).people();
    assertEquals(1, people.size());
    assertEquals(userId, people.get(0).userId());
    return people.get(0);
  }

  private static void mentorProfile(String who, JsonObject strengths) {
    ok(platform.json("PUT", "/api/mentoring/profiles/" + id(who + "@acme.example"), platform.token(who + "@acme.example"),
        new JsonObject().put("mentor", new JsonObject().put("optIn", true).put("capacity", 1)
            .put("availability", new JsonArray().add("mon-am")).put("languages", new JsonArray().add("pl"))
            .put("strengths", strengths)).encode()), 200);
  }

  private static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return r.body().isBlank() ? new JsonObject() : new JsonObject(r.body());
  }

  static <P extends Record, R extends Record> R request(CommandType<P, R> type, P payload) throws Exception {
    return platform.node().vertx().eventBus().<R>request(type.address(), payload).map(m -> m.body())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <P extends Record, R extends Record> void assertRefused(int code, CommandType<P, R> type, P command) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> request(type, command));
    ReplyException reply = assertInstanceOf(ReplyException.class, e.getCause());
    assertEquals(code, reply.failureCode(), reply.getMessage());
    assertTrue(reply.getMessage().matches("([a-z]+\\.)?error\\..+"), "a message key: " + reply.getMessage());
  }

  private static JsonArray apiUsers() {
    HttpResponse<String> r = platform.get("/api/users", leader);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body());
  }

  private static Document user(String email) {
    return platform.node().database().collection("users").find(new Document("email", email)).first();
  }

  private static String id(String email) {
    return user(email).getString("_id");
  }
}
