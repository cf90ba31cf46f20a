package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB file through a platform process whose heap is far smaller than the file: the upload and
 * the download are streamed, the digest matches on both sides, and the acknowledged upload is still
 * there after {@code kill -9}. The bytes are generated on the fly on the test's side too.
 */
class LargeMaterialTest {

  static final long SIZE = 200L * 1024 * 1024;
  static final String HEAP = "-Xmx96m";

  @Test
  void streamsTwoHundredMegabytesThroughASmallHeapAndKeepsThemAfterKill(@TempDir Path data) throws Exception {
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data, Map.of(),
        List.of(HEAP))) {
      String trainer = platform.token("trainer@acme.example");
      HttpResponse<String> created = platform.json("POST", "/api/materials", trainer, new JsonObject()
          .put("title", "Quarterly kick-off recording notes").put("kind", "reinforcement").encode());
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("id");

      GeneratedPdf source = new GeneratedPdf(SIZE, 42);
      long began = System.nanoTime();
      HttpResponse<String> stored = platform.send(platform.request("/api/materials/" + id + "/file?name=kickoff.pdf")
          .timeout(java.time.Duration.ofMinutes(3))
          .header("Authorization", "Bearer " + trainer).header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> source), SIZE))
          .build());
      long uploadMillis = (System.nanoTime() - began) / 1_000_000;
      assertEquals(201, stored.statusCode(), stored.body() + "\n" + platform.logTail());
      String sent = HexFormat.of().formatHex(source.digest());
      JsonObject version = new JsonObject(stored.body());
      assertEquals(SIZE, version.getLong("size"));
      assertEquals(sent, version.getString("sha256"));
      long peakKb = peakResidentKb(platform.pid());

      began = System.nanoTime();
      try {
        assertEquals(sent, downloadDigest(platform, trainer, id), "the download is the upload");
      } catch (IOException e) {
        throw new AssertionError("download failed; platform log:\n" + platform.logTail(), e);
      }
      long downloadMillis = (System.nanoTime() - began) / 1_000_000;
      System.out.printf("200 MB upload %d ms, download %d ms, platform %s, peak resident %d MB%n", uploadMillis,
          downloadMillis, HEAP, peakKb / 1024);

      // A second upload is cut off by kill -9 half-way: it must not show as a version after the restart.
      String cutId = new JsonObject(platform.json("POST", "/api/materials", trainer, new JsonObject()
          .put("title", "Cut off").put("kind", "reinforcement").encode()).body()).getString("id");
      GeneratedPdf cutSource = new GeneratedPdf(SIZE, 7);
      var cut = platform.client().sendAsync(platform.request("/api/materials/" + cutId + "/file?name=cut.pdf")
          .timeout(java.time.Duration.ofMinutes(3)).header("Authorization", "Bearer " + trainer)
          .header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> cutSource), SIZE))
          .build(), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(1500);
      platform.kill();
      assertTrue(cut.handle((r, e) -> e != null || r.statusCode() != 201).get(), "the cut upload was not acknowledged");
      platform.restart();
      String again = platform.token("trainer@acme.example");
      assertEquals(sent, downloadDigest(platform, again, id), "an acknowledged upload survives kill -9");
      JsonObject cutItem = new JsonObject(platform.get("/api/materials/" + cutId, again).body());
      assertTrue(cutItem.getJsonArray("versions").isEmpty(), "no version from a cut-off upload: " + cutItem);
      assertTrue(platform.isAlive());
    }
  }

  /** Downloads version 1, hashing while reading; checks the Repr-Digest header too. */
  static String downloadDigest(PlatformProcess platform, String token, String id) throws Exception {
    HttpResponse<InputStream> r = platform.client().send(platform.request("/api/materials/" + id + "/versions/1")
        .timeout(java.time.Duration.ofMinutes(3))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode(), () -> "download refused; platform log:\n" + platform.logTail());
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long total = 0;
    try (InputStream in = r.body()) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        total += n;
      }
    }
    assertEquals(SIZE, total);
    byte[] hash = digest.digest();
    assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(hash) + ":",
        r.headers().firstValue("Repr-Digest").orElse(null));
    return HexFormat.of().formatHex(hash);
  }

  /** VmHWM of the process: the most memory it ever held resident (0 where /proc is missing). */
  static long peakResidentKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
