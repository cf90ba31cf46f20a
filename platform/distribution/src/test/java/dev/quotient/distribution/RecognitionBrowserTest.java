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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A rep praises a peer in a real headless Chromium on a phone-sized screen: a labelled form in a
 * fieldset, colleague and value chosen from lists, a Markdown message, and the praise on the team
 * feed after the redirect; then a goal proposed from the rep's own page, shown with its progress
 * bar beside the row of cadence weeks.
 */
class RecognitionBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
    }
  }

  @Test
  void aRepPraisesAPeerAndSeesItOnTheTeamFeed() {
    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = browser.driver();
      page.get(url("/recognition"));
      awaitPath(page, "/signin");
      signIn(page, "rep3@acme.example");
      awaitPath(page, "/recognition");
      assertEquals("Recognition", heading(page));
      WebElement form = page.findElement(By.id("praise-form"));
      assertFalse(form.findElement(By.tagName("legend")).getText().isBlank());
      for (String id : List.of("pr-to", "pr-value", "pr-message")) {
        assertEquals(1, page.findElements(By.cssSelector("label[for=" + id + "]")).size(), id + " has a label");
      }
      List<String> colleagues = new Select(page.findElement(By.id("pr-to"))).getOptions().stream().map(WebElement::getText).toList();
      assertFalse(colleagues.contains("Piotr Wiśniewski"), "nobody praises themselves: " + colleagues);
      new Select(page.findElement(By.id("pr-to"))).selectByVisibleText("Ewa Wójcik");
      new Select(page.findElement(By.id("pr-value"))).selectByVisibleText("Proactive communication");
      page.findElement(By.id("pr-message")).sendKeys("Told the client about the delay **before** they asked.");
      assertEquals(0, browser.sidewaysOverflow(), "the form fits a phone");
      browser.screenshot("recognition-phone-praise");
      form.findElement(By.cssSelector("button[type=submit]")).click();
      // The form is on /recognition itself: wait for the answer's address, not just the path.
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("praised=1"));
      awaitPath(page, "/recognition");
      assertTrue(page.findElement(By.cssSelector("[role=status]")).getText().contains("your praise is on the feed"));
      WebElement feed = page.findElement(By.cssSelector("section[aria-labelledby=feed-h]"));
      assertEquals("Team feed", feed.findElement(By.tagName("h2")).getText());
      WebElement first = feed.findElement(By.cssSelector("li.praise"));
      assertTrue(first.getText().contains("Piotr Wiśniewski → Ewa Wójcik"), first.getText());
      assertTrue(first.getText().contains("Proactive communication"), first.getText());
      assertEquals("before", first.findElement(By.cssSelector(".message strong")).getText());
      browser.screenshot("recognition-phone-feed");

      page.get(url("/recognition/me"));
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> URI.create(d.getCurrentUrl()).getPath()
          .startsWith("/recognition/people/"));
      assertEquals("My badges", heading(page));

      // The rep proposes a goal from their page, and sees it with a progress bar and the cadence row.
      for (String id : List.of("goal-title", "goal-metric", "goal-target", "goal-due")) {
        assertEquals(1, page.findElements(By.cssSelector("label[for=" + id + "]")).size(), id + " has a label");
      }
      page.findElement(By.id("goal-title")).sendKeys("Three demo meetings");
      new Select(page.findElement(By.id("goal-metric"))).selectByVisibleText("meetings");
      page.findElement(By.id("goal-target")).sendKeys("3");
      ((JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1]", page.findElement(By.id("goal-due")),
          LocalDate.now(ZoneId.of("Europe/Warsaw")).plusDays(7).toString());
      assertEquals(0, browser.sidewaysOverflow(), "the goal form fits a phone");
      page.findElement(By.cssSelector("section[aria-labelledby=goals-h] button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("goal=1"));
      assertTrue(page.findElement(By.cssSelector("[role=status]")).getText().contains("The goal is saved."));
      WebElement goal = page.findElement(By.cssSelector("li.goal"));
      assertTrue(goal.getText().contains("Three demo meetings") && goal.getText().contains("waiting for a leader"), goal.getText());
      assertEquals("3", goal.findElement(By.tagName("progress")).getAttribute("max"));
      List<WebElement> cells = page.findElements(By.cssSelector("ol.streak li"));
      assertEquals(8, cells.size(), "eight weeks of the cadence");
      assertTrue(cells.get(7).findElement(By.cssSelector(".sr-only")).getAttribute("textContent").contains("in progress"));
      assertEquals(0, browser.sidewaysOverflow(), "goals and streak fit a phone");
      browser.screenshot("recognition-phone-goals");
    }
  }

}
