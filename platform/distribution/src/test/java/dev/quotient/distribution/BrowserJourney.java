package dev.quotient.distribution;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every real-browser journey shares: one platform per test class (each class starts it in its own
 * {@code @BeforeAll}, with the data it needs), stopped after the class, and every test skipped where
 * Chromium is not installed.
 */
abstract class BrowserJourney {

  static TestPlatform platform;

  @BeforeEach
  void needsChromium() {
    Assumptions.assumeTrue(Browser.available(), "Chromium is not installed at " + Browser.chromium());
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
      platform = null;
    }
  }

  static String url(String path) {
    return platform.uri(path).toString();
  }
}
