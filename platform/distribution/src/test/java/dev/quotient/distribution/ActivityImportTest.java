package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV import over real HTTP against one node with the embedded MongoDB: a CRM export uploaded, its
 * columns mapped, every row checked without storing anything, the good rows recorded by a job exactly
 * once, and every refusal (role, organisation, size, malformed file) a problem that changes nothing.
 */
class ActivityImportTest {

  private static final String HEADER = "Activity ID,Rep e-mail,Type,Date,Lead received,Amount,Note\n";

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String leader;
  private static String rep1;
  private static String rep1Id;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data);
    leader = platform.token("leader@acme.example");
    rep1 = platform.token("rep1@acme.example");
    rep1Id = new JsonObject(platform.get("/api/me", rep1).body()).getString("id");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aGoodFileIsImportedOnceAndAgainOnlyAsDuplicates() {
    String csv = HEADER
        + "good-1,rep1@acme.example,Call,2026-03-02T09:30:00+01:00,,,first call\n"
        + "good-2,REP2@acme.example,E-mail,2026-03-02T10:00:00Z,,,\n"
        + "good-3,rep1@acme.example,Closed Won,2026-03-03T12:00:00Z,,\"12 500,50\",big one\n"
        + "good-4,rep2@acme.example,lead_responded,2026-03-04T09:10:00Z,2026-03-04T09:00:00Z,,\n";
    JsonObject uploaded = upload(leader, csv, 201);
    assertEquals(List.of("Activity ID", "Rep e-mail", "Type", "Date", "Lead received", "Amount", "Note"),
        uploaded.getJsonArray("headers").getList());
    assertEquals(4, uploaded.getInteger("rows"));
    assertEquals(4, uploaded.getJsonArray("sample").size());
    JsonObject guessed = uploaded.getJsonObject("mapping");
    assertEquals("Activity ID", guessed.getString("id"));
    assertEquals("Rep e-mail", guessed.getString("userId"));
    assertEquals("Type", guessed.getString("kind"));
    assertEquals("Date", guessed.getString("occurredAt"));
    assertEquals("Lead received", guessed.getString("leadReceivedAt"));
    assertEquals("Amount", guessed.getString("value"));
    long before = stored();

    JsonObject report = validate(uploaded.getString("id"), guessed, null, 200);
    assertEquals(4, report.getInteger("rows"));
    assertEquals(4, report.getInteger("good"), report.encodePrettily());
    assertEquals(4, report.getInteger("new"));
    assertEquals(0, report.getInteger("bad"));
    assertEquals(before, stored(), "a check stores nothing");

    JsonObject job = finish(uploaded.getString("id"), confirm(uploaded.getString("id"), false, 202));
    assertEquals("done", job.getString("state"));
    assertEquals(4, job.getInteger("created"));
    assertEquals(0, job.getInteger("duplicates"));
    assertEquals(before + 4, stored());
    Document won = activity("good-3");
    assertEquals(12_500.5, won.getDouble("value"));
    assertEquals("crm", won.getString("source"));
    assertEquals(600.0, activity("good-4").get("responseSeconds", Number.class).doubleValue());

    // The same file again: every row a duplicate, in the check and in the job; nothing new stored.
    JsonObject again = upload(leader, csv, 201);
    JsonObject secondReport = validate(again.getString("id"), again.getJsonObject("mapping"), null, 200);
    assertEquals(4, secondReport.getInteger("good"));
    assertEquals(4, secondReport.getInteger("duplicates"));
    assertEquals(0, secondReport.getInteger("new"));
    assertEquals(0, secondReport.getInteger("bad"));
    JsonObject secondJob = finish(again.getString("id"), confirm(again.getString("id"), false, 202));
    assertEquals(0, secondJob.getInteger("created"));
    assertEquals(4, secondJob.getInteger("duplicates"));
    assertEquals(before + 4, stored());
  }

  @Test
  void badRowsAreReportedByRowAndColumnAndOnlyGoodRowsAreStoredOnConfirmation() {
    String csv = "id;user;kind;when;value\n"
        + "bad-ok-1;rep1@acme.example;call;2026-04-01 10:00;\n"
        + "bad-date;rep1@acme.example;call;yesterday;\n"
        + "bad-user;nobody@acme.example;call;2026-04-01 10:00;\n"
        + "bad-kind;rep1@acme.example;Coffee chat;2026-04-01 10:00;\n"
        + "bad-won;rep1@acme.example;won;2026-04-01 10:00;\n"
        + "bad id!;rep1@acme.example;call;2026-04-01 10:00;\n"
        + "bad-ok-2;rep1@acme.example;Meeting;2026-04-01 11:00;\n";
    JsonObject uploaded = upload(leader, csv, 201);
    String id = uploaded.getString("id");
    JsonObject mapping = new JsonObject().put("id", "id").put("userId", "user").put("kind", "kind")
        .put("occurredAt", "when").put("value", "value");
    long before = stored();
    JsonObject report = validate(id, mapping, null, 200);
    assertEquals(7, report.getInteger("rows"));
    assertEquals(2, report.getInteger("good"));
    assertEquals(5, report.getInteger("bad"), report.encodePrettily());
    JsonArray errors = report.getJsonArray("errors");
    assertError(errors, 3, "when", "yesterday");
    assertError(errors, 4, "user", "nobody@acme.example");
    assertError(errors, 5, "kind", "Coffee chat");
    assertError(errors, 6, "value", "won");
    assertError(errors, 7, "id", "100"); // the leader reads Polish: the organisation's language
    assertEquals(before, stored(), "a check stores nothing");

    // Nothing is recorded while bad rows are not accepted explicitly.
    confirm(id, false, 409);
    assertEquals(before, stored());

    // The leader names the unknown kind: that row becomes good.
    JsonObject remapped = validate(id, mapping, new JsonObject().put("Coffee chat", "meeting"), 200);
    assertEquals(3, remapped.getInteger("good"));
    assertEquals(4, remapped.getInteger("bad"));

    JsonObject job = finish(id, confirm(id, true, 202));
    assertEquals(3, job.getInteger("created"));
    assertEquals(before + 3, stored());
    assertEquals("meeting", activity("bad-kind").getString("kind"));
    assertEquals(null, activity("bad-date"));
  }

  @Test
  void durationLeadSourceAndCustomerColumnsAreGuessedAndStored() {
    String csv = "Activity ID,Rep e-mail,Type,Date,Amount,Duration (min),Lead source,Klient\n"
        + "fields-1,rep1@acme.example,Call,2026-03-05T09:00:00Z,,25,,\n"
        + "fields-2,rep1@acme.example,Closed Won,2026-03-05T10:00:00Z,900,\"45,0\",Referral,ACME-42\n"
        + "fields-3,rep1@acme.example,Call,2026-03-05T11:00:00Z,,2000,,\n";
    JsonObject uploaded = upload(leader, csv, 201);
    JsonObject guessed = uploaded.getJsonObject("mapping");
    assertEquals("Duration (min)", guessed.getString("minutes"));
    assertEquals("Lead source", guessed.getString("leadSource"));
    assertEquals("Klient", guessed.getString("customerId"));
    long before = stored();
    JsonObject report = validate(uploaded.getString("id"), guessed, null, 200);
    assertEquals(2, report.getInteger("good"), report.encodePrettily());
    assertEquals(1, report.getInteger("bad"));
    assertError(report.getJsonArray("errors"), 4, "Duration (min)", "1440");
    finish(uploaded.getString("id"), confirm(uploaded.getString("id"), true, 202));
    assertEquals(before + 2, stored());
    assertEquals(25, activity("fields-1").get("minutes", Number.class).intValue());
    assertNull(activity("fields-1").get("leadSource"));
    Document won = activity("fields-2");
    assertEquals(45, won.get("minutes", Number.class).intValue());
    assertEquals("referral", won.getString("leadSource"));
    assertEquals("ACME-42", won.getString("customerId"));
  }

  @Test
  void localTimesAreInTheOrganisationsZone() {
    String csv = "id,user,kind,occurredAt\n"
        + "zone-winter," + rep1Id + ",call,2026-03-02 09:30\n"
        + "zone-summer," + rep1Id + ",call,02.07.2026 09:30\n"
        + "zone-offset," + rep1Id + ",call,2026-03-02T09:30:00-05:00\n"
        + "zone-iso-local," + rep1Id + ",call,2026-01-15T18:45:10\n";
    JsonObject uploaded = upload(leader, csv, 201);
    JsonObject report = validate(uploaded.getString("id"), uploaded.getJsonObject("mapping"), null, 200);
    assertEquals(4, report.getInteger("good"), report.encodePrettily());
    finish(uploaded.getString("id"), confirm(uploaded.getString("id"), false, 202));
    // Europe/Warsaw: UTC+1 in winter, UTC+2 in summer; an explicit offset wins.
    assertEquals("2026-03-02T08:30:00Z", activity("zone-winter").getDate("occurredAt").toInstant().toString());
    assertEquals("2026-07-02T07:30:00Z", activity("zone-summer").getDate("occurredAt").toInstant().toString());
    assertEquals("2026-03-02T14:30:00Z", activity("zone-offset").getDate("occurredAt").toInstant().toString());
    assertEquals("2026-01-15T17:45:10Z", activity("zone-iso-local").getDate("occurredAt").toInstant().toString());
  }

  @Test
  void repsMayNotImportAndOtherOrganisationsSeeNoImport() {
    String csv = "id,user,kind,occurredAt\naccess-1," + rep1Id + ",call,2026-03-02 09:30\n";
    assertProblem(uploadResponse(rep1, csv), 403);
    JsonObject uploaded = upload(leader, csv, 201);
    String id = uploaded.getString("id");
    assertProblem(platform.get("/api/activities/imports/" + id, rep1), 403);
    HttpResponse<String> repPage = platform.get("/activities/import", rep1);
    assertEquals(403, repPage.statusCode());

    String globex = otherOrganisationLeader();
    long before = stored();
    assertProblem(platform.get("/api/activities/imports/" + id, globex), 404);
    assertProblem(platform.json("POST", "/api/activities/imports/" + id + "/validation", globex,
        new JsonObject().put("mapping", uploaded.getJsonObject("mapping")).encode()), 404);
    assertProblem(platform.json("POST", "/api/activities/imports/" + id + "/confirm", globex, "{}"), 404);
    assertProblem(platform.get("/api/activities/imports/" + id + "/job", globex), 404);
    assertEquals(404, platform.get("/activities/import/" + id, globex).statusCode());
    assertProblem(platform.get("/api/activities/imports/0123456789abcdef01234567", leader), 404);
    assertEquals(before, stored());
    // Its own organisation's leader sees it.
    assertEquals(200, platform.get("/api/activities/imports/" + id, leader).statusCode());
  }

  @Test
  void oversizedAndMalformedFilesAreRefusedWithNothingKept() throws Exception {
    long imports = imports();
    // A declared length over 20 MB: refused before the body is read.
    try (Socket socket = new Socket("127.0.0.1", platform.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api/activities/imports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + leader + "\r\nContent-Type: text/csv\r\n"
          + "Content-Length: " + (21L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readNBytes(2048), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("urn:quotient:problem:error.import.tooLarge"), answer);
    }
    // No declared length (chunked): counted while it arrives, refused once past the limit.
    byte[] big = new byte[21 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    try {
      HttpResponse<String> chunked = platform.send(platform.request("/api/activities/imports")
          .version(java.net.http.HttpClient.Version.HTTP_1_1).header("Authorization", "Bearer " + leader)
          .header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build());
      assertProblem(chunked, 413);
    } catch (java.io.UncheckedIOException e) {
      // The server may close the connection while the client still sends: refused all the same.
    }
    // More than 100,000 rows.
    StringBuilder many = new StringBuilder("id,user,kind,occurredAt\n");
    for (int i = 0; i <= 100_000; i++) {
      many.append(i).append('\n');
    }
    HttpResponse<String> tooMany = uploadResponse(leader, many.toString());
    assertProblem(tooMany, 413);
    assertTrue(new JsonObject(tooMany.body()).getString("detail").contains("100"), tooMany.body());
    // Not CSV, not UTF-8, no header, empty, a mapping naming a column that is not there.
    assertProblem(uploadResponse(leader, "id,user\n\"never closed,x\n"), 400);
    assertProblem(send(leader, new byte[] {'i', 'd', '\n', (byte) 0xC3, (byte) 0x28, '\n'}, "text/csv"), 400);
    assertProblem(uploadResponse(leader, ""), 400);
    assertProblem(send(leader, "id,user\n".getBytes(StandardCharsets.UTF_8), "application/pdf"), 415);
    assertEquals(imports, imports(), "no refused file is kept");

    JsonObject uploaded = upload(leader, "id,user,kind,occurredAt\nx-1," + rep1Id + ",call,2026-03-02 09:30\n", 201);
    String id = uploaded.getString("id");
    validate(id, uploaded.getJsonObject("mapping").copy().put("kind", "No such column"), null, 400);
    validate(id, uploaded.getJsonObject("mapping").copy().put("kind", null), null, 400);
    assertProblem(platform.json("POST", "/api/activities/imports/" + id + "/validation", leader,
        new JsonObject().put("mapping", new JsonObject().put("colour", "id")).encode()), 400);
    // Confirming before any check.
    confirm(id, false, 409);
  }

  @Test
  void aFileWithThousandsOfBadRowsKeepsTheFirstErrorsAndCountsTheRest() {
    StringBuilder csv = new StringBuilder("id,user,kind,occurredAt\n");
    for (int i = 0; i < 3_000; i++) {
      csv.append("many-bad-").append(i).append(',').append(rep1Id).append(",call,not a date\n");
    }
    csv.append("many-good-1,").append(rep1Id).append(",call,2026-03-02 09:30\n");
    JsonObject uploaded = upload(leader, csv.toString(), 201);
    JsonObject report = validate(uploaded.getString("id"), uploaded.getJsonObject("mapping"), null, 200);
    assertEquals(3_001, report.getInteger("rows"));
    assertEquals(1, report.getInteger("good"));
    assertEquals(3_000, report.getInteger("bad"));
    assertEquals(3_000, report.getInteger("errorCount"));
    JsonArray errors = report.getJsonArray("errors");
    assertEquals(1_000, errors.size(), "only the first errors are kept");
    assertEquals(2, errors.getJsonObject(0).getInteger("row"));
    assertEquals(1_001, errors.getJsonObject(999).getInteger("row"), "in row order");
  }

  // --- helpers ---

  private static JsonObject upload(String token, String csv, int status) {
    HttpResponse<String> r = uploadResponse(token, csv);
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static HttpResponse<String> uploadResponse(String token, String csv) {
    return send(token, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
  }

  private static HttpResponse<String> send(String token, byte[] body, String type) {
    return platform.send(platform.request("/api/activities/imports?name=export.csv")
        .header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static JsonObject validate(String id, JsonObject mapping, JsonObject kinds, int status) {
    JsonObject body = new JsonObject().put("mapping", mapping);
    if (kinds != null) {
      body.put("kinds", kinds);
    }
    HttpResponse<String> r = platform.json("POST", "/api/activities/imports/" + id + "/validation", leader,
        body.encode());
    assertEquals(status, r.statusCode(), r.body());
    if (status >= 400) {
      assertProblem(r, status);
    }
    return new JsonObject(r.body());
  }

  private static JsonObject confirm(String id, boolean acceptBadRows, int status) {
    HttpResponse<String> r = platform.json("POST", "/api/activities/imports/" + id + "/confirm", leader,
        new JsonObject().put("acceptBadRows", acceptBadRows).encode());
    assertEquals(status, r.statusCode(), r.body());
    if (status >= 400) {
      assertProblem(r, status);
    }
    return new JsonObject(r.body());
  }

  /** Polls the job until it is no longer running. */
  private static JsonObject finish(String id, JsonObject started) {
    JsonObject job = started;
    long deadline = System.currentTimeMillis() + 20_000;
    while (("running".equals(job.getString("state")) || "queued".equals(job.getString("state")))
        && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      HttpResponse<String> r = platform.get("/api/activities/imports/" + id + "/job", leader);
      assertEquals(200, r.statusCode(), r.body());
      job = new JsonObject(r.body());
    }
    assertEquals("done", job.getString("state"), job.encodePrettily());
    assertEquals(job.getInteger("total"), job.getInteger("processed"));
    return job;
  }

  private static void assertError(JsonArray errors, int row, String column, String messagePart) {
    for (Object o : errors) {
      JsonObject e = (JsonObject) o;
      if (e.getInteger("row") == row) {
        assertEquals(column, e.getString("column"), e.encode());
        assertTrue(e.getString("message").contains(messagePart), e.encode());
        return;
      }
    }
    throw new AssertionError("no error for row " + row + " in " + errors.encodePrettily());
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
    JsonObject problem = new JsonObject(r.body());
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("detail"));
  }

  private static long stored() {
    return platform.node().database().collection("activities").countDocuments();
  }

  private static long imports() {
    return platform.node().database().collection("activity_imports").countDocuments()
        + platform.node().database().collection("activity_imports.files").countDocuments();
  }

  private static Document activity(String clientId) {
    return platform.node().database().collection("activities").find(new Document("clientId", clientId)).first();
  }

  private static String otherOrganisationLeader() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Imports",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of()));
    store.createUser(new User(AccountStore.newId(), org.id(), "leader@globex-imports.example", "Globex Leader",
        Set.of(Role.LEADER), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token("leader@globex-imports.example");
  }
}
