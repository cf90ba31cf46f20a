package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The platform in a real headless Chromium, as the people using it see it: signing in, the home page,
 * navigation, plugin pages, signing out, phone-sized screens and the browser's language. Every page
 * visited is saved as a screenshot under {@code target/screenshots/}.
 */
class BrowserJourneyTest {

  private static final List<String> PLUGINS = List.of("training", "mentoring", "leaderboards", "recognition");

  @TempDir
  static Path data;

  private static TestPlatform platform;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Browser.available(), "Chromium is not installed at " + Browser.chromium());
    platform = TestPlatform.start(data);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void leaderSignsInSeesTheOrganisationVisitsPluginsAndSignsOut() {
    try (Browser browser = Browser.open(Browser.DESKTOP, "en-US")) {
      WebDriver page = browser.driver();

      page.get(url("/"));
      awaitPath(page, "/signin");
      assertEquals("en", page.findElement(By.tagName("html")).getDomAttribute("lang"));
      assertEquals("Sign in to Quotient", heading(page));
      browser.screenshot("desktop-signin");

      signIn(page, "leader@acme.example");
      awaitPath(page, "/");
      assertEquals("Welcome, Lena Leader", heading(page));
      assertTrue(page.findElement(By.cssSelector("main .lead")).getText().contains("Organisation: Acme Sales"),
          page.findElement(By.cssSelector("main .lead")).getText());
      WebElement teams = page.findElement(By.cssSelector("section[aria-labelledby=teams-h]"));
      assertEquals("Teams", teams.findElement(By.tagName("h2")).getText());
      List<String> teamNames = teams.findElements(By.cssSelector("article.team h3")).stream()
          .map(h -> h.getText().replaceAll("\\s*\\d+$", "")).sorted().toList();
      assertEquals(List.of("Farmers", "Hunters"), teamNames);
      assertTrue(teams.getText().contains("Robert Nowak"), teams.getText());
      assertEquals(startedPlugins(), pluginStates(page));
      browser.screenshot("desktop-home-leader");

      navLink(page, "Plugins").click();
      awaitPath(page, "/admin/plugins");
      assertEquals("Plugins", heading(page));
      assertEquals(startedPlugins(), pluginStates(page));
      browser.screenshot("desktop-admin-plugins");

      navLink(page, "Training").click();
      awaitPath(page, "/training");
      assertEquals("Training", heading(page));
      assertTrue(page.getTitle().startsWith("Training"), page.getTitle());

      signOutButton(page).click();
      awaitPath(page, "/signin");
      assertEquals("Sign in to Quotient", heading(page));
      assertTrue(page.findElements(By.cssSelector("header nav")).isEmpty(), "no navigation once signed out");

      // The session is gone: the home page asks for a sign-in again.
      page.get(url("/"));
      awaitPath(page, "/signin");
    }
  }

  @Test
  void homePageFitsAPhoneWithNavigationAndSignOutInView() {
    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = browser.driver();
      assertEquals(390L, browser.script("return window.innerWidth"));

      page.get(url("/"));
      awaitPath(page, "/signin");
      assertEquals(0, browser.sidewaysOverflow(), "the sign-in page scrolls sideways");
      browser.screenshot("phone-signin");

      signIn(page, "leader@acme.example");
      awaitPath(page, "/");
      assertEquals("Welcome, Lena Leader", heading(page));
      assertEquals(0, browser.sidewaysOverflow(), "the home page scrolls sideways");
      WebElement nav = page.findElement(By.cssSelector("header nav"));
      assertTrue(nav.isDisplayed(), "navigation is hidden");
      List<WebElement> links = nav.findElements(By.tagName("a"));
      assertTrue(links.size() >= 2 + PLUGINS.size(), "navigation has only " + links.size() + " links");
      for (WebElement link : links) {
        assertTrue(link.isDisplayed(), link.getText() + " is hidden");
        assertWithinWidth(link, 390);
      }
      WebElement signOut = signOutButton(page);
      assertTrue(signOut.isDisplayed(), "sign-out is hidden");
      assertWithinWidth(signOut, 390);
      browser.screenshot("phone-home-leader");
    }
  }

  @Test
  void signInPageFollowsAPolishBrowser() {
    try (Browser browser = Browser.open(Browser.DESKTOP, "pl")) {
      WebDriver page = browser.driver();
      page.get(url("/"));
      awaitPath(page, "/signin");
      assertEquals("pl", page.findElement(By.tagName("html")).getDomAttribute("lang"));
      assertEquals("Zaloguj się do Quotient", heading(page));
      assertEquals("Zaloguj się", page.findElement(By.cssSelector("main form button[type=submit]")).getText());
      assertEquals("Hasło", page.findElement(By.cssSelector("label[for=password]")).getText());
      browser.screenshot("desktop-signin-pl");
    }
  }

  @Test
  void everyonesPagesFitDesktopAndPhone() {
    // Who sees which page: a rep's home, an admin's user list, anyone's account page.
    Map<String, List<String>> pagesByUser = new java.util.LinkedHashMap<>();
    pagesByUser.put("rep1@acme.example", List.of("/", "/account"));
    pagesByUser.put("admin@acme.example", List.of("/", "/admin/users", "/admin/teams", "/admin/audit"));
    for (Dimension size : List.of(Browser.DESKTOP, Browser.PHONE)) {
      String device = size.equals(Browser.PHONE) ? "phone" : "desktop";
      for (Map.Entry<String, List<String>> entry : pagesByUser.entrySet()) {
        String who = entry.getKey().substring(0, entry.getKey().indexOf('@'));
        try (Browser browser = Browser.open(size, "en-US")) {
          WebDriver page = browser.driver();
          page.get(url("/signin"));
          signIn(page, entry.getKey());
          awaitPath(page, "/");
          for (String path : entry.getValue()) {
            page.get(url(path));
            awaitPath(page, path);
            String name = device + "-" + (path.equals("/") ? "home" : path.substring(1).replace('/', '-')) + "-" + who;
            browser.screenshot(name);
            assertEquals(0, browser.sidewaysOverflow(), name + " scrolls sideways");
            assertEquals(1, page.findElements(By.tagName("h1")).size(), name + " has one main heading");
          }
        }
      }
    }
  }

  private static String url(String path) {
    return platform.uri(path).toString();
  }

  private static void signIn(WebDriver page, String email) {
    page.findElement(By.id("email")).sendKeys(email);
    page.findElement(By.id("password")).sendKeys(TestPlatform.DEMO_PASSWORD);
    page.findElement(By.cssSelector("main form button[type=submit]")).click();
  }

  private static void awaitPath(WebDriver page, String path) {
    new WebDriverWait(page, Duration.ofSeconds(15)).withMessage(() -> "expected " + path + " but was "
        + page.getCurrentUrl()).until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path)
        && "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  private static String heading(WebDriver page) {
    return page.findElement(By.cssSelector("main h1")).getText();
  }

  private static WebElement navLink(WebDriver page, String label) {
    return page.findElements(By.cssSelector("header nav a")).stream()
        .filter(a -> a.getText().equals(label)).findFirst()
        .orElseThrow(() -> new AssertionError("no navigation link " + label));
  }

  private static WebElement signOutButton(WebDriver page) {
    return page.findElement(By.cssSelector("form[action='/signout'] button[type=submit]"));
  }

  private static Map<String, String> startedPlugins() {
    return PLUGINS.stream().collect(Collectors.toMap(p -> p, p -> "STARTED"));
  }

  /** Plugin id to state, from the plugin table of the page. */
  private static Map<String, String> pluginStates(WebDriver page) {
    return page.findElements(By.cssSelector("table.plugins tbody tr")).stream().collect(Collectors.toMap(
        row -> row.getDomAttribute("data-plugin"),
        row -> row.findElement(By.cssSelector(".state")).getText()));
  }

  private static void assertWithinWidth(WebElement element, int width) {
    Rectangle r = element.getRect();
    assertTrue(r.getX() >= 0 && r.getX() + r.getWidth() <= width,
        "'" + element.getText() + "' sticks out of the screen: " + r.getX() + "+" + r.getWidth());
  }
}
