package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Pages;
import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A real organisation starts without the demo: the assembled server, in its own JVM on an empty data
 * directory, prints a one-time setup link; its page creates the organisation and the first
 * administrator, who is signed in; the link then answers 404. A scripted install does the same from its
 * configuration.
 */
class FirstRunTest {

  private static final Pattern LINK = Pattern.compile("/setup/([A-Za-z0-9_-]{43})");
  private static final String PASSWORD = "first-admin-pass-1";

  @TempDir
  Path data;

  @Test
  void theSetupLinkFromTheLogCreatesTheOrganisationAndSignsTheAdministratorInOnce() throws Exception {
    try (PlatformProcess node = PlatformProcess.start(PlatformProcess.distributionHome(), data,
        Map.of("QUOTIENT_DEMO", "false"))) {
      String token = node.setupToken();
      Browser browser = new Browser(node);

      HttpResponse<String> wrong = browser.get("/setup/" + "x".repeat(43));
      assertEquals(404, wrong.statusCode());
      assertTrue(wrong.body().contains("This setup link is not known"), wrong.body());

      HttpResponse<String> page = browser.get("/setup/" + token);
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("<option value=\"Europe/Warsaw\""), "time zones to choose from");
      assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));

      // Bad answers: the form again with the reason, and nothing stored.
      Map<String, String> answers = answers();
      answers.put("zone", "Mars/Olympus_Mons");
      HttpResponse<String> badZone = browser.submit("/setup/" + token, "/setup/" + token, answers);
      assertEquals(400, badZone.statusCode());
      assertTrue(badZone.body().contains("Time zone \"Mars/Olympus_Mons\" is not known")
          || badZone.body().contains("Time zone &quot;Mars/Olympus_Mons&quot; is not known"), badZone.body());
      assertTrue(badZone.body().contains("value=\"Baltic Sales\""), "what was typed stays");
      answers = answers();
      answers.put("currency", "XYZW");
      assertEquals(400, browser.submit("/setup/" + token, "/setup/" + token, answers).statusCode());
      answers = answers();
      answers.put("confirmation", "something-else-1");
      assertEquals(400, browser.submit("/setup/" + token, "/setup/" + token, answers).statusCode());
      assertEquals(401, node.json("POST", "/api/auth/token", null, credentials()).statusCode(), "no admin yet");

      HttpResponse<String> created = browser.submit("/setup/" + token, "/setup/" + token, answers());
      assertEquals(303, created.statusCode(), created.body());
      assertEquals("/", created.headers().firstValue("Location").orElse(""));
      HttpResponse<String> home = browser.get("/");
      assertEquals(200, home.statusCode());
      assertTrue(home.body().contains("Ola Nowak"), "the administrator is signed in");

      HttpResponse<String> issued = node.json("POST", "/api/auth/token", null, credentials());
      assertEquals(201, issued.statusCode(), issued.body());
      String adminToken = new JsonObject(issued.body()).getString("token");
      JsonObject me = new JsonObject(node.get("/api/me", adminToken).body());
      assertTrue(me.getJsonArray("roles").contains("admin"), me.encode());

      assertEquals(404, browser.get("/setup/" + token).statusCode(), "the link works once");
      assertEquals(404, new Browser(node).submit("/signin", "/setup/" + token, answers()).statusCode());

      node.stop();
      long linksBefore = links(node);
      node.restart();
      assertEquals(linksBefore, links(node), "a start with an organisation prints no setup link");
      assertEquals(201, node.json("POST", "/api/auth/token", null, credentials()).statusCode());
    }
  }

  @Test
  void aScriptedInstallCreatesTheOrganisationFromItsConfiguration() throws IOException {
    Path passwordFile = data.resolve("admin-password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Path dataDir = data.resolve("store");
    try (PlatformProcess node = PlatformProcess.start(PlatformProcess.distributionHome(), dataDir, Map.of(
        "QUOTIENT_DEMO", "false", "QUOTIENT_SETUP_ORGANISATION", "Baltic Sales", "QUOTIENT_SETUP_ZONE", "Europe/Warsaw",
        "QUOTIENT_SETUP_LOCALE", "pl", "QUOTIENT_SETUP_CURRENCY", "PLN", "QUOTIENT_SETUP_VALUES", "Ownership; Grit",
        "QUOTIENT_SETUP_ADMIN_NAME", "Ola Nowak", "QUOTIENT_SETUP_ADMIN_EMAIL", "ola@baltic.example",
        "QUOTIENT_SETUP_ADMIN_PASSWORD_FILE", passwordFile.toString()))) {
      HttpResponse<String> issued = node.json("POST", "/api/auth/token", null, credentials());
      assertEquals(201, issued.statusCode(), issued.body());
      assertEquals(0, links(node), "no setup link once the configuration made the organisation");
      assertTrue(node.logTail().contains("created from the configuration"));
    }
  }

  @Test
  void onAPhoneInPolishTheFirstAdministratorSetsUpTheOrganisation() throws Exception {
    Assumptions.assumeTrue(dev.quotient.testkit.Browser.available(), "Chromium is not installed");
    try (PlatformProcess node = PlatformProcess.start(PlatformProcess.distributionHome(), data,
        Map.of("QUOTIENT_DEMO", "false"));
        dev.quotient.testkit.Browser browser = dev.quotient.testkit.Browser.open(dev.quotient.testkit.Browser.PHONE,
            "pl")) {
      WebDriver page = browser.driver();
      String path = "/setup/" + node.setupToken();
      page.get(node.uri(path).toString());
      Pages.awaitPath(page, path);
      assertEquals("pl", page.findElement(By.tagName("html")).getDomAttribute("lang"));
      assertEquals("Skonfiguruj swoją organizację", Pages.heading(page));
      for (WebElement field : page.findElements(By.cssSelector("main input:not([type=hidden]), main select, main textarea"))) {
        String id = field.getDomAttribute("id");
        assertEquals(1, page.findElements(By.cssSelector("label[for='" + id + "']")).size(), id + " has a label");
      }
      assertEquals("PLN", new Select(page.findElement(By.id("currency"))).getFirstSelectedOption().getDomAttribute("value"),
          "a Polish browser gets złoty first");
      assertEquals(0, browser.sidewaysOverflow(), "the setup page fits a phone");
      page.findElement(By.id("organisation")).sendKeys("Baltic Sales");
      new Select(page.findElement(By.id("zone"))).selectByValue("Europe/Warsaw");
      page.findElement(By.id("values")).sendKeys("Ownership\nCustomer first");
      page.findElement(By.id("adminName")).sendKeys("Ola Nowak");
      page.findElement(By.id("email")).sendKeys("ola@baltic.example");
      page.findElement(By.id("password")).sendKeys(PASSWORD);
      page.findElement(By.id("confirmation")).sendKeys(PASSWORD);
      browser.screenshot("setup-phone-pl");
      page.findElement(By.cssSelector("main form button[type=submit]")).click();
      Pages.awaitPath(page, "/");
      assertTrue(page.getPageSource().contains("Ola Nowak"), "signed in as the new administrator");
      assertEquals(0, browser.sidewaysOverflow());
    }
  }

  private static Map<String, String> answers() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("organisation", "Baltic Sales");
    a.put("zone", "Europe/Warsaw");
    a.put("locale", "pl");
    a.put("currency", "PLN");
    a.put("values", "Ownership\nCustomer first\n\nGrit");
    a.put("adminName", "Ola Nowak");
    a.put("email", "ola@baltic.example");
    a.put("password", PASSWORD);
    a.put("confirmation", PASSWORD);
    return a;
  }

  private static String credentials() {
    return new JsonObject().put("email", "ola@baltic.example").put("password", PASSWORD).encode();
  }

  private static long links(PlatformProcess node) throws IOException {
    return LINK.matcher(Files.readString(node.log())).results().count();
  }
}
