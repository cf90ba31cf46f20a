package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In real headless Chromium: a leader runs a matching round, reviews the proposed pair with its reasons
 * and confirms it; the mentor, on a phone, finds the mentee on their page, opens the mentorship and
 * logs a check-in with a shared note and an agreed action.
 */
class MentoringBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
      String mentor = platform.token("mentor1@acme.example");
      String rep = platform.token("rep1@acme.example");
      put(mentor, "mentor1", new JsonObject().put("mentor", new JsonObject().put("optIn", true).put("capacity", 2)
          .put("availability", new JsonArray().add("mon-am")).put("languages", new JsonArray().add("pl"))
          .put("strengths", new JsonObject().put("empathy", 5))));
      put(rep, "rep1", new JsonObject().put("mentee", new JsonObject().put("levels", new JsonObject().put("empathy", 2))
          .put("availability", new JsonArray().add("mon-am")).put("languages", new JsonArray().add("pl"))));
    }
  }

  private static void put(String token, String who, JsonObject body) {
    String id = new JsonObject(platform.get("/api/me", token).body()).getString("id");
    HttpResponse<String> r = platform.json("PUT", "/api/mentoring/profiles/" + id, token, body.encode());
    assertEquals(200, r.statusCode(), who + ": " + r.body());
  }

  @Test
  void aLeaderConfirmsARoundAndTheMentorLogsACheckIn() {
    try (Browser leaderBrowser = Browser.open(); Browser mentorBrowser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver leader = leaderBrowser.driver();
      leader.get(url("/mentoring"));
      awaitPath(leader, "/signin");
      signIn(leader, "leader@acme.example");
      awaitPath(leader, "/mentoring");
      leaderBrowser.screenshot("mentoring-home-leader");
      leader.findElement(By.cssSelector("#run-round button[type=submit]")).click();
      new WebDriverWait(leader, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/mentoring/rounds/"));
      WebElement proposed = leader.findElement(By.cssSelector("[data-list=proposal] li"));
      assertTrue(proposed.getText().contains("Robert Nowak"), proposed.getText());
      assertTrue(proposed.findElement(By.cssSelector("[data-mentor]")).getText().contains("Marta Mentor"), proposed.getText());
      assertTrue(proposed.findElements(By.cssSelector("ul.muted li")).size() >= 2, "the pair explains itself");
      for (WebElement select : leader.findElements(By.cssSelector("form select"))) {
        assertEquals(1, leader.findElements(By.cssSelector("label[for='" + select.getAttribute("id") + "']")).size(),
            select.getAttribute("id") + " has a label");
      }
      leaderBrowser.screenshot("mentoring-round");
      leader.findElement(By.cssSelector("#confirm-round button[type=submit]")).click();
      new WebDriverWait(leader, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("confirmed=1"));
      assertEquals(1, leader.findElements(By.cssSelector("[role=status]")).size());
      assertTrue(leader.findElements(By.id("confirm-round")).isEmpty(), "a confirmed round cannot be confirmed again");

      WebDriver mentor = mentorBrowser.driver();
      mentor.get(url("/mentoring"));
      awaitPath(mentor, "/signin");
      signIn(mentor, "mentor1@acme.example");
      awaitPath(mentor, "/mentoring");
      WebElement mentee = mentor.findElement(By.cssSelector("[data-list=mentees] a"));
      assertTrue(mentee.getText().contains("Robert Nowak"), mentee.getText());
      assertEquals(0, mentorBrowser.sidewaysOverflow(), "the mentoring page fits a phone");
      mentorBrowser.screenshot("mentoring-home-phone");
      mentor.get(url("/mentoring/profile"));
      new WebDriverWait(mentor, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/mentoring/profile/"));
      for (WebElement field : mentor.findElements(By.cssSelector("#profile-form input[id]:not([type=checkbox]), #profile-form select, #profile-form textarea"))) {
        assertEquals(1, mentor.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")).size(),
            field.getAttribute("id") + " has a label");
      }
      assertEquals(0, mentorBrowser.sidewaysOverflow(), "the profile form fits a phone");
      mentorBrowser.screenshot("mentoring-profile-phone");
      mentor.get(url("/mentoring/experts"));
      assertTrue(mentor.findElement(By.cssSelector("[data-skill=empathy]")).getText().contains("Marta Mentor"));
      assertEquals(0, mentorBrowser.sidewaysOverflow(), "the expert directory fits a phone");
      mentor.get(url("/mentoring"));
      mentee = mentor.findElement(By.cssSelector("[data-list=mentees] a"));
      mentee.click();
      new WebDriverWait(mentor, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/mentoring/pairs/"));
      assertEquals(1, mentor.findElements(By.cssSelector("section[data-mentee]")).size(), "the mentee's progress is shown");
      for (String id : List.of("ci-date", "ci-notes", "ci-action", "ci-due", "ci-next")) {
        assertEquals(1, mentor.findElements(By.cssSelector("label[for=" + id + "]")).size(), id + " has a label");
      }
      mentor.findElement(By.id("ci-notes")).sendKeys("Practised listening before pitching");
      mentor.findElement(By.cssSelector("input[name=visibility][value=shared]")).click();
      mentor.findElement(By.id("ci-action")).sendKeys("Ask three open questions per call");
      mentor.findElement(By.cssSelector("#checkin-form button[type=submit]")).click();
      new WebDriverWait(mentor, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("logged=1"));
      WebElement logged = mentor.findElement(By.cssSelector("[data-list=checkins] li"));
      assertTrue(logged.getText().contains("Practised listening before pitching"), logged.getText());
      assertTrue(logged.getText().contains("Ask three open questions per call"), logged.getText());
      assertTrue(logged.getText().matches("(?s).*\\d{4}-\\d{2}-\\d{2}.*"), "the meeting's date is shown: " + logged.getText());
      assertEquals(0, mentorBrowser.sidewaysOverflow(), "the mentorship page fits a phone");
      mentorBrowser.screenshot("mentoring-checkin-phone");
    }
  }
}
