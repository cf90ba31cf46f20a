package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.server.account.AccountStore;
import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In real headless Chromium on a phone-width screen: an interviewer finds the candidate assigned to
 * them, fills in the RPAC scorecard (a score and evidence per area) through the form and sees it saved;
 * the leader then reads the comparison with its chart on a phone.
 */
class HiringBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;
  private static String candidateId;
  private static String roleId;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
      String leader = platform.token("leader@acme.example");
      roleId = created(platform.json("POST", "/api/hiring/roles", leader, new JsonObject().put("name", "SDR")
          .put("description", "Books meetings for the account executives.").encode()));
      candidateId = created(platform.json("POST", "/api/hiring/roles/" + roleId + "/candidates", leader,
          new JsonObject().put("name", "Zofia Sowa").put("email", "zofia.sowa@example.com").encode()));
      String mentor = new AccountStore(platform.node().database()).userByEmail("mentor1@acme.example").orElseThrow().id();
      HttpResponse<String> r = platform.json("PUT", "/api/hiring/candidates/" + candidateId + "/interviewers", leader,
          new JsonObject().put("interviewerIds", new JsonArray().add(mentor)).encode());
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  private static String created(HttpResponse<String> r) {
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("id");
  }

  @Test
  void anInterviewerSubmitsAScorecardOnAPhone() {
    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = browser.driver();
      page.get(url("/hiring"));
      awaitPath(page, "/signin");
      signIn(page, "mentor1@acme.example");
      awaitPath(page, "/hiring");
      assertEquals(0, browser.sidewaysOverflow(), "the hiring page fits a phone");
      page.findElement(By.cssSelector("[data-list=assigned] a")).click();
      awaitPath(page, "/hiring/candidates/" + candidateId);
      for (WebElement field : page.findElements(By.cssSelector("#scorecard-form select, #scorecard-form textarea"))) {
        assertEquals(1, page.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")).size(),
            field.getAttribute("id") + " has a label");
      }
      assertEquals(0, browser.sidewaysOverflow(), "the scorecard form fits a phone");
      int score = 2;
      for (String area : new String[] {"roleFit", "provenAchievement", "acumen", "cultureFit"}) {
        new Select(page.findElement(By.id("s-" + area + "-score"))).selectByValue(Integer.toString(score++));
        page.findElement(By.id("s-" + area + "-evidence")).sendKeys("Seen in the role play: " + area);
      }
      browser.screenshot("hiring-scorecard-phone");
      page.findElement(By.cssSelector("#scorecard-form button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("scored=1"));
      assertEquals(1, page.findElements(By.cssSelector("[role=status]")).size(), "the interviewer is told it is saved");
      WebElement card = page.findElement(By.cssSelector("[data-list=scorecards] li"));
      assertTrue(card.getText().contains("Seen in the role play: acumen"), card.getText());
      assertTrue(card.getText().contains("5/5"), "culture fit was scored 5: " + card.getText());
      assertEquals("5", new Select(page.findElement(By.id("s-cultureFit-score"))).getFirstSelectedOption()
          .getAttribute("value"), "the form shows the submitted scorecard for a change");
      assertEquals(0, browser.sidewaysOverflow(), "the saved scorecard fits a phone");
      browser.screenshot("hiring-scored-phone");
    }
    try (Browser browser = Browser.open(Browser.PHONE, "pl-PL")) {
      WebDriver page = browser.driver();
      page.get(url("/hiring/roles/" + roleId + "/comparison"));
      awaitPath(page, "/signin");
      signIn(page, "leader@acme.example");
      awaitPath(page, "/hiring/roles/" + roleId + "/comparison");
      assertTrue(page.findElement(By.cssSelector("figure svg")).isDisplayed(), "the chart is drawn");
      assertEquals(2, page.findElements(By.cssSelector("[data-table=comparison] td[data-gap]")).size(),
          "role fit 2 and proven achievement 3 are below the ideal of 4");
      assertEquals(0, browser.sidewaysOverflow(), "the comparison fits a phone");
      browser.screenshot("hiring-comparison-phone");
    }
  }
}
