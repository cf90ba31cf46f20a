package dev.quotient.server.demo;

import dev.quotient.server.account.AccountService;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.Team;
import dev.quotient.server.account.User;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo organisation from {@code content/demo/organisation.json}, created on the first start with
 * {@code QUOTIENT_DEMO=true}. Runs on a worker thread.
 */
public final class DemoData {

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
  static final String RESOURCE = "content/demo/organisation.json";

  private DemoData() {}

  /** Creates the demo organisation unless it exists; returns true when it was created. */
  public static boolean ensure(AccountStore accounts, String configuredPassword) {
    JsonObject demo = read();
    String orgName = demo.getString("name");
    if (accounts.demoRemoved()) {
      LOG.info("the demo organisation was removed by an admin: not created again");
      return false;
    }
    Organisation existing = accounts.organisationByName(orgName).orElse(null);
    if (existing != null && accounts.users(existing.id()).size() >= demo.getJsonArray("users").size()) {
      LOG.info("demo organisation '{}' already exists", orgName);
      return false;
    }
    // Each piece is created only if missing, so a first start that died half-way is completed.
    String password = configuredPassword.isBlank() ? generatePassword() : configuredPassword;
    // One hash for every demo user: they share the password, and start-up stays fast.
    String hash = Passwords.hash(password);
    Organisation org = existing != null ? existing : accounts.createOrganisation(new Organisation(
        AccountStore.newId(), orgName, ZoneId.of(demo.getString("zone")),
        Locale.forLanguageTag(demo.getString("locale")),
        demo.getJsonArray("values").stream().map(String::valueOf).toList(),
        java.util.Currency.getInstance(demo.getString("currency", "EUR"))));
    accounts.markDemo(org.id());
    Map<String, String> teamIds = new HashMap<>();
    for (Team team : accounts.teams(org.id())) {
      teamIds.put(team.name(), team.id());
    }
    for (Object t : demo.getJsonArray("teams")) {
      teamIds.computeIfAbsent((String) t, name -> accounts.createTeam(org.id(), name).id());
    }
    for (Object o : demo.getJsonArray("users")) {
      JsonObject u = (JsonObject) o;
      if (accounts.userByEmail(u.getString("email")).isPresent()) {
        continue;
      }
      List<String> roleNames = u.getJsonArray("roles").stream().map(String::valueOf).toList();
      accounts.createUser(new User(AccountStore.newId(), org.id(), u.getString("email"), u.getString("name"),
          AccountService.parseRoles(roleNames), teamIds.get(u.getString("team")), null, hash));
    }
    if (configuredPassword.isBlank()) {
      // Printed, not logged as data: the operator needs it once to sign in.
      System.out.println("Demo users created. Password for every demo user: " + password);
    }
    LOG.info("demo organisation '{}' created with {} users", orgName, demo.getJsonArray("users").size());
    return true;
  }

  static JsonObject read() {
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the server jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String generatePassword() {
    byte[] raw = new byte[12];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
