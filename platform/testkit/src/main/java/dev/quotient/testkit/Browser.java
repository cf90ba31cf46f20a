package dev.quotient.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through Selenium, for tests that look at pages the way people do. The
 * browser binary comes from the {@code quotient.chromium} system property (default
 * {@code /usr/bin/chromium}), the driver from {@code quotient.chromedriver} (default
 * {@code /usr/bin/chromedriver}); Selenium never downloads anything. Every browser gets a fresh
 * profile, removed on {@link #close}.
 */
public final class Browser implements AutoCloseable {

  /** A laptop screen. */
  public static final Dimension DESKTOP = new Dimension(1280, 900);
  /** A phone held upright. */
  public static final Dimension PHONE = new Dimension(390, 844);

  private static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
  private static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final Path screenshots;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, Path screenshots) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /** The Chromium binary tests use. */
  public static Path chromium() {
    String configured = System.getProperty("quotient.chromium");
    return Path.of(configured == null || configured.isBlank() ? DEFAULT_CHROMIUM : configured);
  }

  /** The chromedriver binary tests use. */
  public static Path chromedriver() {
    String configured = System.getProperty("quotient.chromedriver");
    return Path.of(configured == null || configured.isBlank() ? DEFAULT_CHROMEDRIVER : configured);
  }

  /**
   * Whether Chromium is installed here. Tests skip without it; a missing chromedriver next to an
   * installed Chromium is a broken installation and fails {@link #open} loudly instead.
   */
  public static boolean available() {
    return Files.isExecutable(chromium());
  }

  /** A desktop-sized browser asking for English pages. */
  public static Browser open() {
    return open(DESKTOP, "en-US");
  }

  /**
   * A browser with the given window size whose requests carry the given {@code Accept-Language}
   * (for example {@code en-US} or {@code pl}).
   */
  public static Browser open(Dimension size, String language) {
    if (!Files.isExecutable(chromedriver())) {
      throw new IllegalStateException("chromedriver is not installed at " + chromedriver()
          + " (set the system property quotient.chromedriver)");
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("quotient-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments(List.of(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-quic",
        "--hide-scrollbars",
        "--lang=" + language,
        "--window-size=" + size.getWidth() + "," + size.getHeight(),
        "--user-data-dir=" + profile));
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("intl.accept_languages", language);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver().toFile())
        .usingAnyFreePort()
        .withSilent(true)
        .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteQuietly(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Browser browser = new Browser(driver, service, profile, Path.of("target", "screenshots"));
    browser.resize(size);
    return browser;
  }

  public WebDriver driver() {
    return driver;
  }

  /** Changes the size of the viewport (the page area, without any browser frame). */
  public void resize(Dimension size) {
    driver.manage().window().setSize(size);
    // Headless windows have no frame, but correct for one should a build add it.
    long innerWidth = number("return window.innerWidth");
    long innerHeight = number("return window.innerHeight");
    if (innerWidth != size.getWidth() || innerHeight != size.getHeight()) {
      Dimension outer = driver.manage().window().getSize();
      driver.manage().window().setSize(new Dimension(
          outer.getWidth() + size.getWidth() - (int) innerWidth,
          outer.getHeight() + size.getHeight() - (int) innerHeight));
    }
  }

  /** Runs a script in the page and returns its result. */
  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
  public long sidewaysOverflow() {
    return Math.max(0, number("return document.documentElement.scrollWidth - window.innerWidth"));
  }

  /**
   * What axe-core (Deque's accessibility engine, run in the page) finds against WCAG 2.1 A and AA on
   * the page as it stands: one line per rule broken, with the first places it is broken. Empty when
   * nothing is.
   */
  public java.util.List<String> accessibilityViolations() {
    com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
        .withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
    return results.getViolations().stream().map(rule -> rule.getId() + " (" + rule.getImpact() + "): "
        + rule.getHelp() + " at " + rule.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget()))
        .toList()).toList();
  }

  /**
   * Saves a PNG of the whole page (not only the visible part) as {@code target/screenshots/<name>.png}
   * and returns its path.
   */
  public Path screenshot(String name) {
    byte[] png;
    try {
      png = fullPage();
    } catch (RuntimeException e) {
      png = driver.getScreenshotAs(OutputType.BYTES);
    }
    try {
      Files.createDirectories(screenshots);
      Path file = screenshots.resolve(name + ".png");
      Files.write(file, png);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] fullPage() {
    long width = number("return Math.max(document.documentElement.scrollWidth, window.innerWidth)");
    long height = number("return Math.max(document.documentElement.scrollHeight, window.innerHeight)");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }

  private long number(String script) {
    Object value = script(script);
    return value instanceof Number n ? n.longValue() : 0;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
