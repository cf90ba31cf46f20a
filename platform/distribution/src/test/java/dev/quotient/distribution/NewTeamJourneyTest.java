package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.Browser;
import dev.quotient.testkit.Pages;
import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real team starts from nothing, in real browsers against the assembled server in its own JVM on an
 * empty data directory: the setup link from the log, the organisation and its first admin, two teams,
 * a CSV file of 30 people checked and added with their invitation links, a rep accepting hers on a
 * phone in Polish, and the team's leader accepting his and assigning a training module to the team.
 * Every page on the way passes axe-core's WCAG 2.1 A and AA checks.
 */
class NewTeamJourneyTest {

  private static final String ADMIN_PASSWORD = "first-admin-pass-1";

  @TempDir
  Path data;
  @TempDir
  Path files;

  @Test
  void fromAnEmptyDataDirectoryToATeamInTraining() throws Exception {
    Assumptions.assumeTrue(Browser.available(), "Chromium is not installed");
    try (PlatformProcess node = PlatformProcess.start(PlatformProcess.distributionHome(), data.resolve("store"),
        Map.of("QUOTIENT_DEMO", "false"));
        Browser admin = Browser.open(Browser.DESKTOP, "en")) {
      WebDriver page = admin.driver();

      // The setup link from the log: the organisation and its first admin.
      String setup = "/setup/" + node.setupToken();
      page.get(node.uri(setup).toString());
      Pages.awaitPath(page, setup);
      accessible(admin, "setup");
      page.findElement(By.id("organisation")).sendKeys("Baltic Sales");
      new Select(page.findElement(By.id("zone"))).selectByValue("Europe/Warsaw");
      new Select(page.findElement(By.id("locale"))).selectByValue("en");
      page.findElement(By.id("values")).sendKeys("Ownership\nCustomer first");
      page.findElement(By.id("adminName")).sendKeys("Ola Nowak");
      page.findElement(By.id("email")).sendKeys("ola@baltic.example");
      page.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
      page.findElement(By.id("confirmation")).sendKeys(ADMIN_PASSWORD);
      page.findElement(By.cssSelector("main form button[type=submit]")).click();
      Pages.awaitPath(page, "/");

      // Two teams.
      for (String team : List.of("Hunters", "Farmers")) {
        page.get(node.uri("/admin/teams").toString());
        page.findElement(By.id("t-name")).sendKeys(team);
        page.findElement(By.cssSelector("main form[action='/admin/teams'] button[type=submit]")).click();
        Pages.awaitPath(page, "/admin/teams");
      }
      accessible(admin, "teams");

      // A file of 30 people: checked, then added with their invitation links.
      Path csv = files.resolve("baltic-people.csv");
      Files.writeString(csv, people(), StandardCharsets.UTF_8);
      page.get(node.uri("/admin/people/import").toString());
      Pages.awaitPath(page, "/admin/people/import");
      accessible(admin, "people-import");
      page.findElement(By.id("people-file")).sendKeys(csv.toString());
      page.findElement(By.cssSelector("#people-upload button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> URI.create(d.getCurrentUrl()).getPath()
          .startsWith("/admin/people/import/"));
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector("main [role=status]"))
          .isEmpty());
      assertTrue(page.findElement(By.cssSelector("main [role=status]")).getText().contains("30 rows: 30 ready to add"),
          page.findElement(By.cssSelector("main [role=status]")).getText());
      accessible(admin, "people-check");
      page.findElement(By.cssSelector("main form[action$='/confirmation'] button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("input[value*='/welcome/']"))
          .size() == 30);
      accessible(admin, "people-links");
      Map<String, String> links = new HashMap<>();
      for (WebElement row : page.findElements(By.cssSelector("main tbody tr"))) {
        List<WebElement> link = row.findElements(By.cssSelector("input[value*='/welcome/']"));
        if (!link.isEmpty()) {
          links.put(row.findElement(By.tagName("th")).getText(), link.get(0).getDomProperty("value"));
        }
      }
      assertEquals(30, links.size(), links.toString());
      // The checker does look: an image without a text alternative is found.
      admin.script("document.querySelector('main').appendChild(document.createElement('img')).src = '/static/x.png'");
      assertTrue(admin.accessibilityViolations().stream().anyMatch(v -> v.startsWith("image-alt")),
          "axe-core runs in the page");

      // A rep accepts her invitation on a phone, in Polish.
      try (Browser phone = Browser.open(Browser.PHONE, "pl")) {
        WebDriver rep = phone.driver();
        rep.get(links.get("Zofia Wiśniewska"));
        new WebDriverWait(rep, Duration.ofSeconds(15)).until(d -> !d.findElements(By.id("password")).isEmpty());
        assertEquals("pl", rep.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertEquals(0, phone.sidewaysOverflow(), "the invitation fits a phone");
        accessible(phone, "welcome-phone-pl");
        rep.findElement(By.id("password")).sendKeys("zofia-chooses-1");
        rep.findElement(By.id("confirmation")).sendKeys("zofia-chooses-1");
        rep.findElement(By.cssSelector("main form button[type=submit]")).click();
        Pages.awaitPath(rep, "/");
        assertTrue(rep.getPageSource().contains("Zofia"), "signed in as herself");
        assertEquals("pl", rep.findElement(By.tagName("html")).getDomAttribute("lang"), "in her language");
        assertEquals(0, phone.sidewaysOverflow());
        accessible(phone, "home-phone-pl");
      }

      // The team's leader accepts his and assigns a module to his team.
      String due = LocalDate.now().plusDays(14).toString();
      try (Browser leaderBrowser = Browser.open(Browser.DESKTOP, "en")) {
        WebDriver leader = leaderBrowser.driver();
        leader.get(links.get("Piotr Lider"));
        new WebDriverWait(leader, Duration.ofSeconds(15)).until(d -> !d.findElements(By.id("password")).isEmpty());
        leader.findElement(By.id("password")).sendKeys("piotr-leads-1");
        leader.findElement(By.id("confirmation")).sendKeys("piotr-leads-1");
        leader.findElement(By.cssSelector("main form button[type=submit]")).click();
        Pages.awaitPath(leader, "/");
        leader.get(node.uri("/training/team").toString());
        Pages.awaitPath(leader, "/training/team");
        accessible(leaderBrowser, "training-team");
        Select module = new Select(leader.findElement(By.id("as-module")));
        String moduleId = module.getOptions().get(0).getDomAttribute("value");
        module.selectByIndex(0);
        new Select(leader.findElement(By.id("as-target"))).selectByVisibleText("Hunters");
        leaderBrowser.script("arguments[0].value = arguments[1]", leader.findElement(By.id("as-due")), due);
        leader.findElement(By.cssSelector("main form[action='/training/team/assign'] button[type=submit]")).click();
        new WebDriverWait(leader, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("assigned=1"));

        // Every Hunter (15 reps) has the module, due that day.
        String token = new JsonObject(node.json("POST", "/api/auth/token", null, new JsonObject()
            .put("email", "piotr@baltic.example").put("password", "piotr-leads-1").encode()).body()).getString("token");
        JsonArray assignments = new JsonObject(node.get("/api/training/assignments", token).body())
            .getJsonArray("assignments");
        long hunters = assignments.stream().map(o -> (JsonObject) o)
            .filter(a -> moduleId.equals(a.getString("moduleId")) && a.getString("dueAt", "").startsWith(due)).count();
        assertEquals(15, hunters, assignments.encodePrettily());
      }
    }
  }

  /** 30 people: a leader and 14 reps on Hunters, 15 reps on Farmers; Zofia reads Polish. */
  private static String people() {
    StringBuilder csv = new StringBuilder("name,email,roles,team,language\n");
    csv.append("Piotr Lider,piotr@baltic.example,leader,Hunters,en\n");
    csv.append("Zofia Wiśniewska,zofia@baltic.example,rep,Hunters,pl\n");
    for (int i = 1; i <= 13; i++) {
      csv.append("Hunter ").append(i).append(",hunter").append(i).append("@baltic.example,rep,Hunters,\n");
    }
    for (int i = 1; i <= 15; i++) {
      csv.append("Farmer ").append(i).append(",farmer").append(i).append("@baltic.example,,Farmers,en\n");
    }
    return csv.toString();
  }

  private static void accessible(Browser browser, String name) {
    List<String> violations = browser.accessibilityViolations();
    if (!violations.isEmpty()) {
      browser.screenshot("axe-" + name);
    }
    assertEquals(List.of(), violations, name + ": axe-core finds WCAG violations");
  }

}
