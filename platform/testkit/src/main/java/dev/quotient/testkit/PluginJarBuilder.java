package dev.quotient.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a real PF4J plugin jar, as the plugin build would: a manifest with {@code Plugin-Id},
 * {@code Plugin-Version}, {@code Plugin-Description} and {@code Plugin-Requires: *}, the class files
 * of the given classes (with their nested, inner and anonymous classes) copied from the current
 * class path, {@code META-INF/extensions.idx} naming the extensions, and resources such as
 * {@code templates/<id>/*.hbs} and {@code i18n/<id>/messages_<lang>.properties}.
 *
 * <p>Classes used as extensions here must not carry PF4J's {@code @Extension} annotation: the
 * annotation processor would also index them on the test class path, where the platform would
 * find them a second time. This builder writes the index itself.
 */
public final class PluginJarBuilder {

  private final String id;
  private String version = "1.0.0";
  private String description;
  private final Set<Class<?>> extensions = new LinkedHashSet<>();
  private final Set<Class<?>> classes = new LinkedHashSet<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();

  private PluginJarBuilder(String id) {
    if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("a plugin id is lower case letters, digits and '-': " + id);
    }
    this.id = id;
    this.description = "Test plugin " + id;
  }

  /** A plugin with this id (route prefix, template folder, bundle folder). */
  public static PluginJarBuilder plugin(String id) {
    return new PluginJarBuilder(id);
  }

  public PluginJarBuilder version(String version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  public PluginJarBuilder description(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return this;
  }

  /** Copies the class (and its nested classes) and lists it in {@code META-INF/extensions.idx}. */
  public PluginJarBuilder extension(Class<?> type) {
    extensions.add(type);
    classes.add(type);
    return this;
  }

  /** Copies these classes (and their nested classes) into the jar without indexing them. */
  public PluginJarBuilder classes(Class<?>... types) {
    classes.addAll(List.of(types));
    return this;
  }

  /** {@code templates/<id>/<name>.hbs}. */
  public PluginJarBuilder template(String name, String handlebars) {
    return resource("templates/" + id + "/" + name + ".hbs", handlebars);
  }

  /** {@code i18n/<id>/messages_<language>.properties}, written in UTF-8. */
  public PluginJarBuilder messages(String language, Map<String, String> entries) {
    Properties properties = new Properties();
    properties.putAll(entries);
    StringWriter out = new StringWriter();
    try {
      properties.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource("i18n/" + id + "/messages_" + language + ".properties", out.toString());
  }

  /** Any resource, as UTF-8 text. */
  public PluginJarBuilder resource(String path, String text) {
    return resource(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Any resource. */
  public PluginJarBuilder resource(String path, byte[] content) {
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("a resource path is relative to the jar root: " + path);
    }
    resources.put(path, content.clone());
    return this;
  }

  /** The jar's file name: {@code <id>-<version>.jar}. */
  public String fileName() {
    return id + "-" + version + ".jar";
  }

  /** Writes the jar into the folder (created if missing) and returns its path. */
  public Path buildInto(Path folder) {
    try {
      Files.createDirectories(folder);
      Path jar = folder.resolve(fileName());
      Manifest manifest = new Manifest();
      Attributes main = manifest.getMainAttributes();
      main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
      main.putValue("Plugin-Id", id);
      main.putValue("Plugin-Version", version);
      main.putValue("Plugin-Description", description);
      main.putValue("Plugin-Provider", "Quotient tests");
      main.putValue("Plugin-Requires", "*");
      Set<String> written = new LinkedHashSet<>();
      try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (Class<?> type : classes) {
          for (Map.Entry<String, byte[]> c : classFiles(type).entrySet()) {
            put(out, written, c.getKey(), c.getValue());
          }
        }
        StringBuilder index = new StringBuilder("# Written by PluginJarBuilder\n");
        extensions.forEach(e -> index.append(e.getName()).append('\n'));
        put(out, written, "META-INF/extensions.idx", index.toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> r : resources.entrySet()) {
          put(out, written, r.getKey(), r.getValue());
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plugin jar " + fileName(), e);
    }
  }

  /** Writes the entry once, after its parent folders, as the jar tool does. */
  private static void put(JarOutputStream out, Set<String> written, String name, byte[] content) throws IOException {
    for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
      String folder = name.substring(0, slash + 1);
      if (written.add(folder)) {
        out.putNextEntry(new JarEntry(folder));
        out.closeEntry();
      }
    }
    if (written.add(name)) {
      out.putNextEntry(new JarEntry(name));
      out.write(content);
      out.closeEntry();
    }
  }

  /**
   * The class file of the type and of every class nested in it ({@code Outer$*.class}), read from
   * wherever the class path holds them: a folder or a jar.
   */
  static Map<String, byte[]> classFiles(Class<?> type) throws IOException {
    if (type.isArray() || type.isPrimitive() || type.isHidden()) {
      throw new IllegalArgumentException("not a class with a class file: " + type);
    }
    String entry = type.getName().replace('.', '/') + ".class";
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    URL url = loader.getResource(entry);
    if (url == null) {
      throw new IllegalArgumentException("no class file for " + type.getName() + " on the class path");
    }
    String base = entry.substring(0, entry.length() - ".class".length());
    String folder = entry.substring(0, entry.lastIndexOf('/') + 1);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(entry, read(url));
    if ("file".equals(url.getProtocol())) {
      Path file;
      try {
        file = Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("bad class file address " + url, e);
      }
      String nestedPrefix = base.substring(folder.length()) + "$";
      List<Path> nested;
      try (Stream<Path> siblings = Files.list(file.getParent())) {
        nested = siblings.filter(p -> p.getFileName().toString().startsWith(nestedPrefix)
            && p.getFileName().toString().endsWith(".class")).sorted().toList();
      }
      for (Path n : nested) {
        files.put(folder + n.getFileName(), Files.readAllBytes(n));
      }
    } else if ("jar".equals(url.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        List<JarEntry> nested = new ArrayList<>();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          if (e.getName().startsWith(base + "$") && e.getName().endsWith(".class")) {
            nested.add(e);
          }
        }
        nested.sort(Comparator.comparing(JarEntry::getName));
        for (JarEntry n : nested) {
          try (InputStream in = jar.getInputStream(n)) {
            files.put(n.getName(), in.readAllBytes());
          }
        }
      }
    } else {
      throw new IllegalArgumentException("cannot list nested classes of " + type.getName() + " at " + url);
    }
    return files;
  }

  private static byte[] read(URL url) throws IOException {
    var connection = url.openConnection();
    connection.setUseCaches(false);
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }
}
