package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More than one organisation on one installation, for its operator only: the operator's token from
 * configuration hosts a further organisation whose administrator gets an invitation link; no user of
 * any organisation can, and the new organisation sees nothing of the other.
 */
class HostedOrganisationsTest {

  private static final String OPERATOR = "operator-token-of-this-installation-0123456789";

  @TempDir
  static Path data;
  @TempDir
  static Path noPlugins;
  private static TestPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    Path tokenFile = data.resolve("operator-token");
    Files.writeString(tokenFile, OPERATOR + "\n");
    platform = TestPlatform.start(data.resolve("store"), noPlugins,
        Map.of("QUOTIENT_OPERATOR_TOKEN_FILE", tokenFile.toString()));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void onlyTheOperatorHostsAnotherOrganisationAndItStaysApart() {
    JsonObject globex = new JsonObject().put("name", "Globex Sales").put("zone", "Europe/Berlin").put("locale", "en")
        .put("currency", "EUR").put("values", new JsonArray().add("ownership").add("grit"))
        .put("adminName", "Greta Globex").put("adminEmail", "greta@globex.example");
    String acmeAdmin = platform.token("admin@acme.example");
    assertEquals(401, post(acmeAdmin, globex).statusCode(), "an organisation's admin is not the operator");
    assertEquals(401, post(null, globex).statusCode());
    assertEquals(401, platform.send(platform.request("/api/operator/organisations")
        .header("Authorization", "Bearer " + OPERATOR.replace('0', '1')).GET().build()).statusCode());
    assertEquals(400, post(OPERATOR, globex.copy().put("zone", "Nowhere/Town")).statusCode());
    assertEquals(409, post(OPERATOR, globex.copy().put("adminEmail", "admin@acme.example")).statusCode(), "e-mail taken");
    assertEquals(1, operatorList().size(), "nothing stored by the refused ones");

    HttpResponse<String> created = post(OPERATOR, globex);
    assertEquals(201, created.statusCode(), created.body());
    JsonObject body = new JsonObject(created.body());
    assertEquals("Globex Sales", body.getJsonObject("organisation").getString("name"));
    assertEquals(409, post(OPERATOR, globex.copy().put("adminEmail", "other@globex.example")).statusCode(), "name taken");
    assertEquals(2, operatorList().size());

    // The administrator accepts the invitation and sees only their own organisation.
    String welcome = URI.create(body.getString("invitation")).getPath();
    Browser greta = new Browser(platform);
    HttpResponse<String> chosen = greta.submit(welcome, welcome, Map.of("password", "greta-password-1",
        "confirmation", "greta-password-1"));
    assertEquals(303, chosen.statusCode(), chosen.body());
    HttpResponse<String> issued = platform.json("POST", "/api/auth/token", null, new JsonObject()
        .put("email", "greta@globex.example").put("password", "greta-password-1").encode());
    assertEquals(201, issued.statusCode(), issued.body());
    String gretaToken = new JsonObject(issued.body()).getString("token");
    JsonArray users = new JsonArray(platform.get("/api/users", gretaToken).body());
    assertEquals(1, users.size(), "Globex sees its own people only: " + users.encode());
    assertEquals("Globex Sales", new JsonObject(platform.get("/api/organisation", gretaToken).body()).getString("name"));
    assertEquals(401, platform.get("/api/operator/organisations", gretaToken).statusCode());
  }

  private static HttpResponse<String> post(String token, JsonObject body) {
    HttpRequest.Builder r = platform.request("/api/operator/organisations").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return platform.send(r.build());
  }

  private static JsonArray operatorList() {
    HttpResponse<String> r = platform.send(platform.request("/api/operator/organisations")
        .header("Authorization", "Bearer " + OPERATOR).GET().build());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body());
  }
}
