package dev.quotient.distribution;

import static dev.quotient.distribution.RecognitionFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.time.Instant;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open Badges 3.0 export over real HTTP: the credential validates against 1EdTech's OB 3.0 JSON
 * schema, its VC-JWT verifies with the issuer's public JWKS (checked here with the JDK's own Ed25519
 * and by an independent verifier from npm), tampering and revocation are detected, and the public verification
 * addresses answer anonymous callers with nothing but the credential's own facts; badges earned by
 * rules (a contest won, once per contest) export valid credentials too.
 */
class OpenBadgesTest {

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String leader;
  private static Map<String, String> ids;
  private static JsonObject award;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data);
    leader = platform.token("leader@acme.example");
    ids = RecognitionFixtures.userIds(platform, leader);
    award = ok(platform.json("POST", "/api/recognition/awards", leader, new JsonObject()
        .put("userId", ids.get("rep1@acme.example")).put("badgeId", "culture-champion").encode()), 201);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static JsonObject export(String token) {
    return ok(platform.get("/api/recognition/awards/" + award.getString("id") + "/credential", token), 200);
  }

  /** 1EdTech's JSON schema of an OB 3.0 AchievementCredential. */
  static Schema schema() throws Exception {
    try (InputStream in = OpenBadgesTest.class.getResourceAsStream("/schemas/ob_v3p0_achievementcredential_schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(in);
    }
  }

  @Test
  void theExportValidatesAgainstTheOpenBadgesSchema() throws Exception {
    JsonObject credential = export(platform.token("rep1@acme.example"));
    Schema schema = schema();
    List<Error> errors = schema.validate(credential.encode(), InputFormat.JSON);
    assertEquals(List.of(), errors.stream().map(Error::toString).toList(), credential.encodePrettily());
    assertEquals(List.of("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        credential.getJsonArray("@context").getList());
    assertTrue(credential.getJsonArray("type").contains("OpenBadgeCredential"));
    assertEquals("Robert Nowak", credential.getJsonObject("credentialSubject").getJsonArray("identifier").getJsonObject(0)
        .getString("identityHash"));
    assertEquals("urn:uuid:" + award.getString("credentialId"), credential.getString("id"));

    assertFalse(credential.containsKey("proof"), "no embedded proof: the VC-JWT is the credential's proof");
    JsonObject status = credential.getJsonObject("credentialStatus");
    assertEquals("BitstringStatusListEntry", status.getString("type"));
    assertEquals("revocation", status.getString("statusPurpose"));
    assertEquals(credential, export(leader), "every export returns the same signed credential");
    assertEquals(404, platform.get("/api/recognition/awards/" + award.getString("id") + "/credential",
        platform.token("rep2@acme.example")).statusCode(), "nobody else's badge");
  }

  @Test
  void theProofVerifiesWithThePublicKeysAndTamperingIsDetected() throws Exception {
    JsonObject credential = export(platform.token("rep1@acme.example"));
    String issuer = credential.getJsonObject("issuer").getString("id");
    String issuerPath = issuer.substring(issuer.indexOf("/api/"));
    JsonObject profile = ok(platform.get(issuerPath, null), 200);
    assertEquals("Acme Sales", profile.getString("name"));
    assertEquals(issuer, profile.getString("id"));
    JsonObject jwks = ok(platform.get(issuerPath + "/jwks", null), 200);
    JsonObject jwk = jwks.getJsonArray("keys").getJsonObject(0);
    assertEquals("OKP", jwk.getString("kty"));
    assertEquals("Ed25519", jwk.getString("crv"));
    assertNull(jwk.getValue("d"), "never the private key");
    assertFalse(jwks.encode().contains("privateKey"));

    // the OB 3.0 VC-JWT: EdDSA with the published key, claims naming the credential, which is its vc
    String jwt = jwt(platform.token("rep1@acme.example"));
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    assertEquals("EdDSA", header.getString("alg"));
    assertEquals("JWT", header.getString("typ"));
    assertEquals(jwk.getString("kid"), header.getString("kid"));
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    assertEquals(issuer, claims.getString("iss"));
    assertEquals(credential.getString("id"), claims.getString("jti"));
    assertEquals(Instant.parse(credential.getString("validFrom")).getEpochSecond(), claims.getLong("nbf"));
    assertTrue(verifies(jwt, credential, jwk), "the VC-JWT verifies with the published key");

    JsonObject renamed = credential.copy().put("name", "Best salesperson ever");
    assertFalse(verifies(jwt, renamed, jwk), "a changed credential no longer matches its signed vc");
    String[] parts = jwt.split("\\.");
    claims.getJsonObject("vc").getJsonObject("credentialSubject").getJsonArray("identifier").getJsonObject(0)
        .put("identityHash", "Mallory");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertFalse(verifies(forged, claims.getJsonObject("vc"), jwk), "a changed signed payload fails the signature");
  }

  private static String jwt(String token) {
    HttpResponse<String> r = platform.get("/api/recognition/awards/" + award.getString("id") + "/credential/jwt", token);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/vc+jwt"));
    return r.body();
  }

  /**
   * An independent verifier, from npm: jose checks the VC-JWT with the issuer's published key set,
   * jsonld expands the credential and the status list in safe mode against the published VC 2.0 and
   * OB 3.0 contexts (every term defined, no network), and the revocation bit is read from the issuer's
   * Bitstring Status List as the W3C format defines it. The credential as it was issued before (with
   * an embedded JwtProof2020) fails the expansion.
   */
  @Test
  void anIndependentVerifierFromNpmAcceptsTheCredentialAndSeesItsRevocation() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed");
    Path dir = java.nio.file.Files.createTempDirectory(data, "ob-verifier");
    for (String file : List.of("package.json", "verify.mjs")) {
      try (InputStream in = OpenBadgesTest.class.getResourceAsStream("/ob-verifier/" + file)) {
        java.nio.file.Files.copy(in, dir.resolve(file));
      }
    }
    Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String installed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(install.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) && install.exitValue() == 0, installed);

    JsonObject fresh = ok(platform.json("POST", "/api/recognition/awards", leader, new JsonObject()
        .put("userId", ids.get("rep2@acme.example")).put("badgeId", "culture-champion").encode()), 201);
    String base = "/api/recognition/awards/" + fresh.getString("id");
    JsonObject credential = ok(platform.get(base + "/credential", leader), 200);
    String issuer = credential.getJsonObject("issuer").getString("id");
    String issuerPath = issuer.substring(issuer.indexOf("/api/"));
    java.nio.file.Files.writeString(dir.resolve("credential.json"), credential.encode());
    java.nio.file.Files.writeString(dir.resolve("credential.jwt"), platform.get(base + "/credential/jwt", leader).body());
    java.nio.file.Files.writeString(dir.resolve("jwks.json"), platform.get(issuerPath + "/jwks", null).body());
    String statusList = credential.getJsonObject("credentialStatus").getString("statusListCredential");
    java.nio.file.Files.writeString(dir.resolve("status.json"),
        platform.get(statusList.substring(statusList.indexOf("/api/")), null).body());

    JsonObject valid = runVerifier(dir);
    assertEquals(Boolean.TRUE, valid.getBoolean("signature"), valid.encode());
    assertEquals(Boolean.TRUE, valid.getBoolean("claims"), valid.encode());
    assertEquals(Boolean.TRUE, valid.getBoolean("expands"), valid.encode());
    assertEquals(Boolean.TRUE, valid.getBoolean("statusListExpands"), valid.encode());
    assertEquals(Boolean.FALSE, valid.getBoolean("revoked"), valid.encode());
    assertTrue(valid.getInteger("listBits") >= 131_072, "a list of at least 16 KB");

    // revoked: a third party reading the public status list sees it
    ok(platform.json("POST", base + "/revoke", leader, null), 200);
    java.nio.file.Files.writeString(dir.resolve("status.json"),
        platform.get(statusList.substring(statusList.indexOf("/api/")), null).body());
    JsonObject revoked = runVerifier(dir);
    assertEquals(Boolean.TRUE, revoked.getBoolean("revoked"), revoked.encode());
    assertEquals(Boolean.TRUE, revoked.getBoolean("signature"), "still signed by its issuer: " + revoked.encode());

    // the checker can fail: the earlier form, an embedded JwtProof2020, does not expand, nor does a forged JWT verify
    java.nio.file.Files.writeString(dir.resolve("credential.json"), credential.copy().put("proof", new JsonArray()
        .add(new JsonObject().put("type", "JwtProof2020").put("created", "2026-12-01T10:00:00Z")
            .put("proofPurpose", "assertionMethod").put("verificationMethod", issuer + "/jwks#key").put("jwt", "a.b.c")))
        .encode());
    String jwt = java.nio.file.Files.readString(dir.resolve("credential.jwt"));
    java.nio.file.Files.writeString(dir.resolve("credential.jwt"), jwt.substring(0, jwt.length() - 4) + "AAAA");
    JsonObject broken = runVerifier(dir);
    assertEquals(Boolean.FALSE, broken.getBoolean("expands"), broken.encode());
    assertEquals(Boolean.FALSE, broken.getBoolean("signature"), broken.encode());
  }

  private static JsonObject runVerifier(Path dir) throws Exception {
    Process node = new ProcessBuilder("node", "verify.mjs", dir.toString()).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(node.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), out);
    String last = out.lines().reduce((a, b) -> b).orElse("{}");
    JsonObject result = new JsonObject(last);
    assertNull(result.getString("error"), out);
    return result;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void contestWinsExportOneValidCredentialPerContest() throws Exception {
    String rep5 = ids.get("rep5@acme.example");
    String orgId = new AccountStore(platform.node().database()).organisationByName("Acme Sales").orElseThrow().id();
    for (String contest : List.of("contest-a", "contest-b")) {
      platform.node().vertx().eventBus().publish(Catalogue.CONTEST_WON.address(), new Events.ContestWon(orgId, contest,
          "Contest " + contest, rep5, null, 1, null, Instant.now()));
    }
    RecognitionFixtures.eventually(() -> winnerAwards(rep5).size() == 2, "two contest-winner awards");
    Schema schema = schema();
    Set<String> credentialIds = new java.util.HashSet<>();
    for (JsonObject award : winnerAwards(rep5)) {
      JsonObject credential = ok(platform.get("/api/recognition/awards/" + award.getString("id") + "/credential",
          platform.token("rep5@acme.example")), 200);
      assertEquals(List.of(), schema.validate(credential.encode(), InputFormat.JSON).stream().map(Error::toString).toList(),
          credential.encodePrettily());
      assertEquals("Zwycięzca konkursu", credential.getString("name"), "in the organisation's language");
      credentialIds.add(credential.getString("id"));
    }
    assertEquals(2, credentialIds.size(), "a credential per contest won");
  }

  private static List<JsonObject> winnerAwards(String userId) {
    return ok(platform.get("/api/recognition/people/" + userId, leader), 200).getJsonArray("badges").stream()
        .map(JsonObject.class::cast).filter(b -> b.getString("badgeId").equals("contest-winner")).toList();
  }

  /**
   * An independent check in the JVM: the JDK's Ed25519 and the public JWK, nothing of the plugin; the
   * signed claims' vc must be the credential.
   */
  private static boolean verifies(String jwt, JsonObject credential, JsonObject jwk) throws Exception {
    String[] parts = jwt.split("\\.");
    byte[] x = Base64.getUrlDecoder().decode(jwk.getString("x"));
    byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] spki = Arrays.copyOf(prefix, prefix.length + x.length);
    System.arraycopy(x, 0, spki, prefix.length, x.length);
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(key);
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
      return false;
    }
    JsonObject signed = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    return credential.equals(signed.getJsonObject("vc"));
  }

  @Test
  void thePublicVerificationAnswersAnonymousCallersAndRevealsNothingElse() {
    String rep3 = platform.token("rep3@acme.example");
    JsonObject other = ok(platform.json("POST", "/api/recognition/praise", rep3, new JsonObject()
        .put("toUserId", ids.get("rep1@acme.example")).put("value", "respect")
        .put("message", "Secret praise text nobody outside should read").encode()), 201);
    assertNotNull(other.getString("id"));
    JsonObject mine = ok(platform.json("POST", "/api/recognition/awards", leader, new JsonObject()
        .put("userId", ids.get("rep4@acme.example")).put("badgeId", "great-mentor").encode()), 201);
    ok(platform.get("/api/recognition/awards/" + mine.getString("id") + "/credential", leader), 200);
    String credentialId = mine.getString("credentialId");

    JsonObject result = ok(platform.get("/api/recognition/credentials/" + credentialId + "/verify", null), 200);
    assertTrue(result.getBoolean("valid"), result.encode());
    assertTrue(result.getBoolean("signatureValid"));
    assertFalse(result.getBoolean("revoked"));
    assertEquals("Ewa Wójcik", result.getString("recipient"));
    assertEquals("Acme Sales", result.getString("issuer"));
    assertEquals(Set.of("credentialId", "valid", "signatureValid", "revoked", "badge", "issuer", "recipient", "awardedAt",
        "checkedAt"), result.fieldNames());

    HttpResponse<String> page = platform.send(platform.request("/recognition/verify/" + credentialId)
        .header("Accept-Language", "en").GET().build());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Valid badge"), page.body());
    assertTrue(page.body().contains("Ewa Wójcik"), page.body());
    for (String secret : List.of("Secret praise text", "Robert Nowak", "Anna Kowalska", ids.get("rep4@acme.example"))) {
      assertFalse(page.body().contains(secret), "the page shows nothing but the credential: " + secret);
      assertFalse(result.encode().contains(secret), "the answer shows nothing but the credential: " + secret);
    }

    assertEquals(404, platform.get("/api/recognition/credentials/00000000-0000-0000-0000-000000000000/verify", null).statusCode());
    HttpResponse<String> unknownPage = platform.send(platform.request("/recognition/verify/nope").header("Accept-Language", "en").GET().build());
    assertEquals(200, unknownPage.statusCode());
    assertTrue(unknownPage.body().contains("Unknown credential"), unknownPage.body());
    assertEquals(404, platform.get("/api/recognition/issuers/0123456789abcdef01234567/jwks", null).statusCode());

    assertEquals(403, platform.json("POST", "/api/recognition/awards/" + mine.getString("id") + "/revoke", rep3, null).statusCode());
    ok(platform.json("POST", "/api/recognition/awards/" + mine.getString("id") + "/revoke", leader, null), 200);
    JsonObject revoked = ok(platform.get("/api/recognition/credentials/" + credentialId + "/verify", null), 200);
    assertFalse(revoked.getBoolean("valid"));
    assertTrue(revoked.getBoolean("revoked"));
    assertTrue(revoked.getBoolean("signatureValid"));
  }
}
