package dev.quotient.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlEscapingTest {

  private static final String ALPHABET = "ab <>\"'`=&;#xłóż\u2013\n";

  @Test
  void escapesExactlyAsHandlebarsOwnStrategy() {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(30); n > 0; n--) {
        s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      assertEquals(EscapingStrategy.HTML_ENTITY.escape(s.toString()).toString(),
          HtmlEscaping.INSTANCE.escape(s.toString()).toString(), s.toString());
    }
    assertEquals("", HtmlEscaping.INSTANCE.escape(null).toString());
    assertEquals("<b>", HtmlEscaping.INSTANCE.escape(new Handlebars.SafeString("<b>")).toString());
  }

  @Test
  void pagesRenderAsWithTheDefaultEscaping() throws IOException {
    String template = "<p title=\"{{a}}\">{{a}} {{{a}}} {{b}}</p>";
    Map<String, Object> model = Map.of("a", "<script>alert('x' + `y` == \"z\" & 1)</script>", "b", "Łódź – ok");
    assertEquals(new Handlebars().compileInline(template).apply(model),
        PageEngine.handlebars(new com.github.jknack.handlebars.io.ClassPathTemplateLoader()).compileInline(template)
            .apply(model));
  }
}
