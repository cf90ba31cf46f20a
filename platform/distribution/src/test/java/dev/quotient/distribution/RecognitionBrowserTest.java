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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A rep praises a peer in a real headless Chromium on a phone-sized screen: a labelled form in a
 * fieldset, colleague and value chosen from lists, a Markdown message, and the praise on the team
 * feed after the redirect.
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
    }
  }

}
