package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every number the API takes, found by walking the contract (request bodies at any depth, query and
 * path parameters), is sent huge, past its bounds, fractional where whole numbers are asked, as NaN
 * and infinities (as JSON tokens, which JSON does not have, and as strings, which fields taking "a
 * number or a string" parse): each is a 400 problem naming the field, and the store is as it was. The
 * same request with a number inside the bounds is then accepted, so the refusals were about the number.
 * A new numeric field in the contract without a request here fails the test.
 */
class NumericInputWalkTest {

  /** Collections the platform writes by itself while requests are refused (checkpoints, sessions). */
  private static final List<String> WRITTEN_BY_THE_PLATFORM = List.of("projection", "checkpoint", "position",
      "session", "token", "throttle", "audit", "lock");

  /** Marks an operation whose accepted answer never ends (an event stream). */
  private static final String NEVER_ENDS = "(never ends)";

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String admin;
  private static String leader;
  private static String repToken;
  private static String rep;
  private static String mentorToken;
  private static String mentor;
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Map<String, Op> OPS = new LinkedHashMap<>();

  /** One operation's request as the walk sends it: who asks, where, and a body valid apart from the number. */
  private record Op(Function<String, String> token, Supplier<String> path, Supplier<JsonObject> base,
      Map<String, Object> valid, Runnable first) {
    Op(Function<String, String> token, Supplier<String> path, Supplier<JsonObject> base, Map<String, Object> valid) {
      this(token, path, base, valid, () -> {});
    }
  }

  /** A number the contract takes: where ({@code body}, {@code query} or {@code path}), its pointer and bounds. */
  private record Field(String op, String in, List<String> pointer, boolean integer, boolean alsoString,
      BigDecimal min, BigDecimal max) {
    String name() {
      return String.join(".", pointer);
    }
  }

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of());
    admin = platform.token("admin@acme.example");
    leader = platform.token("leader@acme.example");
    repToken = platform.token("rep4@acme.example");
    rep = id(repToken);
    mentorToken = platform.token("mentor1@acme.example");
    mentor = id(mentorToken);
    prepare();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void everyNumberIsRefusedWhenHugeOutOfBoundsFractionalNaNOrInfiniteAndAcceptedWithin() throws Exception {
    Map<String, List<Field>> byOp = new LinkedHashMap<>();
    for (Field f : fields()) {
      byOp.computeIfAbsent(f.op(), k -> new ArrayList<>()).add(f);
    }
    assertTrue(byOp.size() > 20, "the walk found the contract's numbers: " + byOp.keySet());
    List<String> missing = byOp.keySet().stream().filter(op -> !OPS.containsKey(op)).toList();
    assertEquals(List.of(), missing, "every operation taking a number has a request in this test");

    int sent = 0;
    // in the order the requests were prepared: a PIP is signed before its check-ins and outcome
    List<Map.Entry<String, List<Field>>> ordered = OPS.keySet().stream().filter(byOp::containsKey)
        .map(k -> Map.entry(k, byOp.get(k))).toList();
    for (var entry : ordered) {
      Op op = OPS.get(entry.getKey());
      op.first().run();
      Map<String, String> before = settledFingerprint();
      for (Field f : entry.getValue()) {
        for (String literal : badLiterals(f)) {
          HttpResponse<String> r = send(entry.getKey(), op, f, literal);
          sent++;
          String what = entry.getKey() + " " + f.name() + "=" + literal;
          assertEquals(400, r.statusCode(), what + ": " + r.body());
          assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
              what + ": " + r.body());
          if (!literal.matches("-?(NaN|Infinity)")) {
            assertTrue(namesTheField(r.body(), f), what + " is refused naming the field: " + r.body());
          }
        }
      }
      assertEquals(before, fingerprint(), entry.getKey() + ": the refusals changed nothing");
      if (!op.valid().containsKey(NEVER_ENDS)) {
        // the same request with every number inside its bounds is accepted (one for each person who may send it)
        Map<String, Map<Field, String>> within = new LinkedHashMap<>();
        for (Field f : entry.getValue()) {
          Object value = op.valid().getOrDefault(f.name(), inside(f));
          within.computeIfAbsent(op.token().apply(f.name()), t -> new LinkedHashMap<>())
              .put(f, value == null ? "null" : value.toString());
        }
        for (Map<Field, String> fields : within.values()) {
          HttpResponse<String> r = send(entry.getKey(), op, fields);
          assertTrue(r.statusCode() < 300, entry.getKey() + " " + fields.values() + " is accepted: "
              + r.statusCode() + " " + r.body());
        }
      }
    }
    System.out.printf("numeric walk: %d fields in %d operations, %d refusals%n",
        byOp.values().stream().mapToInt(List::size).sum(), byOp.size(), sent);
  }

  /** Too large for anything, past each bound, half a unit for whole numbers, NaN and infinities. */
  private static List<String> badLiterals(Field f) {
    List<String> bad = new ArrayList<>(List.of("1e308", "1e400", "123456789012345678901234567890", "-1e308",
        "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\""));
    if (f.min() != null) {
      bad.add(f.min().subtract(BigDecimal.ONE).toPlainString());
      bad.add("\"" + f.min().subtract(BigDecimal.ONE).toPlainString() + "\"");
    }
    if (f.max() != null) {
      bad.add(f.max().add(BigDecimal.ONE).toPlainString());
    }
    if (f.integer()) {
      bad.add(inside(f).add(new BigDecimal("0.5")).toPlainString());
    }
    if (!f.in().equals("body")) {
      // a query or path parameter is text: the JSON string forms are the same words
      bad.removeIf(l -> l.startsWith("\""));
    }
    return bad;
  }

  /** A number inside the field's bounds: its minimum when above 0, else 1 when allowed, else 0. */
  private static BigDecimal inside(Field f) {
    if (f.min() != null && f.min().signum() > 0) {
      return f.min();
    }
    return f.max() == null || f.max().compareTo(BigDecimal.ONE) >= 0 ? BigDecimal.ONE : BigDecimal.ZERO;
  }

  private static boolean namesTheField(String problem, Field f) {
    return f.pointer().stream().filter(p -> !p.matches("\\d+")).anyMatch(problem::contains);
  }

  private static HttpResponse<String> send(String opKey, Op op, Field f, String literal) {
    return send(opKey, op, Map.of(f, literal));
  }

  /** The operation's request with each field's literal in its place. */
  private static HttpResponse<String> send(String opKey, Op op, Map<Field, String> literals) {
    String method = opKey.substring(0, opKey.indexOf(' '));
    String path = op.path().get();
    String token = op.token().apply(literals.keySet().iterator().next().name());
    JsonObject body = op.base().get();
    int n = 0;
    for (var e : literals.entrySet()) {
      Field f = e.getKey();
      String literal = URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8);
      switch (f.in()) {
        case "query" -> path = path + (path.contains("?") ? "&" : "?") + f.name() + "=" + literal;
        case "path" -> path = path.replace("{" + f.name() + "}", literal);
        default -> put(body, f.pointer(), "__NUMBER_" + (n++) + "__");
      }
    }
    if (literals.keySet().stream().noneMatch(f -> f.in().equals("body"))) {
      return platform.get(path, token);
    }
    String json = body.encode();
    n = 0;
    for (var e : literals.entrySet()) {
      if (e.getKey().in().equals("body")) {
        json = json.replace("\"__NUMBER_" + (n++) + "__\"", e.getValue());
      }
    }
    return platform.json(method, path, token, json);
  }

  /** Sets the value at the pointer, making the objects on the way (arrays hold their first element). */
  private static void put(JsonObject body, List<String> pointer, Object value) {
    Object at = body;
    for (int i = 0; i < pointer.size() - 1; i++) {
      String key = pointer.get(i);
      if (at instanceof JsonObject o) {
        Object next = o.getValue(key);
        if (next == null) {
          next = pointer.get(i + 1).matches("\\d+") ? new JsonArray().add(new JsonObject()) : new JsonObject();
          o.put(key, next);
        }
        at = next;
      } else {
        at = ((JsonArray) at).getValue(Integer.parseInt(key));
      }
    }
    String last = pointer.get(pointer.size() - 1);
    if (at instanceof JsonObject o) {
      o.put(last, value);
    } else {
      ((JsonArray) at).set(Integer.parseInt(last), value);
    }
  }

  // --- the contract's numbers ---

  private static List<Field> fields() throws IOException {
    JsonObject doc;
    try (InputStream in = NumericInputWalkTest.class.getResourceAsStream("/openapi.json")) {
      doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<Field> out = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : new TreeMap<>(paths.getMap()).keySet()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        String key = method.toUpperCase() + " " + path;
        for (Object p : op.getJsonArray("parameters", new JsonArray())) {
          JsonObject param = resolve(doc, (JsonObject) p);
          JsonObject schema = resolve(doc, param.getJsonObject("schema", new JsonObject()));
          if (numeric(schema)) {
            out.add(field(key, param.getString("in"), List.of(param.getString("name")), schema));
          }
        }
        JsonObject body = op.getJsonObject("requestBody");
        JsonObject json = body == null ? null : body.getJsonObject("content", new JsonObject())
            .getJsonObject("application/json");
        if (json != null) {
          walk(doc, json.getJsonObject("schema"), key, new ArrayList<>(), out);
        }
      }
    }
    return out;
  }

  private static void walk(JsonObject doc, JsonObject schema, String op, List<String> pointer, List<Field> out) {
    JsonObject s = resolve(doc, schema);
    if (numeric(s)) {
      out.add(field(op, "body", List.copyOf(pointer), s));
      return;
    }
    JsonObject properties = s.getJsonObject("properties");
    if (properties != null) {
      for (String name : properties.fieldNames()) {
        pointer.add(name);
        walk(doc, properties.getJsonObject(name), op, pointer, out);
        pointer.remove(pointer.size() - 1);
      }
    }
    if (s.getValue("items") instanceof JsonObject items) {
      pointer.add("0");
      walk(doc, items, op, pointer, out);
      pointer.remove(pointer.size() - 1);
    }
  }

  private static boolean numeric(JsonObject s) {
    Object type = s.getValue("type");
    List<?> types = type instanceof JsonArray a ? a.getList() : type == null ? List.of() : List.of(type);
    return types.contains("integer") || types.contains("number");
  }

  private static Field field(String op, String in, List<String> pointer, JsonObject s) {
    Object type = s.getValue("type");
    List<?> types = type instanceof JsonArray a ? a.getList() : List.of(type);
    return new Field(op, in, pointer, types.contains("integer") && !types.contains("number"), types.contains("string"),
        s.getValue("minimum") == null ? null : new BigDecimal(s.getValue("minimum").toString()),
        s.getValue("maximum") == null ? null : new BigDecimal(s.getValue("maximum").toString()));
  }

  private static JsonObject resolve(JsonObject doc, JsonObject s) {
    while (s.containsKey("$ref")) {
      JsonObject at = doc;
      for (String part : s.getString("$ref").substring(2).split("/")) {
        at = at.getJsonObject(part);
      }
      s = at;
    }
    return s;
  }

  // --- the requests ---

  private static void prepare() {
    String today = today().toString();
    JsonObject org = ok(platform.get("/api/organisation", admin));
    org.remove("id");
    op("PUT /api/organisation", admin, "/api/organisation", org::copy);

    op("GET /api/activities", leader, "/api/activities?userId=" + rep, JsonObject::new);
    Supplier<JsonObject> activity = () -> new JsonObject().put("id", "walk-" + SEQ.incrementAndGet())
        .put("userId", rep).put("kind", "won").put("value", 10)
        .put("occurredAt", Instant.now().minusSeconds(60).toString());
    op("POST /api/activities", leader, "/api/activities", activity);
    op("POST /api/activities/batch", leader, "/api/activities/batch",
        () -> new JsonObject().put("activities", new JsonArray().add(activity.get())));

    op("GET /api/materials", leader, "/api/materials", JsonObject::new);
    JsonObject material = created(platform.json("POST", "/api/materials", leader, new JsonObject()
        .put("title", "Walk worksheet").put("kind", "worksheet").encode()));
    HttpResponse<String> file = MaterialsTestSupport.upload(platform, leader, material.getString("id"), "walk.txt");
    assertTrue(file.statusCode() < 300, "the material's file: " + file.body());
    op("GET /api/materials/{id}/versions/{number}", leader,
        "/api/materials/" + material.getString("id") + "/versions/{number}", JsonObject::new);

    Supplier<JsonObject> module = () -> TrainingTest.module("Walk the **numbers**.");
    op("POST /api/training/modules", leader, "/api/training/modules", module);
    String moduleId = created(platform.json("POST", "/api/training/modules", leader, module.get().encode()))
        .getString("id");
    op("PUT /api/training/modules/{id}", leader, "/api/training/modules/" + moduleId, module);
    op("POST /api/training/modules/{id}/grants", leader, "/api/training/modules/" + moduleId + "/grants",
        () -> new JsonObject().put("userId", rep).put("attempts", 1));

    op("GET /api/leaderboards/board", leader, "/api/leaderboards/board", JsonObject::new);
    // an event stream never ends: only its refusals are tried
    OPS.put("GET /api/leaderboards/stream", new Op(n -> leader, () -> "/api/leaderboards/stream",
        JsonObject::new, Map.of(NEVER_ENDS, true)));
    op("POST /api/leaderboards/contests", leader, "/api/leaderboards/contests", () -> new JsonObject()
        .put("name", "Walk " + SEQ.incrementAndGet()).put("variant", "target")
        .put("start", Instant.now().plusSeconds(3600).toString()).put("end", Instant.now().plusSeconds(86_400).toString()));

    op("POST /api/recognition/goals", leader, "/api/recognition/goals", () -> new JsonObject()
        .put("userId", rep).put("title", "Walk goal").put("metric", "call").put("dueOn", today().plusDays(20).toString()));
    op("POST /api/recognition/people/{id}/cadence", leader, "/api/recognition/people/" + rep + "/cadence",
        () -> new JsonObject().put("period", "weekly"));

    String profile = "/api/development/profiles/" + rep;
    OPS.put("PUT /api/development/profiles/{userId}", new Op(n -> n.startsWith("self.") ? repToken : leader,
        () -> profile, JsonObject::new, Map.of("revision", "null")));

    String planId = created(platform.json("POST", "/api/development/plans", leader,
        new JsonObject().put("userId", rep).encode())).getString("id");
    String plan = "/api/development/plans/" + planId;
    OPS.put("PUT /api/development/plans/{id}", new Op(n -> leader, () -> plan, () -> new JsonObject().put("goals",
        new JsonArray().add(new JsonObject().put("skill", "execution").put("kpi", "win-rate").put("target", 0.4)
            .put("due", today().plusDays(60).toString())))
        .put("modules", new JsonArray().add(new JsonObject().put("moduleId", "follow-up-cadence")
            .put("due", today().plusDays(30).toString()))), Map.of("revision", "null")));
    OPS.put("POST /api/development/plans/{id}/send", new Op(n -> leader, () -> plan + "/send", JsonObject::new,
        Map.of("revision", "null")));
    // the rep sends version 1 back, then accepts version 2 (sent below, before the accept is tried)
    OPS.put("POST /api/development/plans/{id}/return", new Op(n -> repToken, () -> plan + "/return",
        () -> new JsonObject().put("comment", "More time, please"), Map.of("version", 1)));
    OPS.put("POST /api/development/plans/{id}/accept", new Op(n -> repToken, () -> plan + "/accept",
        JsonObject::new, Map.of("version", 2), () -> created(platform.json("POST", plan + "/send", leader, "{}"))));

    String pipRep = id(platform.token("rep5@acme.example"));
    // started a week ago, so its first check-in is not in the future
    Supplier<JsonObject> pipBody = () -> new JsonObject().put("userId", pipRep)
        .put("startsOn", today().minusDays(7).toString())
        .put("targets", new JsonArray().add(new JsonObject().put("kpi", "win-rate").put("target", 0.3)));
    op("POST /api/development/pips", leader, "/api/development/pips", pipBody);
    JsonObject createdPip = created(platform.json("POST", "/api/development/pips", leader, pipBody.get().encode()));
    String pipId = createdPip.getString("id");
    String checkInDate = createdPip.getJsonArray("checkIns").getJsonObject(0).getString("date");
    String pip = "/api/development/pips/" + pipId;
    String pipRepToken = platform.token("rep5@acme.example");
    OPS.put("PUT /api/development/pips/{id}", new Op(n -> leader, () -> pip, () -> new JsonObject()
        .put("targets", new JsonArray().add(new JsonObject().put("kpi", "win-rate").put("target", 0.3))),
        Map.of("revision", "null")));
    OPS.put("POST /api/development/pips/{id}/commitments", new Op(n -> pipRepToken, () -> pip + "/commitments",
        () -> new JsonObject().put("commitments", new JsonArray().add("Answer every lead within five minutes")),
        Map.of("revision", "null")));
    OPS.put("POST /api/development/pips/{id}/sign", new Op(n -> pipRepToken, () -> pip + "/sign", JsonObject::new,
        Map.of("revision", "null")));
    OPS.put("POST /api/development/pips/{id}/checkins", new Op(n -> leader, () -> pip + "/checkins",
        () -> new JsonObject().put("date", checkInDate).put("note", "On track"), Map.of("revision", "null")));
    OPS.put("POST /api/development/pips/{id}/outcome", new Op(n -> leader, () -> pip + "/outcome",
        () -> new JsonObject().put("outcome", "extended").put("days", 7), Map.of("revision", "null", "days", 7)));

    Supplier<JsonObject> role = () -> new JsonObject().put("name", "Walk role " + SEQ.incrementAndGet());
    op("POST /api/hiring/roles", leader, "/api/hiring/roles", role);
    String roleId = created(platform.json("POST", "/api/hiring/roles", leader, role.get().encode())).getString("id");
    op("PUT /api/hiring/roles/{id}", leader, "/api/hiring/roles/" + roleId, JsonObject::new);
    String candidateId = created(platform.json("POST", "/api/hiring/roles/" + roleId + "/candidates", leader,
        new JsonObject().put("name", "Walk Candidate").put("email", "walk.candidate@example.org").put("source", "referral")
            .encode())).getString("id");
    created(platform.json("PUT", "/api/hiring/candidates/" + candidateId + "/interviewers", leader,
        new JsonObject().put("interviewerIds", new JsonArray().add(id(leader))).encode()));
    Supplier<JsonObject> scorecard = () -> {
      JsonObject card = new JsonObject();
      for (String area : List.of("roleFit", "provenAchievement", "acumen", "cultureFit")) {
        card.put(area, new JsonObject().put("score", 3).put("evidence", "Seen in the interview"));
      }
      return card;
    };
    op("PUT /api/hiring/candidates/{id}/scorecard", leader, "/api/hiring/candidates/" + candidateId + "/scorecard",
        scorecard);

    String mentorProfile = "/api/mentoring/profiles/" + mentor;
    OPS.put("PUT /api/mentoring/profiles/{id}", new Op(n -> n.startsWith("mentee.") ? mentorToken : leader,
        () -> mentorProfile, JsonObject::new, Map.of()));
    op("PUT /api/mentoring/settings", leader, "/api/mentoring/settings", JsonObject::new);
    String[] checkIn = checkIn();
    String menteeToken = platform.token(emailOf(checkIn[0]));
    OPS.put("POST /api/mentoring/checkins/{id}/rating", new Op(n -> menteeToken,
        () -> "/api/mentoring/checkins/" + checkIn[1] + "/rating", JsonObject::new, Map.of("rating", 4)));

    op("POST /api/needs/audits", leader, "/api/needs/audits", () -> new JsonObject().put("date", today)
        .put("answers", new JsonArray().add(new JsonObject().put("question", "funnel").put("owner", id(leader)))));
    op("POST /api/development/costs", leader, "/api/development/costs", () -> new JsonObject()
        .put("month", today.substring(0, 7)));
  }

  /** A shared check-in of an active mentorship of the demo, logged by its mentor: the mentee rates it. */
  private static String[] checkIn() {
    String mentee1 = platform.token("rep1@acme.example");
    created(platform.json("PUT", "/api/mentoring/profiles/" + mentor, leader, new JsonObject().put("mentor",
        new JsonObject().put("optIn", true).put("capacity", 3).put("strengths", new JsonObject().put("execution", 5)))
        .encode()));
    created(platform.json("PUT", "/api/mentoring/profiles/" + id(mentee1), mentee1, new JsonObject().put("mentee",
        new JsonObject().put("levels", new JsonObject().put("execution", 2))).encode()));
    for (int i = 1; i <= 8 && pairs().isEmpty(); i++) {
      String mentee = platform.token("rep" + i + "@acme.example");
      JsonArray top = ok(platform.get("/api/mentoring/suggestions", mentee)).getJsonArray("suggestions", new JsonArray());
      if (!top.isEmpty()) {
        created(platform.json("POST", "/api/mentoring/suggestions/pick", mentee,
            new JsonObject().put("mentorId", top.getJsonObject(0).getString("mentorId")).encode()));
      }
    }
    JsonArray pairs = pairs();
    JsonObject pair = pairs.stream().map(JsonObject.class::cast).findFirst().orElseThrow(() -> new AssertionError("the demo has an active mentorship: " + pairs));
    String mentorOf = platform.token(emailOf(pair.getString("mentorId")));
    return new String[] {pair.getString("menteeId"), created(platform.json("POST", "/api/mentoring/pairs/" + pair.getString("id") + "/checkins", mentorOf,
        new JsonObject().put("date", today().toString()).put("notes", "Walked the numbers").put("shared", true)
            .encode())).getString("id")};
  }

  private static JsonArray pairs() {
    return new JsonArray(ok(platform.get("/api/mentoring/pairs?scope=organisation", leader)).getJsonArray("pairs")
        .stream().filter(p -> "active".equals(((JsonObject) p).getString("state"))).toList());
  }

  private static String emailOf(String userId) {
    return new JsonArray(platform.get("/api/users", admin).body()).stream().map(JsonObject.class::cast)
        .filter(u -> userId.equals(u.getString("id"))).findFirst().orElseThrow().getString("email");
  }

  private static void op(String key, String token, String path, Supplier<JsonObject> base) {
    OPS.put(key, new Op(n -> token, () -> path, base, Map.of()));
  }

  /**
   * The fingerprint once what the last accepted request set off (points, a badge it earned) is written:
   * the projections have settled and two looks a moment apart agree.
   */
  private static Map<String, String> settledFingerprint() throws InterruptedException {
    platform.awaitProjectionsSettled(leader, java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(20));
    Map<String, String> last = fingerprint();
    for (int i = 0; i < 50; i++) {
      Thread.sleep(200);
      Map<String, String> now = fingerprint();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("the store did not settle: " + last);
  }

  /** Per collection its size and a digest of its documents, for the collections requests change. */
  private static Map<String, String> fingerprint() {
    Map<String, String> out = new TreeMap<>();
    for (String name : platform.node().database().db().listCollectionNames()) {
      if (WRITTEN_BY_THE_PLATFORM.stream().anyMatch(name::contains)) {
        continue;
      }
      long count = 0;
      long digest = 0;
      for (Document d : platform.node().database().collection(name).find()) {
        count++;
        digest += d.toJson().hashCode();
      }
      out.put(name, count + ":" + digest);
    }
    return out;
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static JsonObject created(HttpResponse<String> r) {
    if (r.statusCode() >= 300) {
      fail(r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  private static String id(String token) {
    return new JsonObject(platform.get("/api/me", token).body()).getString("id");
  }

  /**
   * Today in the demo organisation's zone, which the server checks dates against: in the JVM's UTC it
   * is still yesterday during Warsaw's first hour, and a PIP started "a week ago" was refused then.
   */
  private static LocalDate today() {
    var store = new dev.quotient.server.account.AccountStore(platform.node().database());
    String orgId = store.userByEmail("leader@acme.example").orElseThrow().orgId();
    return LocalDate.now(store.organisation(orgId).orElseThrow().zone());
  }
}
