package dev.quotient.distribution;

import dev.quotient.testkit.PlatformClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Small helpers for tests that put files into the library. */
final class MaterialsTestSupport {

  private MaterialsTestSupport() {}

  /** Uploads a small text file as the next version of an item. */
  static HttpResponse<String> upload(PlatformClient platform, String token, String id, String name) {
    return platform.send(platform.request("/api/materials/" + id + "/file?name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofString("Notes for " + name)).build());
  }
}
