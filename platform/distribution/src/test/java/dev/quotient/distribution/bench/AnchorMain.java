package dev.quotient.distribution.bench;

/** Does nothing: launched as a JVM with the server's class path, it times the JVM alone. */
public final class AnchorMain {

  private AnchorMain() {}

  public static void main(String[] args) {
    // Loading one platform class from the server jar: the class path is really opened.
    System.out.println(dev.quotient.server.Main.class.getName().length());
  }
}
