package dev.quotient.server.web;

import dev.quotient.api.CurrentUser;
import dev.quotient.server.i18n.Messages;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** The language a request is answered in, stored on the routing context. */
public final class RequestLocale {

  public static final String KEY = "quotient.locale";

  private RequestLocale() {}

  public static Locale of(RoutingContext ctx) {
    Locale locale = ctx.get(KEY);
    if (locale == null) {
      CurrentUser user = CurrentUser.of(ctx);
      locale = user != null ? user.locale() : Messages.resolve(ctx, null, Locale.ENGLISH);
    }
    return locale;
  }
}
