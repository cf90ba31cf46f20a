package dev.quotient.server.plugin;

import com.github.jknack.handlebars.io.URLTemplateLoader;
import java.net.URL;

/**
 * Reads a plugin's templates ({@code templates/<id>/*.hbs}) through the plugin's own class loader:
 * the platform's class loader cannot see inside plugin jars.
 */
final class PluginTemplateLoader extends URLTemplateLoader {

  private final ClassLoader loader;

  PluginTemplateLoader(ClassLoader loader, String pluginId) {
    this.loader = loader;
    setPrefix("/templates/" + pluginId + "/");
    setSuffix(".hbs");
  }

  @Override
  protected URL getResource(String location) {
    return loader.getResource(location.startsWith("/") ? location.substring(1) : location);
  }
}
