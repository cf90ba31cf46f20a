package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer forbids what no page uses (camera, microphone, location, payment), and an installation
 * served over TLS (secure cookies) tells browsers to use nothing else (HSTS); one without TLS does not.
 */
class SecurityHeadersTest {

  @TempDir
  Path data;
  @TempDir
  Path noPlugins;

  @Test
  void permissionsAreDeniedAndHttpsIsPinnedWhenServedOverTls() {
    try (TestPlatform plain = TestPlatform.start(data.resolve("plain"), noPlugins, Map.of())) {
      HttpResponse<String> page = plain.get("/signin", null);
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("Permissions-Policy").orElse("").contains("camera=()"), page.headers().map()
          .toString());
      assertTrue(page.headers().firstValue("Strict-Transport-Security").isEmpty(), "no TLS, no HSTS");
    }
    try (TestPlatform tls = TestPlatform.start(data.resolve("tls"), noPlugins, Map.of("QUOTIENT_SECURE_COOKIES", "true"))) {
      HttpResponse<String> page = tls.get("/signin", null);
      assertEquals("max-age=31536000", page.headers().firstValue("Strict-Transport-Security").orElse(""));
      assertEquals("max-age=31536000", tls.get("/api/me", null).headers().firstValue("Strict-Transport-Security")
          .orElse(""), "problems carry it too");
    }
  }
}
