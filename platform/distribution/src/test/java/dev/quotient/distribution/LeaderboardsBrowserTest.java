package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.heading;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * In real headless Chromium: a leader starts a contest from its form and keeps its standings open; a
 * rep on a phone logs a meeting from the leaderboard page and sees their place appear without a
 * reload, while the leader's standings move too, both pushed by the server.
 */
class LeaderboardsBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
    }
  }

  @Test
  void aLeaderStartsAContestAndARepSeesTheLiveBoardMove() {
    try (Browser leaderBrowser = Browser.open(); Browser repBrowser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver leader = leaderBrowser.driver();
      leader.get(url("/leaderboards/contests"));
      awaitPath(leader, "/signin");
      signIn(leader, "leader@acme.example");
      awaitPath(leader, "/leaderboards/contests");
      assertEquals("Contests", heading(leader));
      for (String id : List.of("c-name", "c-scope", "c-metric", "c-start", "c-end", "c-prizes")) {
        assertEquals(1, leader.findElements(By.cssSelector("label[for=" + id + "]")).size(), id + " has a label");
      }
      DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
      LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Warsaw")).truncatedTo(ChronoUnit.MINUTES);
      leader.findElement(By.id("c-name")).sendKeys("Meetings blitz");
      new Select(leader.findElement(By.id("c-metric"))).selectByValue("points");
      setValue(leader, "c-start", now.minusHours(1).format(local));
      setValue(leader, "c-end", now.plusDays(1).format(local));
      leader.findElement(By.id("c-prizes")).sendKeys("Team lunch");
      leader.findElement(By.cssSelector("#contest-form button[type=submit]")).click();
      new WebDriverWait(leader, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("created=1"));
      assertEquals("Meetings blitz", heading(leader));
      assertTrue(leader.findElement(By.cssSelector("[role=status]")).getText().contains("The contest is on"));
      leaderBrowser.screenshot("contest-created");

      WebDriver rep = repBrowser.driver();
      rep.get(url("/leaderboards?period=day"));
      awaitPath(rep, "/signin");
      signIn(rep, "rep4@acme.example");
      awaitPath(rep, "/leaderboards");
      assertEquals("Leaderboards", heading(rep));
      WebElement around = rep.findElement(By.cssSelector("[data-list=around]"));
      assertTrue(around.getText().contains("No points on this board yet"), around.getText());
      assertEquals(0, repBrowser.sidewaysOverflow(), "the board fits a phone");
      // A marker that a reload would wipe: the board must change in place.
      ((JavascriptExecutor) rep).executeScript("window.stillTheSamePage = true;");
      new WebDriverWait(rep, Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d)
          .executeScript("return document.querySelector('[data-live]').getAttribute('data-version')") != null);

      new Select(rep.findElement(By.id("log-kind"))).selectByValue("meeting");
      rep.findElement(By.cssSelector("#log-form button[type=submit]")).click();
      try {
        new WebDriverWait(rep, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("log-status")).getText()
            .startsWith("Logged"));
      } catch (org.openqa.selenium.TimeoutException e) {
        throw new AssertionError("not logged: " + rep.findElement(By.id("log-status")).getText(), e);
      }
      WebElement you = new WebDriverWait(rep, Duration.ofSeconds(5)).until(d -> {
        List<WebElement> rows = d.findElements(By.cssSelector("[data-list=around] li.you"));
        return rows.isEmpty() ? null : rows.get(0);
      });
      assertTrue(you.getText().contains("(you)"), you.getText());
      assertTrue(you.getText().contains("3 points"), "a self-reported meeting earns half of 5, rounded half up: " + you.getText());
      assertEquals(Boolean.TRUE, ((JavascriptExecutor) rep).executeScript("return window.stillTheSamePage === true;"),
          "the board moved without a reload");
      repBrowser.screenshot("leaderboard-phone-live");

      // The leader's open standings moved as well.
      new WebDriverWait(leader, Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("[data-list=top] li"))
          .stream().anyMatch(li -> li.getText().contains("3 points")));
    }
  }

  private static void setValue(WebDriver page, String id, String value) {
    ((JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1];", page.findElement(By.id(id)), value);
  }
}
