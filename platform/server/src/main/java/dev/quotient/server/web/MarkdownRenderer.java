package dev.quotient.server.web;

import dev.quotient.api.ClientError;
import dev.quotient.api.web.Markdown;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/** CommonMark to HTML, then jsoup's allow-list: what a lesson may contain and nothing else. */
public final class MarkdownRenderer implements Markdown {

  private static final List<Extension> EXTENSIONS = List.of();
  private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
  private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).build();
  private final Safelist safelist = Safelist.relaxed()
      .addTags("hr", "del", "s")
      .addProtocols("a", "href", "http", "https", "mailto")
      .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer")
      // Relative links (to the library, other modules) stay; protocols are checked after resolving them.
      .preserveRelativeLinks(true);
  private static final String BASE = "https://quotient.invalid/";

  @Override
  public String toHtml(String markdown) {
    return clean(render(markdown)).body().html();
  }

  @Override
  public void requireSafe(String markdown) {
    Document raw = Jsoup.parseBodyFragment(render(markdown), BASE);
    if (new Cleaner(safelist).isValid(raw)) {
      return;
    }
    Document cleaned = clean(raw.body().html());
    throw ClientError.badRequest("error.markdown.unsafe", firstRemoved(raw, cleaned));
  }

  private String render(String markdown) {
    return renderer.render(parser.parse(markdown == null ? "" : markdown));
  }

  private Document clean(String html) {
    Document dirty = Jsoup.parseBodyFragment(html, BASE);
    Document clean = new Cleaner(safelist).clean(dirty);
    clean.outputSettings().prettyPrint(false);
    return clean;
  }

  /** The first element or attribute the cleaner dropped, to tell the author what to remove. */
  private static String firstRemoved(Document raw, Document cleaned) {
    var kept = cleaned.body().getAllElements();
    for (Element e : raw.body().getAllElements()) {
      if (e == raw.body()) {
        continue;
      }
      boolean tagKept = kept.stream().anyMatch(k -> k.tagName().equals(e.tagName()));
      if (!tagKept) {
        return "<" + e.tagName() + ">";
      }
      for (Attribute a : e.attributes()) {
        boolean attrKept = kept.stream().anyMatch(k -> k.tagName().equals(e.tagName())
            && k.attributes().hasKey(a.getKey()) && k.attr(a.getKey()).equals(a.getValue()));
        if (!attrKept && !a.getKey().equals("rel")) {
          return a.getKey() + "=\"" + a.getValue() + "\"";
        }
      }
    }
    return "HTML";
  }
}
