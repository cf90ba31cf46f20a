package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.heading;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The platform in a real headless Chromium, as the people using it see it: signing in, the home page,
 * navigation, plugin pages, signing out, phone-sized screens and the browser's language. Every page
 * visited is saved as a screenshot under {@code target/screenshots/}.
 */
class BrowserJourneyTest extends BrowserJourney {

  private static final List<String> PLUGINS = List.of("training", "mentoring", "leaderboards", "recognition", "development",
      "needs", "hiring");

  @TempDir
  static Path data;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
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
          .map(h -> String.valueOf(browser.script("return arguments[0].firstChild.textContent.trim()", h)))
          .sorted().toList();
      assertEquals(List.of("Farmers", "Hunters"), teamNames);
      assertTrue(teams.getText().contains("Robert Nowak"), teams.getText());
      assertEquals(startedPlugins(), pluginStates(page));
      browser.screenshot("desktop-home-leader");

      // Keyboard: the first Tab shows the skip link, with a visible focus ring; the next reach the navigation.
      new Actions(page).sendKeys(Keys.TAB).perform();
      WebElement skip = page.switchTo().activeElement();
      assertEquals("Skip to content", skip.getText());
      assertTrue(skip.getRect().getY() >= 0, "the focused skip link stays off screen");
      assertEquals("solid", skip.getCssValue("outline-style"));
      new Actions(page).sendKeys(Keys.TAB, Keys.TAB).perform();
      WebElement focused = page.switchTo().activeElement();
      assertEquals("Home", focused.getText());
      assertEquals("solid", focused.getCssValue("outline-style"));
      browser.screenshot("desktop-home-leader-focus");

      assertEquals("page", navLink(page, "Home").getDomAttribute("aria-current"));
      navLink(page, "Plugins").click();
      awaitPath(page, "/admin/plugins");
      assertEquals("Plugins", heading(page));
      assertEquals("page", navLink(page, "Plugins").getDomAttribute("aria-current"));
      assertEquals(null, navLink(page, "Home").getDomAttribute("aria-current"));
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

  /** Who looks at which pages, with which browser language. */
  private record Visit(String email, String language, List<String> paths) {}

  @Test
  void everyonesPagesFitDesktopAndPhoneAndKeepTheirStructure() {
    List<Visit> visits = List.of(
        new Visit("rep1@acme.example", "en-US", List.of("/", "/account", "/training")),
        new Visit("admin@acme.example", "en-US", List.of("/", "/admin/users", "/admin/teams", "/admin/audit")),
        new Visit("leader@acme.example", "pl", List.of("/", "/admin/plugins", "/account")));
    for (Dimension size : List.of(Browser.DESKTOP, Browser.PHONE)) {
      String device = size.equals(Browser.PHONE) ? "phone" : "desktop";
      for (Visit visit : visits) {
        String who = visit.email().substring(0, visit.email().indexOf('@'))
            + (visit.language().startsWith("en") ? "" : "-" + visit.language());
        try (Browser browser = Browser.open(size, visit.language())) {
          WebDriver page = browser.driver();
          page.get(url("/signin"));
          signIn(page, visit.email());
          awaitPath(page, "/");
          for (String path : visit.paths()) {
            page.get(url(path));
            awaitPath(page, path);
            String name = device + "-" + (path.equals("/") ? "home" : path.substring(1).replace('/', '-')) + "-" + who;
            browser.screenshot(name);
            assertEquals(visit.language().substring(0, 2), page.findElement(By.tagName("html")).getDomAttribute("lang"),
                name);
            assertEquals(0, browser.sidewaysOverflow(), name + " scrolls sideways");
            assertEquals(1, page.findElements(By.tagName("main")).size(), name + " has one main landmark");
            assertEquals(1, page.findElements(By.tagName("h1")).size(), name + " has one main heading");
            assertEquals(List.of(), browser.script("""
                const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
                return levels.flatMap((l, i) => i > 0 && l > levels[i - 1] + 1 ? ['h' + levels[i - 1] + '>h' + l] : []);
                """), name + " skips heading levels");
            assertEquals(List.of(), browser.script("""
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                  .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.name);
                """), name + " has form fields without a label");
            if (path.equals("/account")) {
              // A new token: shown once in full, then listed with its revoke button.
              page.findElement(By.id("token-name")).sendKeys("CRM sync " + device);
              page.findElement(By.cssSelector("form[action='/account/tokens'] button[type=submit]")).click();
              awaitPath(page, "/account/tokens");
              assertTrue(page.findElement(By.cssSelector("code.secret")).isDisplayed(), name + " hides the new token");
              browser.screenshot(name + "-token");
              assertEquals(0, browser.sidewaysOverflow(), name + " with a token scrolls sideways");
            }
          }
        }
      }
    }
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

  /** Plugin id to state, from the plugin table of the page; a started plugin reads "Started". */
  private static Map<String, String> pluginStates(WebDriver page) {
    List<WebElement> rows = page.findElements(By.cssSelector("table.plugins tbody tr"));
    for (WebElement row : rows) {
      WebElement state = row.findElement(By.cssSelector(".state"));
      if ("STARTED".equals(state.getDomAttribute("data-state"))) {
        assertEquals("Started", state.getText());
      }
    }
    return rows.stream().collect(Collectors.toMap(
        row -> row.getDomAttribute("data-plugin"),
        row -> row.findElement(By.cssSelector(".state")).getDomAttribute("data-state")));
  }

  private static void assertWithinWidth(WebElement element, int width) {
    Rectangle r = element.getRect();
    assertTrue(r.getX() >= 0 && r.getX() + r.getWidth() <= width,
        "'" + element.getText() + "' sticks out of the screen: " + r.getX() + "+" + r.getWidth());
  }
}
