package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's backup, as the README gives it: {@code java -jar quotient-server.jar backup} while
 * four clients keep posting activities, then {@code restore} into a new data directory and a node
 * started on it. Every activity acknowledged before the backup began is there.
 */
class BackupRestoreTest {

  private static final int CLIENTS = 4;
  private static final int BATCH = 20;
  private static final String OPERATOR_TOKEN = "operator-token-for-the-backup-test-0123456789";

  @Test
  void aBackupTakenUnderWritesHoldsEveryAcknowledgedWriteAndRestoresIntoANewDataDirectory(@TempDir Path dir)
      throws Exception {
    Path tokenFile = dir.resolve("operator.token");
    Files.writeString(tokenFile, OPERATOR_TOKEN);
    Map<String, String> env = Map.of("QUOTIENT_OPERATOR_TOKEN_FILE", tokenFile.toString());
    Path data = dir.resolve("data");
    Path restored = dir.resolve("restored");
    Set<String> acknowledgedBeforeBackup;
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    JsonObject backup;
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data, env)) {
      String admin = platform.token("admin@acme.example");
      String repId = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      Instant base = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      AtomicBoolean writing = new AtomicBoolean(true);
      List<String> failures = new ArrayList<>();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread thread = new Thread(() -> {
          for (int round = 0; writing.get(); round++) {
            JsonArray items = new JsonArray();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
              String id = "backup-" + client + "-" + round + "-" + i;
              ids.add(id);
              items.add(ActivityTest.activity(id, repId, i % 2 == 0 ? "call" : "email",
                  base.plusSeconds((long) round * BATCH + i).toString()));
            }
            HttpResponse<String> answer = platform.json("POST", "/api/activities/batch", admin,
                new JsonObject().put("activities", items).encode());
            if (answer.statusCode() == 201) {
              acknowledged.addAll(ids);
            } else {
              synchronized (failures) {
                failures.add(answer.statusCode() + " " + answer.body());
              }
            }
          }
        });
        thread.start();
        clients.add(thread);
      }
      Thread.sleep(2_000);
      acknowledgedBeforeBackup = new HashSet<>(acknowledged);
      Process command = maintenance(List.of("backup"), Map.of("QUOTIENT_HTTP_PORT", String.valueOf(platform.port()),
          "QUOTIENT_OPERATOR_TOKEN_FILE", tokenFile.toString()));
      String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(command.waitFor(2, TimeUnit.MINUTES));
      assertEquals(0, command.exitValue(), out);
      backup = new JsonObject(out.trim());
      Thread.sleep(1_000);
      writing.set(false);
      for (Thread t : clients) {
        t.join();
      }
      assertEquals(List.of(), failures);
      assertTrue(acknowledged.size() > acknowledgedBeforeBackup.size(), "writes went on during the backup");

      HttpResponse<String> user = platform.json("POST", "/api/operator/backups", admin, "");
      assertEquals(401, user.statusCode(), "a user's token, even an admin's, is no operator's");
    }
    assertTrue(acknowledgedBeforeBackup.size() >= BATCH, "too few writes before the backup");
    Path zip = Path.of(backup.getString("file"));
    assertTrue(zip.startsWith(data.resolve("backups").toAbsolutePath()), zip.toString());
    assertEquals(Files.size(zip), backup.getLong("bytes"));

    Process restore = maintenance(List.of("restore", zip.toString(), restored.toString()), Map.of());
    String said = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(restore.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, restore.exitValue(), said);
    Process again = maintenance(List.of("restore", zip.toString(), restored.toString()), Map.of());
    String refused = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(again.waitFor(2, TimeUnit.MINUTES));
    assertTrue(again.exitValue() != 0 && refused.contains("exists"), "a restore never writes over a store: " + refused);

    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), restored, env)) {
      String admin = platform.token("admin@acme.example");
      String repId = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      Set<String> stored = new HashSet<>();
      platform.activities(repId, admin).forEach(a -> stored.add(a.getString("id")));
      List<String> lost = acknowledgedBeforeBackup.stream().filter(id -> !stored.contains(id)).sorted().toList();
      System.out.printf("backup test: %d acknowledged before the backup, %d in all, %d in the restored store (%s, %d bytes, %d ms)%n",
          acknowledgedBeforeBackup.size(), acknowledged.size(), stored.size(), zip.getFileName(), backup.getLong("bytes"),
          backup.getLong("millis"));
      assertEquals(List.of(), lost, "acknowledged before the backup, missing from it");
      assertTrue(acknowledged.containsAll(stored.stream().filter(id -> id.startsWith("backup-")).toList()),
          "the backup holds only what was written");
    }
  }

  /** {@code java -jar quotient-server.jar <args>} with the given environment; output and errors together. */
  static Process maintenance(List<String> args, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", PlatformProcess.distributionHome().resolve("quotient-server.jar").toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("QUOTIENT_") || k.equals("MONGO_URI"));
    pb.environment().putAll(env);
    return pb.start();
  }
}
