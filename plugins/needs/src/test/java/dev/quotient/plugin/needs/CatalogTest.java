package dev.quotient.plugin.needs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CatalogTest {

  @Test
  void theJarHoldsSevenQuestionsTwelveTopicsAndAGlossaryInBothLanguages() {
    Catalog c = Catalog.load(CatalogTest.class.getClassLoader());
    assertEquals(7, c.questions().size());
    assertEquals(12, c.topics().size());
    assertEquals("Automatyzacja stosu technologicznego", c.question("tech-stack").shortText(new Locale("pl")));
    assertEquals("Objection handling", c.topic("objection-handling").name(Locale.ENGLISH));
    for (Catalog.Topic t : c.topics()) {
      assertFalse(c.termsOf(t.id()).isEmpty(), t.id() + " has terms to learn");
    }
  }
}
