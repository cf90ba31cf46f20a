package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Await;
import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by an earlier release opens with this one: the backup kept in
 * {@code src/test/resources/upgrade/} (the demo organisation with 14 days of history, written by
 * release 0.1.0) is restored with the release's own command, a node starts on it, the schema steps
 * newer than the fixture run once (none run at the next start), and what people see is what the
 * fixture's manifest recorded when it was written: the people, each rep's activities, the all-time
 * board and the running plugins.
 *
 * <p>When a release changes what it stores, keep this fixture and add the new release's beside it
 * ({@link #writeFixture} writes one from the code as it is).
 */
class UpgradeTest {

  private static final String FIXTURE = "release-0.1.0";
  private static final String OPERATOR_TOKEN = "operator-token-for-the-upgrade-fixture-0123456789";

  @Test
  void aDataDirectoryOfTheEarlierReleaseOpensWithEverythingItHeld(@TempDir Path dir) throws Exception {
    JsonObject manifest;
    try (InputStream in = UpgradeTest.class.getResourceAsStream("/upgrade/" + FIXTURE + ".json")) {
      manifest = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Path zip = dir.resolve(FIXTURE + ".zip");
    try (InputStream in = UpgradeTest.class.getResourceAsStream("/upgrade/" + FIXTURE + ".zip")) {
      Files.copy(in, zip);
    }
    Path data = dir.resolve("data");
    Process restore = BackupRestoreTest.maintenance(List.of("restore", zip.toString(), data.toString()), Map.of());
    String said = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(restore.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, restore.exitValue(), said);

    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data, Map.of())) {
      int steps = migrations(platform);
      assertEquals(migrationsSince(manifest.getInteger("schemaVersion")), steps,
          "each schema step newer than the fixture runs once");
      assertEquals(manifest, snapshot(platform, manifest.getInteger("schemaVersion")),
          "what the upgraded node shows is what the fixture held");
      platform.close();
      platform.restart();
      assertEquals(steps, migrations(platform), "no schema step runs again at the next start");
      assertTrue(!platform.logTail().contains("\"level\":\"ERROR\""), platform.logTail());
    }
  }

  /**
   * Writes a fixture from the code as it is (tagged out of the suite): {@code mvn -B verify -pl
   * platform/distribution -Dquotient.excludedGroups= -Dquotient.groups=fixture -Dtest=UpgradeTest
   * -Dupgrade.fixture.write=release-x.y.z}.
   */
  @Test
  @Tag("fixture")
  void writeFixture(@TempDir Path dir) throws Exception {
    String name = System.getProperty("upgrade.fixture.write");
    assertTrue(name != null && name.matches("release-[0-9.]+"), "name the fixture: -Dupgrade.fixture.write=release-x.y.z");
    Path tokenFile = dir.resolve("operator.token");
    Files.writeString(tokenFile, OPERATOR_TOKEN);
    Path data = dir.resolve("data");
    Path resources = Path.of("src/test/resources/upgrade");
    Files.createDirectories(resources);
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data,
        Map.of("QUOTIENT_DEMO_HISTORY_DAYS", "14", "QUOTIENT_OPERATOR_TOKEN_FILE", tokenFile.toString()))) {
      Await.until(() -> {
        try {
          return Files.readString(platform.log());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, log -> log.contains("demo history:"));
      Thread.sleep(3_000);
      JsonObject manifest = snapshot(platform, dev.quotient.server.mongo.Migrations.latestVersion());
      HttpResponse<String> backup = platform.json("POST", "/api/operator/backups", OPERATOR_TOKEN, "");
      assertEquals(201, backup.statusCode(), backup.body());
      Files.copy(Path.of(new JsonObject(backup.body()).getString("file")), resources.resolve(name + ".zip"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(resources.resolve(name + ".json"), manifest.encodePrettily() + "\n");
    }
  }

  private static int migrations(PlatformProcess platform) throws Exception {
    return (int) Files.readAllLines(platform.log()).stream().filter(l -> l.contains("schema migration")).count();
  }

  private static int migrationsSince(int version) {
    return dev.quotient.server.mongo.Migrations.latestVersion() - version;
  }

  /** What the manifest records: people, each rep's activity ids' count and last id, the all-time board, plugins. */
  static JsonObject snapshot(PlatformProcess platform, int schemaVersion) {
    String admin = platform.token("admin@acme.example");
    String leader = platform.token("leader@acme.example");
    JsonArray users = new JsonArray(ok(platform.get("/api/users", admin)));
    List<String> people = new ArrayList<>();
    JsonObject activities = new JsonObject();
    for (Object o : users) {
      JsonObject u = (JsonObject) o;
      people.add(u.getString("email") + " " + u.getString("name") + " " + u.getValue("roles"));
      if (u.getJsonArray("roles").contains("rep")) {
        int count = platform.activities(u.getString("id"), admin).size();
        activities.put(u.getString("email"), count);
      }
    }
    people.sort(null);
    JsonObject board = new JsonObject(ok(platform.get(
        "/api/leaderboards/board?scope=individual&ladder=overall&period=all&top=20&around=0", leader)));
    JsonArray top = new JsonArray();
    board.getJsonArray("top").forEach(o -> top.add(((JsonObject) o).getString("name") + " " + ((JsonObject) o).getValue("score")));
    JsonArray plugins = new JsonArray();
    new JsonArray(ok(platform.get("/api/plugins", admin))).forEach(o -> plugins.add(((JsonObject) o).getString("id")
        + " " + ((JsonObject) o).getString("state")));
    return new JsonObject().put("schemaVersion", schemaVersion).put("people", new JsonArray(people))
        .put("activities", activities).put("board", top).put("plugins", plugins);
  }

  private static String ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
