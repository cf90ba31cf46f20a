package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.heading;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A rep's training in a real headless Chromium on a phone-sized screen: sign in, find the assigned
 * module under "My training", read its lessons with next/previous, take the quiz (fieldsets with
 * legends, labelled inputs), pass it and read the result with feedback.
 */
class TrainingBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;
  @TempDir
  static Path curriculum;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      TrainingFixtures.copyCurriculum(curriculum);
      platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
          Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString()));
      String leader = platform.token("leader@acme.example");
      String repId = new JsonArray(platform.get("/api/users", leader).body()).stream().map(JsonObject.class::cast)
          .filter(u -> u.getString("email").equals("rep2@acme.example")).findFirst().orElseThrow().getString("id");
      TrainingFixtures.ok(platform.json("POST", "/api/training/assignments", leader, new JsonObject()
          .put("moduleId", "follow-up").put("userId", repId).put("due", LocalDate.now().plusDays(7).toString())
          .encode()), 201);
    }
  }

  @Test
  void aRepReadsTheAssignedModuleTakesTheQuizAndPasses() {
    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = browser.driver();
      page.get(url("/training"));
      awaitPath(page, "/signin");
      signIn(page, "rep2@acme.example");
      awaitPath(page, "/training");
      assertEquals("Training", heading(page));
      WebElement mine = page.findElement(By.cssSelector("section[aria-labelledby=my-h]"));
      assertTrue(mine.getText().contains("Follow up until the buyer answers"), mine.getText());
      assertTrue(mine.getText().contains("lessons read: 0 of 2"), mine.getText());
      assertEquals(0, browser.sidewaysOverflow(), "the catalogue fits a phone");
      browser.screenshot("training-phone-catalogue");

      mine.findElement(By.linkText("Follow up until the buyer answers")).click();
      awaitPath(page, "/training/modules/follow-up");
      page.findElement(By.cssSelector("a.start")).click();
      awaitPath(page, "/training/modules/follow-up/lessons/1");
      assertEquals("Why follow up", heading(page));
      assertTrue(page.findElement(By.cssSelector("article.lesson")).getText().contains("five"));
      assertEquals("/library/follow-up-sheet", URI.create(page.findElement(By.cssSelector("article.lesson a"))
          .getDomAttribute("href")).getPath(), "lessons link to the trainer's materials");
      page.findElement(By.cssSelector("a[rel=next]")).click();
      awaitPath(page, "/training/modules/follow-up/lessons/2");
      WebElement recording = page.findElement(By.cssSelector(".recording a"));
      assertTrue(recording.getText().startsWith("▶ Watch the recording"), recording.getText());
      assertEquals("https://example.org/recordings/follow-up", recording.getDomAttribute("href"));
      assertTrue(page.findElements(By.tagName("iframe")).isEmpty(), "no embedded frames");
      browser.screenshot("training-phone-lesson");
      page.findElement(By.cssSelector("a[rel=prev]")).click();
      awaitPath(page, "/training/modules/follow-up/lessons/1");
      page.findElement(By.cssSelector("a[rel=next]")).click();
      awaitPath(page, "/training/modules/follow-up/lessons/2");
      page.findElement(By.cssSelector("nav a.next")).click();
      awaitPath(page, "/training/modules/follow-up/quiz");

      List<WebElement> questions = page.findElements(By.cssSelector("fieldset.question"));
      assertEquals(5, questions.size());
      for (WebElement q : questions) {
        assertFalse(q.findElement(By.tagName("legend")).getText().isBlank());
      }
      assertFalse(page.getPageSource().contains("correct"), "the quiz page does not ship the answers");
      choose(page, "q.q1", "b");
      choose(page, "q.q2", "a");
      choose(page, "q.q2", "b");
      page.findElement(By.cssSelector("label[for=a-q3]")).click();
      page.switchTo().activeElement().sendKeys("eighteen");
      choose(page, "q.q4", "b");
      choose(page, "q.q5", "a");
      browser.screenshot("training-phone-quiz");
      page.findElement(By.cssSelector("form.quiz button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> URI.create(d.getCurrentUrl()).getPath()
          .startsWith("/training/attempts/"));
      assertTrue(page.findElement(By.cssSelector(".outcome")).getText().contains("Passed"),
          page.findElement(By.cssSelector("main")).getText());
      assertTrue(page.findElement(By.cssSelector("#score-h")).getText().contains("100%"));
      assertEquals(5, page.findElements(By.cssSelector("ol.feedback li.right")).size());
      assertTrue(page.findElement(By.cssSelector("ol.feedback")).getText().contains("Phone and e-mail both work."));
      browser.screenshot("training-phone-result");

      page.get(url("/training"));
      awaitPath(page, "/training");
      String status = page.findElement(By.cssSelector("section[aria-labelledby=my-h]")).getText();
      assertTrue(status.contains("completed") && status.contains("lessons read: 2 of 2") && status.contains("quiz passed"),
          status);
    }
  }

  private static void choose(WebDriver page, String name, String value) {
    WebElement input = page.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
    input.findElement(By.xpath("./..")).click();
    assertTrue(input.isSelected(), name + "=" + value + " is chosen by clicking its label");
  }

}
