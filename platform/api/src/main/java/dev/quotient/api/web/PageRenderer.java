package dev.quotient.api.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a plugin's Handlebars template ({@code templates/<plugin-id>/<name>.hbs} inside the
 * plugin jar) in the platform layout, with HTML escaping on. Templates use {@code {{t "key"}}} for
 * text from the plugin's bundle (falling back to the platform's) and {@code {{date value}}} for
 * instants in the organisation's time zone.
 *
 * <p>A model may hold Vert.x {@code JsonObject} and {@code JsonArray} values at any depth, next to maps,
 * lists and records: templates read a JsonObject by key ({@code {{plan.owner.name}}}, and {@code each}
 * walks its fields with {@code @key}) and a JsonArray in {@code each} (with {@code @index}), by index
 * ({@code {{goals.[0].title}}}) and by {@code length}. So a plugin hands its JSON views to a page as they
 * are, without copying them into plain maps.
 */
public interface PageRenderer {

  /**
   * Renders and ends the response with status 200.
   *
   * @param titleKey message key of the page title
   * @param model values the template reads; the caller and locale are added by the platform
   */
  void render(RoutingContext ctx, String template, String titleKey, Map<String, Object> model);

  /**
   * Renders like {@link #render} a model that never changes once built and is shared between views (a
   * plugin's kept page model): the page body rendered from it may be kept with it and served again to a
   * reader with the same language, zone, roles and form token, as long as the model itself is kept. The
   * model must not change afterwards.
   */
  default void renderKept(RoutingContext ctx, String template, String titleKey, Map<String, Object> model) {
    render(ctx, template, titleKey, model);
  }

  /**
   * A message of the plugin's bundle for text built in Java (chart labels, texts in API or event replies),
   * resolved like the templates' {@code t} helper: the locale's language, else English, else the
   * platform's bundle; the key itself when no bundle has it. With arguments, the message is a
   * {@link java.text.MessageFormat} pattern formatted in the given locale. Never throws for a missing key.
   */
  String text(Locale locale, String key, Object... args);
}
