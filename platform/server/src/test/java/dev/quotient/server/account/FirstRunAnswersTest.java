package dev.quotient.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quotient.api.ClientError;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The setup's answers: each rule refuses with its own message, before anything is stored. */
class FirstRunAnswersTest {

  private static final FirstRun.Answers GOOD = new FirstRun.Answers(" Baltic Sales ", "Europe/Warsaw", "pl", "pln",
      "Ownership\r\n\r\nCustomer first\nOwnership\n", "Ola Nowak", "Ola@Baltic.example", "first-admin-pass-1",
      "first-admin-pass-1");

  @Test
  void goodAnswersMakeTheOrganisation() {
    FirstRun.Checked checked = FirstRun.check(GOOD);
    Organisation org = checked.org();
    assertEquals("Baltic Sales", org.name());
    assertEquals(ZoneId.of("Europe/Warsaw"), org.zone());
    assertEquals(Locale.forLanguageTag("pl"), org.locale());
    assertEquals("PLN", org.currency().getCurrencyCode());
    assertEquals(List.of("Ownership", "Customer first"), org.values(), "blank lines and repeats dropped");
    assertEquals("ola@baltic.example", checked.adminEmail());
  }

  @Test
  void eachRuleRefusesWithItsOwnMessage() {
    assertRefused("error.setup.organisation", a -> with(a, 0, " "));
    assertRefused("error.setup.organisation", a -> with(a, 0, "x".repeat(121)));
    assertRefused("error.setup.zone", a -> with(a, 1, "Mars/Olympus_Mons"));
    assertRefused("error.setup.locale", a -> with(a, 2, "de"));
    assertRefused("error.setup.currency", a -> with(a, 3, "XYZW"));
    assertRefused("error.setup.values", a -> with(a, 4, "\n \n"));
    assertRefused("error.setup.values", a -> with(a, 4, String.join("\n", "abcdefghijklm".split(""))));
    assertRefused("error.setup.value", a -> with(a, 4, "x".repeat(61)));
    assertRefused("error.setup.value", a -> with(a, 4, "$where"));
    assertRefused("error.name.invalid", a -> with(a, 5, ""));
    assertRefused("error.email.invalid", a -> with(a, 6, "not-an-email"));
    assertRefused("error.password.length", a -> with(with(a, 7, "short"), 8, "short"));
    assertRefused("error.password.mismatch", a -> with(a, 8, "other-admin-pass-1"));
  }

  private static void assertRefused(String key, UnaryOperator<FirstRun.Answers> change) {
    ClientError e = assertThrows(ClientError.class, () -> FirstRun.check(change.apply(GOOD)));
    assertEquals(400, e.status());
    assertEquals(key, e.messageKey());
  }

  private static FirstRun.Answers with(FirstRun.Answers a, int field, String value) {
    String[] v = {a.organisation(), a.zone(), a.locale(), a.currency(), a.values(), a.adminName(), a.adminEmail(),
        a.password(), a.confirmation()};
    v[field] = value;
    return new FirstRun.Answers(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
  }
}
