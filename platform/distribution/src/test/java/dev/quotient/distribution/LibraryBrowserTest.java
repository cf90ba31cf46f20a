package dev.quotient.distribution;

import static dev.quotient.testkit.Pages.awaitPath;
import static dev.quotient.testkit.Pages.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.TestPlatform;
import java.net.URI;
import java.nio.file.Files;
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
 * The library in a real headless Chromium: a trainer uploads a worksheet through the page, watches
 * the progress bar fill, and finds the item in the library with its version and digest. Screenshots
 * go to {@code target/screenshots/}.
 */
class LibraryBrowserTest extends BrowserJourney {

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
  void trainerUploadsAWorksheetWithProgressAndFindsItInTheLibrary() throws Exception {
    Path worksheet = files.resolve("objection-drill.pdf");
    Files.write(worksheet, MaterialsTest.pdf("Objection drill ".repeat(20_000)));
    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = trainerOnTheNewItemForm(browser);
      assertEquals("Add to the library", page.findElement(By.cssSelector("main h1")).getText());

      page.findElement(By.id("m-title")).sendKeys("Objection drill");
      new Select(page.findElement(By.id("m-kind"))).selectByValue("worksheet");
      page.findElement(By.id("m-topic")).sendKeys("Objections");
      page.findElement(By.cssSelector("input[name=skills][value=assertiveness]")).click();
      page.findElement(By.id("m-tags")).sendKeys("drills, objections");
      page.findElement(By.cssSelector("input[name=published]")).click();
      page.findElement(By.id("m-file")).sendKeys(worksheet.toString());
      browser.screenshot("library-new-filled");
      page.findElement(By.cssSelector("#material-new button[type=submit]")).click();

      WebElement status = page.findElement(By.cssSelector(".upload-status"));
      new WebDriverWait(page, Duration.ofSeconds(20)).withMessage(() -> "upload status: " + status.getText())
          .until(d -> status.getText().startsWith("Upload complete."));
      WebElement progress = page.findElement(By.id("upload-progress"));
      assertEquals("100", progress.getDomProperty("value"));
      assertEquals("Upload progress", page.findElement(By.cssSelector("label[for=upload-progress]")).getText(),
          "the progress bar has a label");
      assertEquals(0, browser.sidewaysOverflow(), "fits a phone screen");
      browser.screenshot("library-new-uploaded");

      status.findElement(By.linkText("Open the item")).click();
      new WebDriverWait(page, Duration.ofSeconds(15))
          .until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/library/"));
      assertEquals("Objection drill", page.findElement(By.cssSelector("main h1")).getText());
      String versions = page.findElement(By.cssSelector("table.versions")).getText();
      assertTrue(versions.contains("objection-drill.pdf"), versions);
      assertTrue(versions.contains(hex(worksheet)), "the digest is shown: " + versions);
      browser.screenshot("library-item");

      page.get(url("/library"));
      awaitPath(page, "/library");
      String list = page.findElement(By.cssSelector("main")).getText();
      assertTrue(list.contains("Objection drill"), list);
      assertTrue(list.contains("Worksheet"), list);
      assertTrue(list.contains("Version 1: objection-drill.pdf"), list);
      assertEquals("page", page.findElements(By.cssSelector("header nav a")).stream()
          .filter(a -> a.getText().equals("Library")).findFirst().orElseThrow().getDomAttribute("aria-current"));
      browser.screenshot("library-list");
    }
  }

  @Test
  void aRefusedUploadSaysSoWithoutClaimingItsBytesArrived() throws Exception {
    // text under a PDF name: every byte is sent, then the server refuses the file
    Path mislabelled = files.resolve("not-really.pdf");
    Files.writeString(mislabelled, "Just notes, no PDF. ".repeat(3_000));
    try (Browser browser = Browser.open(Browser.PHONE, "en-US")) {
      WebDriver page = trainerOnTheNewItemForm(browser);
      page.findElement(By.id("m-title")).sendKeys("Mislabelled notes");
      new Select(page.findElement(By.id("m-kind"))).selectByValue("worksheet");
      page.findElement(By.id("m-file")).sendKeys(mislabelled.toString());
      page.findElement(By.cssSelector("#material-new button[type=submit]")).click();

      WebElement status = page.findElement(By.cssSelector(".upload-status"));
      new WebDriverWait(page, Duration.ofSeconds(20)).withMessage(() -> "upload status: " + status.getText())
          .until(d -> status.getText().startsWith("The upload failed"));
      assertEquals("", page.findElement(By.cssSelector(".upload-percent")).getText(), "no per cent beside a failure");
      assertEquals("0", page.findElement(By.id("upload-progress")).getDomProperty("value"));
      browser.screenshot("library-upload-refused");
    }
  }

  /** The trainer, signed in from the sign-in page the form sent them to, on the form. */
  private static WebDriver trainerOnTheNewItemForm(Browser browser) {
    WebDriver page = browser.driver();
    page.get(url("/library/new"));
    awaitPath(page, "/signin");
    signIn(page, "trainer@acme.example");
    awaitPath(page, "/library/new");
    return page;
  }

  private static String hex(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(MaterialsTest.sha256(Files.readAllBytes(file)));
  }

}
