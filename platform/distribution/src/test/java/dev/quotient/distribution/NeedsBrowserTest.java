package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In real headless Chromium on a phone-sized window: a rep opens the team survey a leader started,
 * rates topics with labelled radio buttons, sends the answer and finds it kept, without the page
 * scrolling sideways.
 */
class NeedsBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;
  private static String surveyId;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
      HttpResponse<String> r = platform.json("POST", "/api/needs/surveys", platform.token("leader@acme.example"),
          new JsonObject().put("title", "Potrzeby szkoleniowe Q2")
              .put("closes", LocalDate.now(ZoneOffset.UTC).plusDays(7).toString()).encode());
      assertEquals(201, r.statusCode(), r.body());
      surveyId = new JsonObject(r.body()).getString("id");
    }
  }

  @Test
  void aRepAnswersTheSurveyOnAPhone() {
    try (Browser browser = Browser.open(Browser.PHONE, "pl-PL")) {
      WebDriver rep = browser.driver();
      rep.get(url("/needs"));
      awaitPath(rep, "/signin");
      signIn(rep, "rep1@acme.example");
      awaitPath(rep, "/needs");
      rep.findElement(By.cssSelector("[data-list=open-surveys] a")).click();
      awaitPath(rep, "/needs/surveys/" + surveyId);
      assertEquals(0, browser.sidewaysOverflow(), "the survey fits a phone");
      for (WebElement radio : rep.findElements(By.cssSelector("#answer-form input[type=radio]"))) {
        assertEquals(1, rep.findElements(By.cssSelector("label[for='" + radio.getAttribute("id") + "']")).size(),
            radio.getAttribute("id") + " has a label");
      }
      assertEquals(12, rep.findElements(By.cssSelector("#answer-form fieldset legend")).size(), "one group per topic");
      browser.screenshot("needs-survey-phone");
      rep.findElement(By.cssSelector("label[for='r-objection-handling-5']")).click();
      rep.findElement(By.cssSelector("label[for='r-crm-use-2']")).click();
      rep.findElement(By.cssSelector("#answer-form button[type=submit]")).click();
      new WebDriverWait(rep, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("answered=1"));
      assertEquals(1, rep.findElements(By.cssSelector("[role=status]")).size(), "the answer is confirmed");
      assertTrue(rep.findElement(By.id("r-objection-handling-5")).isSelected(), "the rep's own answer is kept");
      assertTrue(rep.findElement(By.id("r-crm-use-2")).isSelected());
      assertEquals(0, browser.sidewaysOverflow(), "still no sideways scrolling after sending");
      browser.screenshot("needs-survey-answered-phone");
    }
  }
}
