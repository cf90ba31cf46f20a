package dev.quotient.testkit;

import java.net.URI;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What every browser journey does on the platform's pages: sign in, wait for a page, read its heading. */
public final class Pages {

  private Pages() {}

  /** Fills and sends the sign-in form shown on the current page with the demo password. */
  public static void signIn(WebDriver page, String email) {
    page.findElement(By.id("email")).sendKeys(email);
    page.findElement(By.id("password")).sendKeys(PlatformClient.DEMO_PASSWORD);
    page.findElement(By.cssSelector("main form button[type=submit]")).click();
  }

  /** Waits until the browser shows {@code path} and the document has loaded. */
  public static void awaitPath(WebDriver page, String path) {
    new WebDriverWait(page, Duration.ofSeconds(15)).withMessage(() -> "expected " + path + " but was "
        + page.getCurrentUrl()).until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path)
        && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /** The page's main heading. */
  public static String heading(WebDriver page) {
    return page.findElement(By.cssSelector("main h1")).getText();
  }
}
