package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.heading;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A leader assesses a rep, drafts a development plan from the profile, adds a book and sends it; the
 * rep signs in on a phone and accepts it, and the page then shows the plan accepted with the time.
 * The printed page (Chromium's print media emulation) keeps the headings and the goals table and hides
 * navigation and forms; no page scrolls sideways on a phone.
 */
class DevelopmentBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
    }
  }

  @Test
  void aLeaderDraftsAndSendsAPlanAndTheRepAcceptsIt() {
    String rep4 = RecognitionFixtures.userIds(platform, platform.token("leader@acme.example")).get("rep4@acme.example");
    String planPath;
    try (Browser browser = Browser.open()) {
      WebDriver page = browser.driver();
      page.get(url("/development/plans"));
      awaitPath(page, "/signin");
      signIn(page, "leader@acme.example");
      awaitPath(page, "/development/plans");
      assertEquals("Development plans and PIPs", heading(page));
      page.findElement(By.cssSelector("a[href='/development/profile/" + rep4 + "']")).click();
      awaitPath(page, "/development/profile/" + rep4);
      assertEquals("IQ/EQ/BQ profile: Ewa Wójcik", heading(page));
      for (String id : List.of("score-execution", "note-execution", "target-execution")) {
        assertEquals(1, page.findElements(By.cssSelector("label[for=" + id + "]")).size(), id + " has a label");
      }
      new Select(page.findElement(By.id("score-execution"))).selectByValue("2");
      page.findElement(By.id("note-execution")).sendKeys("Stops after the first follow-up.");
      new Select(page.findElement(By.id("score-empathy"))).selectByValue("1");
      page.findElement(By.cssSelector("section[aria-labelledby=assess-h] form button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("saved=1"));
      WebElement empathy = page.findElement(By.cssSelector("tr[data-skill=empathy]"));
      assertTrue(empathy.getAttribute("class").contains("gap"), "the largest gap is highlighted");
      assertTrue(empathy.getText().contains("3"), empathy.getText());

      page.findElement(By.id("start-plan")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> URI.create(d.getCurrentUrl()).getPath()
          .matches("/development/plans/[0-9a-f]{24}"));
      planPath = URI.create(page.getCurrentUrl()).getPath();
      assertEquals("Development plan: Ewa Wójcik", heading(page));
      List<WebElement> goals = page.findElements(By.cssSelector("table.dev-goals tbody tr"));
      assertEquals(2, goals.size(), "a goal for each gap");
      assertTrue(goals.get(0).getText().contains("Empathy"), goals.get(0).getText());
      assertFalse(page.findElement(By.cssSelector("section[aria-labelledby=mentor-h]")).getText().isBlank());
      page.findElement(By.id("resources")).sendKeys("Never Split the Difference");
      page.findElement(By.id("save-plan")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("done=saved"));
      assertTrue(page.findElement(By.cssSelector("section[aria-labelledby=resources-h]")).getText()
          .contains("Never Split the Difference"));
      page.findElement(By.id("send-plan")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("done=sent"));
      assertEquals("waiting for the rep", page.findElement(By.id("plan-status")).getText());
      browser.resize(Browser.PHONE);
      assertEquals(0, browser.sidewaysOverflow(), "the leader's plan page with its form fits a phone");
      browser.screenshot("development-leader-plan-phone");

      // A 30-day PIP written on a phone: signed by the leader, four check-ins, the audit trail's first entry.
      page.get(url("/development/pips/new?userId=" + rep4));
      awaitPath(page, "/development/pips/new");
      assertEquals(1, page.findElements(By.cssSelector("label[for=target-0-value]")).size());
      new Select(page.findElement(By.id("target-0-kpi"))).selectByValue("follow-ups-per-lead");
      page.findElement(By.id("target-0-value")).sendKeys("5");
      page.findElement(By.id("coaching")).sendKeys("Weekly call review");
      assertEquals(0, browser.sidewaysOverflow(), "the PIP form fits a phone");
      page.findElement(By.id("create-pip")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("done=created"));
      assertEquals("Performance improvement plan: Ewa Wójcik", heading(page));
      assertEquals(4, page.findElements(By.cssSelector("section[aria-labelledby=checkins-h] li")).size());
      assertEquals(1, page.findElements(By.cssSelector("ol.dev-timeline > li")).size());
      assertEquals(0, browser.sidewaysOverflow(), "the PIP with its audit trail fits a phone");
      browser.screenshot("development-pip-phone");
    }

    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = browser.driver();
      page.get(url(planPath));
      awaitPath(page, "/signin");
      signIn(page, "rep4@acme.example");
      awaitPath(page, planPath);
      assertEquals(0, browser.sidewaysOverflow(), "the plan fits a phone");
      assertTrue(page.findElements(By.id("plan-form")).isEmpty(), "the rep does not edit the plan");
      Instant before = Instant.now().minusSeconds(2);
      page.findElement(By.id("accept-plan")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("done=accepted"));
      assertEquals("accepted", page.findElement(By.id("plan-status")).getText());
      WebElement accepted = page.findElement(By.id("accepted"));
      assertTrue(accepted.getText().startsWith("Accepted by the rep (version 1):"), accepted.getText());
      Instant at = Instant.parse(accepted.findElement(By.tagName("time")).getAttribute("datetime"));
      assertTrue(!at.isBefore(before) && at.isBefore(Instant.now().plusSeconds(2)), "accepted now: " + at);
      assertTrue(page.findElements(By.id("accept-plan")).isEmpty(), "accepted once");
      assertEquals(0, browser.sidewaysOverflow(), "the accepted plan fits a phone");
      browser.screenshot("development-rep-accepted-phone");

      // The printout: Chromium's print media emulation applies the plugin's print stylesheet.
      browser.resize(Browser.DESKTOP);
      ((HasCdp) page).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
      assertEquals("none", browser.script("return getComputedStyle(document.querySelector('header.top')).display"),
          "navigation hidden in print");
      assertEquals(0L, browser.script("return Array.from(document.querySelectorAll('form'))"
          + ".filter(f => getComputedStyle(f).display !== 'none').length"), "forms hidden in print");
      assertTrue(page.findElement(By.cssSelector("main h1")).isDisplayed());
      assertTrue(page.findElement(By.cssSelector("table.dev-goals")).isDisplayed(), "the goals table is printed");
      assertEquals(7, page.findElements(By.cssSelector("table.dev-goals thead th")).size());
      List<String> headings = page.findElements(By.cssSelector("main h2")).stream().filter(WebElement::isDisplayed)
          .map(WebElement::getText).toList();
      assertTrue(headings.containsAll(List.of("Goals and predicted results", "Training modules", "Mentor",
          "Materials, books and courses", "Milestones", "Versions")), headings.toString());
      assertFalse(headings.contains("Your answer"));
      browser.screenshot("development-plan-print");
      ((HasCdp) page).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
      assertTrue(page.findElement(By.cssSelector("header.top")).isDisplayed(), "the screen shows the navigation again");
    }
  }
}
