package dev.quotient.api.web;

/**
 * Markdown for text people write on the platform (lessons, plans, notes). Output is sanitised HTML,
 * safe to put in a page unescaped ({@code {{{html}}}} in a template).
 */
public interface Markdown {

  /** Renders to HTML; raw HTML outside the allow-list (scripts, frames, event handlers) is removed. */
  String toHtml(String markdown);

  /**
   * Refuses Markdown whose rendering would lose something to sanitising, so an author learns at once
   * instead of finding content silently gone.
   *
   * @throws dev.quotient.api.ClientError 400 {@code error.markdown.unsafe} naming the first offending
   *     element
   */
  void requireSafe(String markdown);
}
