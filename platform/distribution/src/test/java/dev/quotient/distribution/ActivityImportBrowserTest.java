package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * CSV import in a real headless Chromium: a leader uploads a CRM export with a progress bar, maps the
 * columns the guesses missed, reads the per-row report, confirms, and watches the job's progress bar
 * fill until the count of imported activities shows. Screenshots go to {@code target/screenshots/}.
 */
class ActivityImportBrowserTest extends BrowserJourney {

  @TempDir
  static Path data;
  @TempDir
  static Path files;

  @BeforeAll
  static void start() {
    if (Browser.available()) {
      platform = TestPlatform.start(data);
    }
  }

  @Test
  void leaderUploadsMapsChecksAndImportsACrmExport() throws Exception {
    Path export = files.resolve("crm-export.csv");
    Files.writeString(export, "Record;Owner;Activity Type;Completed;Deal size\n"
        + "crm-b-1;rep1@acme.example;Phone call;2026-05-04 09:15;\n"
        + "crm-b-2;rep2@acme.example;Meeting;2026-05-04 11:00;\n"
        + "crm-b-3;rep1@acme.example;Closed won;2026-05-05 16:30;\"4 200,00\"\n"
        + "crm-b-4;ghost@acme.example;Call;2026-05-05 17:00;\n", StandardCharsets.UTF_8);
    long before = platform.node().database().collection("activities").countDocuments();
    try (Browser browser = Browser.open(Browser.DESKTOP, "en-US")) {
      WebDriver page = browser.driver();
      page.get(url("/"));
      awaitPath(page, "/signin");
      signIn(page, "leader@acme.example");
      page.findElements(By.cssSelector("header nav a")).stream()
          .filter(a -> a.getText().equals("Import activity")).findFirst().orElseThrow().click();
      awaitPath(page, "/activities/import");

      page.findElement(By.id("import-file")).sendKeys(export.toString());
      page.findElement(By.cssSelector("#import-upload button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(20))
          .until(d -> URI.create(d.getCurrentUrl()).getPath().matches("/activities/import/[0-9a-f]{24}"));
      String sample = page.findElement(By.cssSelector("table.import-sample")).getText();
      assertTrue(sample.contains("Activity Type") && sample.contains("crm-b-1"), sample);

      // The guesses found the user and the kind; the leader maps the rest.
      assertEquals("Owner", new Select(page.findElement(By.id("map-userId"))).getFirstSelectedOption().getText());
      assertEquals("Activity Type", new Select(page.findElement(By.id("map-kind"))).getFirstSelectedOption().getText());
      new Select(page.findElement(By.id("map-id"))).selectByVisibleText("Record");
      new Select(page.findElement(By.id("map-occurredAt"))).selectByVisibleText("Completed");
      new Select(page.findElement(By.id("map-value"))).selectByVisibleText("Deal size");
      browser.screenshot("import-mapping");
      page.findElement(By.cssSelector("#import-mapping button[type=submit]")).click();

      WebElement counts = new WebDriverWait(page, Duration.ofSeconds(15))
          .until(d -> d.findElement(By.cssSelector("#report .import-counts")));
      assertTrue(counts.getText().startsWith("4 rows: 3 good (3 new, 0 already imported) and 1 with errors"),
          counts.getText());
      String errors = page.findElement(By.cssSelector("table.import-errors")).getText();
      assertTrue(errors.contains("5") && errors.contains("Owner") && errors.contains("ghost@acme.example"), errors);
      assertEquals(before, platform.node().database().collection("activities").countDocuments(),
          "nothing is recorded before the confirmation");
      browser.screenshot("import-report");

      page.findElement(By.cssSelector("#import-confirm input[name=acceptBadRows]")).click();
      WebElement confirm = page.findElement(By.cssSelector("#import-confirm button[type=submit]"));
      assertEquals("Import the 3 good rows", confirm.getText());
      confirm.click();

      WebElement status = new WebDriverWait(page, Duration.ofSeconds(20))
          .until(d -> {
            WebElement s = d.findElement(By.cssSelector("#job .import-job-status"));
            return s.getText().startsWith("Finished") ? s : null;
          });
      assertEquals("Finished: 3 activities imported, 0 already there, 0 refused.", status.getText());
      WebElement progress = page.findElement(By.id("import-progress"));
      assertEquals(progress.getDomProperty("max"), progress.getDomProperty("value"));
      assertEquals("Import progress", page.findElement(By.cssSelector("label[for=import-progress]")).getText());
      browser.screenshot("import-done");
    }
    assertEquals(before + 3, platform.node().database().collection("activities").countDocuments());
    Document won = platform.node().database().collection("activities").find(new Document("clientId", "crm-b-3")).first();
    assertEquals(4_200.0, won.getDouble("value"));
    assertEquals("won", won.getString("kind"));
  }
}
