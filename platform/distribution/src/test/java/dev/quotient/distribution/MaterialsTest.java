package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.quotient.api.Role;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer-content store over real HTTP against one node with the embedded MongoDB: uploads and
 * versions, the size, type and name checks (with the store checked unchanged after each refusal),
 * links, search by every facet, who sees what, and a corrupted chunk. Uploads here are limited to
 * 1 MiB so the limit is cheap to cross.
 */
class MaterialsTest {

  private static final long MAX_UPLOAD = 1024 * 1024;

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String trainer;
  private static String leader;
  private static String rep;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of("QUOTIENT_MAX_UPLOAD_BYTES", String.valueOf(MAX_UPLOAD)));
    trainer = platform.token("trainer@acme.example");
    leader = platform.token("leader@acme.example");
    rep = platform.token("rep1@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void storesVersionsAndServesEachWithItsDigest() throws Exception {
    JsonObject item = create(trainer, worksheet("Discovery call worksheet"));
    String id = item.getString("id");
    assertEquals("/library/" + id, item.getString("page"));
    byte[] v1 = pdf("first edition");
    byte[] v2 = pdf("second edition, longer ".repeat(5000));

    HttpResponse<String> first = upload(trainer, id, "discovery.pdf", v1);
    assertEquals(201, first.statusCode(), first.body());
    assertEquals(sha256Hex(v1), new JsonObject(first.body()).getString("sha256"));
    assertEquals(1, new JsonObject(first.body()).getInteger("number"));
    HttpResponse<String> second = upload(leader, id, "discovery-v2.pdf", v2);
    assertEquals(201, second.statusCode(), second.body());
    assertEquals(2, new JsonObject(second.body()).getInteger("number"));

    JsonObject stored = new JsonObject(platform.get("/api/materials/" + id, trainer).body());
    JsonArray versions = stored.getJsonArray("versions");
    assertEquals(2, versions.size());
    assertEquals("application/pdf", versions.getJsonObject(0).getString("contentType"));
    assertEquals(v2.length, versions.getJsonObject(1).getLong("size"));

    for (int n = 1; n <= 2; n++) {
      byte[] expected = n == 1 ? v1 : v2;
      HttpResponse<byte[]> download = download(trainer, id, n);
      assertEquals(200, download.statusCode());
      assertTrue(java.util.Arrays.equals(expected, download.body()), "version " + n + " comes back byte for byte");
      assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(sha256(expected)) + ":",
          download.headers().firstValue("Repr-Digest").orElse(null));
      assertEquals(sha256Hex(expected), versions.getJsonObject(n - 1).getString("sha256"));
      assertTrue(download.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
    }
    assertEquals(404, download(trainer, id, 3).statusCode());
  }

  @Test
  void refusesTooLargeFilesBeforeStoringAnything() throws Exception {
    String id = create(trainer, worksheet("Too big")).getString("id");
    long[] before = counts();
    byte[] big = pdf("x".repeat((int) MAX_UPLOAD + 10));

    // Declared length: refused from the headers alone, before a byte of the body is sent.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", platform.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("PUT " + uploadPath(id, "big.pdf") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + trainer + "\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: " + big.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readNBytes(2048), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("urn:quotient:problem:error.material.tooLarge"), answer);
    }

    // No declared length (chunked): counted while streaming, aborted, the partial file deleted.
    try {
      HttpResponse<String> chunked = platform.send(platform.request(uploadPath(id, "big.pdf"))
          .version(HttpClient.Version.HTTP_1_1).header("Authorization", "Bearer " + trainer).header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
      assertEquals(413, chunked.statusCode(), chunked.body());
    } catch (java.io.UncheckedIOException e) {
      // The server may close the connection while the client still sends: refused all the same.
    }
    // The same over HTTP/2, where the connection is shared and the refused stream's rest is dropped.
    HttpResponse<String> h2 = upload(trainer, id, "big.pdf", big);
    assertEquals(413, h2.statusCode(), h2.body());
    assertStoreUnchanged(before);
    assertEquals(0, new JsonObject(platform.get("/api/materials/" + id, trainer).body()).getJsonArray("versions").size());
  }

  @Test
  void refusesFilesWhoseBytesDisagreeWithTheirName() throws Exception {
    String id = create(trainer, worksheet("Mislabelled")).getString("id");
    long[] before = counts();

    HttpResponse<String> pdfAsPng = upload(trainer, id, "photo.png", pdf("not a picture"));
    assertEquals(415, pdfAsPng.statusCode(), pdfAsPng.body());
    assertTrue(new JsonObject(pdfAsPng.body()).getString("detail").contains("application/pdf"), pdfAsPng.body());
    HttpResponse<String> textAsPdf = upload(trainer, id, "sheet.pdf", "just text".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, textAsPdf.statusCode(), textAsPdf.body());
    HttpResponse<String> program = upload(trainer, id, "tool.exe", new byte[] {'M', 'Z', 0, 0});
    assertEquals(415, program.statusCode(), program.body());
    HttpResponse<String> sheetAsDoc = upload(trainer, id, "plan.xlsx", ooxml("word/document.xml"));
    assertEquals(415, sheetAsDoc.statusCode(), sheetAsDoc.body());
    HttpResponse<String> plainZip = upload(trainer, id, "plan.docx", zip("notes.txt"));
    assertEquals(415, plainZip.statusCode(), plainZip.body());
    HttpResponse<String> empty = upload(trainer, id, "empty.txt", new byte[0]);
    assertEquals(400, empty.statusCode(), empty.body());
    assertStoreUnchanged(before);

    HttpResponse<String> docx = upload(trainer, id, "plan.docx", ooxml("word/document.xml"));
    assertEquals(201, docx.statusCode(), docx.body());
    assertTrue(new JsonObject(docx.body()).getString("contentType").contains("wordprocessingml"), docx.body());
    HttpResponse<String> png = upload(trainer, id, "chart.png", png());
    assertEquals(201, png.statusCode(), png.body());
    assertEquals("image/png", new JsonObject(png.body()).getString("contentType"));

    HttpResponse<String> polish = platform.send(platform.request(uploadPath(id, "photo.png"))
        .header("Authorization", "Bearer " + trainer).header("Accept-Language", "pl")
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(pdf("x")))
        .build());
    assertEquals(415, polish.statusCode());
    assertTrue(new JsonObject(polish.body()).getString("detail").contains("nie jest tym"), polish.body());
  }

  @Test
  void sanitisesFileNames() throws Exception {
    String id = create(trainer, worksheet("Names")).getString("id");
    assertEquals("passwd.txt", new JsonObject(upload(trainer, id, "../../etc/passwd.txt", text("a")).body())
        .getString("fileName"));
    assertEquals("boot.ini.txt", new JsonObject(upload(trainer, id, "C:\\Windows\\boot.ini.txt", text("b")).body())
        .getString("fileName"));
    assertEquals("ab.txt", new JsonObject(upload(trainer, id, "a\u0000b\u0007\r\n.txt", text("c")).body())
        .getString("fileName"));
    assertEquals("hidden.txt", new JsonObject(upload(trainer, id, "...hidden.txt", text("d")).body())
        .getString("fileName"));
    HttpResponse<String> polish = upload(trainer, id, "Ćwiczenie \"zażółć\".txt", text("e"));
    assertEquals("Ćwiczenie zażółć.txt", new JsonObject(polish.body()).getString("fileName"));
    String disposition = download(trainer, id, 5).headers().firstValue("Content-Disposition").orElseThrow();
    assertEquals("attachment; filename=\"Cwiczenie zazolc.txt\"; filename*=UTF-8''"
        + "%C4%86wiczenie%20za%C5%BC%C3%B3%C5%82%C4%87.txt", disposition);
    HttpResponse<String> nothingLeft = upload(trainer, id, "../../", text("f"));
    assertEquals(400, nothingLeft.statusCode(), nothingLeft.body());
  }

  @Test
  void linksMustBeHttp() {
    long[] before = counts();
    for (String bad : List.of("javascript:alert(1)", "ftp://files.example/x", "file:///etc/passwd", "/relative",
        "data:text/html,hi")) {
      HttpResponse<String> r = platform.json("POST", "/api/materials", trainer,
          new JsonObject().put("title", "Call").put("kind", "recorded-session").put("link", bad).encode());
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
    HttpResponse<String> missing = platform.json("POST", "/api/materials", trainer,
        new JsonObject().put("title", "Call").put("kind", "recorded-session").encode());
    assertEquals(400, missing.statusCode(), missing.body());
    HttpResponse<String> script = platform.json("POST", "/api/materials", trainer, worksheet("Unsafe")
        .put("description", "Hello <script>alert(1)</script>").encode());
    assertEquals(400, script.statusCode(), script.body());
    assertStoreUnchanged(before);

    JsonObject ok = create(trainer, new JsonObject().put("title", "Recorded demo").put("kind", "recorded-session")
        .put("link", "https://video.example/sessions/42"));
    assertEquals("https://video.example/sessions/42", ok.getString("link"));
    HttpResponse<String> patched = platform.json("PATCH", "/api/materials/" + ok.getString("id"), trainer,
        new JsonObject().put("link", "javascript:void(0)").encode());
    assertEquals(400, patched.statusCode(), patched.body());
  }

  @Test
  void searchesByEveryFacetAndByWords() {
    String tag = "facets-" + System.nanoTime();
    create(trainer, new JsonObject().put("title", "Handling objections").put("kind", "worksheet")
        .put("topic", "Objections").put("skills", new JsonArray().add("assertiveness"))
        .put("tags", new JsonArray().add(tag).add("Cold-Calls")).put("published", true));
    create(trainer, new JsonObject().put("title", "Zastrzeżenia klientów i łagodzenie napięć").put("kind", "coaching-sheet")
        .put("topic", "Negocjacje").put("skills", new JsonArray().add("empathy").add("mindset"))
        .put("tags", new JsonArray().add(tag)).put("published", true));
    create(trainer, new JsonObject().put("title", "Product tour recording").put("kind", "recorded-session")
        .put("link", "https://video.example/tour").put("topic", "Product")
        .put("skills", new JsonArray().add("product-knowledge")).put("tags", new JsonArray().add(tag)));

    assertEquals(Set.of("Handling objections", "Zastrzeżenia klientów i łagodzenie napięć", "Product tour recording"),
        titles("tag=" + tag));
    assertEquals(Set.of("Handling objections"), titles("tag=" + tag + "&kind=worksheet"));
    assertEquals(Set.of("Product tour recording"), titles("tag=" + tag + "&kind=recorded-session"));
    assertEquals(Set.of("Zastrzeżenia klientów i łagodzenie napięć", "Handling objections"), titles("tag=" + tag + "&area=EQ"));
    assertEquals(Set.of("Zastrzeżenia klientów i łagodzenie napięć"), titles("tag=" + tag + "&area=BQ"));
    assertEquals(Set.of("Zastrzeżenia klientów i łagodzenie napięć"), titles("tag=" + tag + "&skill=empathy"));
    assertEquals(Set.of("Product tour recording"), titles("tag=" + tag + "&area=IQ&skill=product-knowledge"));
    assertEquals(Set.of("Handling objections"), titles("tag=" + tag + "&topic=objections"));
    assertEquals(Set.of("Handling objections"), titles("tag=cold-calls"));
    assertEquals(Set.of("Handling objections"), titles("tag=" + tag + "&q=" + enc("objections")));
    assertEquals(Set.of("Handling objections"), titles("tag=" + tag + "&q=" + enc("OBJ hand")), "partial words");
    assertEquals(Set.of("Zastrzeżenia klientów i łagodzenie napięć"), titles("tag=" + tag + "&q=" + enc("zastrzezenia")),
        "without diacritics");
    assertEquals(Set.of("Zastrzeżenia klientów i łagodzenie napięć"), titles("tag=" + tag + "&q=" + enc("ŁAGODZ napiec")));
    assertEquals(Set.of(), titles("tag=" + tag + "&q=" + enc("objections zastrzezenia")), "every word must match");

    HttpResponse<String> badFacet = platform.get("/api/materials?kind=poem", trainer);
    assertEquals(400, badFacet.statusCode(), badFacet.body());
  }

  @Test
  void repsSeeOnlyWhatIsPublishedToThem() {
    String tag = "visibility-" + System.nanoTime();
    String draft = create(trainer, worksheet("Draft sheet").put("tags", new JsonArray().add(tag))).getString("id");
    String leadersOnly = create(trainer, worksheet("Leaders only").put("tags", new JsonArray().add(tag))
        .put("published", true).put("audience", new JsonArray().add("leader"))).getString("id");
    String forReps = create(trainer, worksheet("For reps").put("tags", new JsonArray().add(tag))
        .put("published", true).put("audience", new JsonArray().add("rep").add("mentor"))).getString("id");
    assertEquals(201, upload(trainer, draft, "draft.txt", text("draft")).statusCode());

    assertEquals(Set.of("For reps"), titlesAs(rep, "tag=" + tag));
    assertEquals(Set.of("Draft sheet", "Leaders only", "For reps"), titlesAs(leader, "tag=" + tag));
    assertEquals(Set.of("Draft sheet", "Leaders only", "For reps"), titlesAs(trainer, "tag=" + tag));
    assertEquals(Set.of("For reps"), titlesAs(platform.token("mentor1@acme.example"), "tag=" + tag));
    assertEquals(404, platform.get("/api/materials/" + draft, rep).statusCode());
    assertEquals(404, platform.get("/api/materials/" + leadersOnly, rep).statusCode());
    assertEquals(404, platform.get("/api/materials/" + draft + "/versions/1", rep).statusCode());
    assertEquals(200, platform.get("/api/materials/" + forReps, rep).statusCode());

    HttpResponse<String> published = platform.json("PATCH", "/api/materials/" + draft, trainer,
        new JsonObject().put("published", true).encode());
    assertEquals(200, published.statusCode(), published.body());
    assertEquals(200, platform.get("/api/materials/" + draft + "/versions/1", rep).statusCode());
  }

  @Test
  void otherOrganisationsSeeNothing() throws Exception {
    JsonObject item = create(trainer, worksheet("Acme only").put("published", true));
    String id = item.getString("id");
    assertEquals(201, upload(trainer, id, "acme.txt", text("acme")).statusCode());
    String globex = otherOrganisationTrainer();
    long[] before = counts();

    assertEquals(404, platform.get("/api/materials/" + id, globex).statusCode());
    assertEquals(404, platform.get("/api/materials/" + id + "/versions/1", globex).statusCode());
    assertTrue(new JsonArray(platform.get("/api/materials", globex).body()).isEmpty(), "no Acme items listed");
    assertEquals(404, platform.json("PATCH", "/api/materials/" + id, globex,
        new JsonObject().put("title", "Mine now").encode()).statusCode());
    assertEquals(404, upload(globex, id, "globex.txt", text("globex")).statusCode());
    assertStoreUnchanged(before);
    assertEquals("Acme only", new JsonObject(platform.get("/api/materials/" + id, trainer).body()).getString("title"));
  }

  @Test
  void repsCannotCreateEditOrUpload() throws Exception {
    String id = create(trainer, worksheet("Trainers' item").put("published", true)).getString("id");
    long[] before = counts();
    HttpResponse<String> created = platform.json("POST", "/api/materials", rep, worksheet("Mine").encode());
    assertEquals(403, created.statusCode(), created.body());
    assertEquals(403, platform.json("PATCH", "/api/materials/" + id, rep,
        new JsonObject().put("title", "x").encode()).statusCode());
    assertEquals(403, upload(rep, id, "rep.txt", text("rep")).statusCode());
    assertEquals(401, upload(null, id, "anonymous.txt", text("nobody")).statusCode());
    // Refused by the access rule while the body is still to come: answered, then the connection closes
    // (reading to the end of the stream returns instead of waiting for the socket's timeout).
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", platform.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("PUT " + uploadPath(id, "rep.pdf") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + rep + "\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: 50000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    }
    assertStoreUnchanged(before);
  }

  @Test
  void aCorruptedChunkMakesTheDownloadFail() throws Exception {
    String id = create(trainer, worksheet("Will rot")).getString("id");
    byte[] content = pdf("precious ".repeat(100_000));
    HttpResponse<String> stored = upload(trainer, id, "precious.pdf", content);
    assertEquals(201, stored.statusCode(), stored.body());
    assertEquals(200, download(trainer, id, 1).statusCode(), "intact at first");

    Document version = platform.node().database().collection("materials").find(Filters.eq("_id", id)).first()
        .getList("versions", Document.class).get(0);
    var chunks = platform.node().database().collection("materials_files.chunks");
    Document chunk = chunks.find(Filters.and(Filters.eq("files_id", version.getObjectId("fileId")), Filters.eq("n", 1)))
        .first();
    byte[] bytes = chunk.get("data", Binary.class).getData();
    bytes[100] ^= 0x55;
    chunks.updateOne(Filters.eq("_id", chunk.getObjectId("_id")), Updates.set("data", new Binary(bytes)));

    IOException failed = assertThrows(IOException.class, () -> platform.client().send(
        platform.request("/api/materials/" + id + "/versions/1").header("Authorization", "Bearer " + trainer)
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray()),
        "the client never receives a complete corrupt file");
    assertNotNull(failed);
  }

  @Test
  void pagesListTheLibraryInTheReadersLanguage() {
    create(trainer, worksheet("Page check").put("published", true).put("topic", "Pages"));
    HttpResponse<String> english = platform.send(platform.request("/library?topic=Pages")
        .header("Authorization", "Bearer " + rep).header("Accept-Language", "en").GET().build());
    assertEquals(200, english.statusCode(), english.body());
    assertTrue(english.body().contains("Page check"), english.body());
    assertTrue(english.body().contains("Worksheet"));
    assertFalse(english.body().contains("href=\"/library/new\""), "reps are not offered uploads");
    HttpResponse<String> polish = platform.send(platform.request("/library/new")
        .header("Authorization", "Bearer " + trainer).header("Accept-Language", "pl").GET().build());
    assertEquals(200, polish.statusCode(), polish.body());
    assertTrue(polish.body().contains("Dodaj do biblioteki"), polish.body());
    assertTrue(polish.body().contains("<progress"), "the upload shows its progress");
    assertEquals(403, platform.send(platform.request("/library/new").header("Authorization", "Bearer " + rep)
        .GET().build()).statusCode());
  }

  @Test
  void sweepsWhatUploadsCutOffByACrashLeftBehind() {
    var db = platform.node().database();
    ObjectId abandoned = new ObjectId();
    ObjectId running = new ObjectId();
    Instant now = Instant.now();
    db.collection("materials_uploads").insertOne(new Document("_id", abandoned)
        .append("startedAt", Date.from(now.minus(Duration.ofHours(2)))));
    db.collection("materials_uploads").insertOne(new Document("_id", running).append("startedAt", Date.from(now)));
    var chunks = db.collection("materials_files.chunks");
    for (ObjectId id : List.of(abandoned, running)) {
      chunks.insertOne(new Document("files_id", id).append("n", 0).append("data", new Binary(new byte[] {1, 2, 3})));
    }

    assertEquals(1, platform.node().materials().sweepAbandonedUploads(now.minus(Duration.ofHours(1))));
    assertEquals(0, chunks.countDocuments(Filters.eq("files_id", abandoned)), "the abandoned chunks are gone");
    assertEquals(1, chunks.countDocuments(Filters.eq("files_id", running)), "an upload in progress is left alone");
    assertEquals(0, platform.node().materials().sweepAbandonedUploads(now.minus(Duration.ofHours(1))), "idempotent");

    chunks.deleteMany(Filters.eq("files_id", running));
    db.collection("materials_uploads").deleteOne(Filters.eq("_id", running));
  }

  // --- helpers ---

  private static JsonObject worksheet(String title) {
    return new JsonObject().put("title", title).put("kind", "worksheet").put("topic", "Discovery")
        .put("skills", new JsonArray().add("product-knowledge")).put("tags", new JsonArray().add("calls"));
  }

  private static JsonObject create(String token, JsonObject body) {
    HttpResponse<String> r = platform.json("POST", "/api/materials", token, body.encode());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static String uploadPath(String id, String name) {
    return "/api/materials/" + id + "/file?name=" + enc(name);
  }

  static HttpResponse<String> upload(String token, String id, String name, byte[] content) {
    HttpRequest.Builder b = platform.request(uploadPath(id, name)).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return platform.send(b.build());
  }

  private static HttpResponse<byte[]> download(String token, String id, int n) throws Exception {
    return platform.client().send(platform.request("/api/materials/" + id + "/versions/" + n)
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Set<String> titles(String query) {
    return titlesAs(trainer, query);
  }

  private static Set<String> titlesAs(String token, String query) {
    HttpResponse<String> r = platform.get("/api/materials?" + query, token);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body()).stream().map(o -> ((JsonObject) o).getString("title"))
        .collect(java.util.stream.Collectors.toSet());
  }

  /** Items, GridFS files and GridFS chunks. */
  private static long[] counts() {
    var db = platform.node().database();
    return new long[] {db.collection("materials").countDocuments(),
        db.collection("materials_files.files").countDocuments(), db.collection("materials_files.chunks").countDocuments()};
  }

  private static void assertStoreUnchanged(long[] before) {
    assertEquals(List.of(before[0], before[1], before[2]), List.of(counts()[0], counts()[1], counts()[2]),
        "items, files and chunks unchanged");
    assertEquals(0, platform.node().database().collection("materials_uploads").countDocuments(),
        "no upload is left marked as in progress");
  }

  private static String otherOrganisationTrainer() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Trading",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of()));
    store.createUser(new User(AccountStore.newId(), org.id(), "trainer@globex.example", "Globex Trainer",
        Set.of(Role.TRAINER), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token("trainer@globex.example");
  }

  static byte[] pdf(String body) {
    return ("%PDF-1.4\n% " + body + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] text(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] png() {
    byte[] png = new byte[64];
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    System.arraycopy(signature, 0, png, 0, signature.length);
    return png;
  }

  /** A minimal Office Open XML package: the content types part first, as Office writes it. */
  private static byte[] ooxml(String part) throws IOException {
    return zip("[Content_Types].xml", part);
  }

  private static byte[] zip(String... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String e : entries) {
        ZipEntry entry = new ZipEntry(e);
        byte[] content = ("<x>" + e + "</x>").getBytes(StandardCharsets.UTF_8);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static String sha256Hex(byte[] b) throws Exception {
    return HexFormat.of().formatHex(sha256(b));
  }
}
