package dev.quotient.api.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Renders a plugin's Handlebars template ({@code templates/<plugin-id>/<name>.hbs} inside the
 * plugin jar) in the platform layout, with HTML escaping on. Templates use {@code {{t "key"}}} for
 * text from the plugin's bundle (falling back to the platform's) and {@code {{date value}}} for
 * instants in the organisation's time zone.
 */
public interface PageRenderer {

  /**
   * Renders and ends the response with status 200.
   *
   * @param titleKey message key of the page title
   * @param model values the template reads; the caller and locale are added by the platform
   */
  void render(RoutingContext ctx, String template, String titleKey, Map<String, Object> model);
}
