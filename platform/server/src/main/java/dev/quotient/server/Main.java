package dev.quotient.server;

import dev.quotient.server.config.QuotientConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts one node from the environment and stops it cleanly on SIGTERM; with arguments, a {@link Maintenance} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      System.exit(Maintenance.run(args));
    }
    QuotientConfig config = QuotientConfig.fromEnvironment();
    CountDownLatch ready = new CountDownLatch(1);
    Quotient[] node = new Quotient[1];
    Throwable[] failure = new Throwable[1];
    Quotient.start(config).onComplete(r -> {
      if (r.succeeded()) {
        node[0] = r.result();
      } else {
        failure[0] = r.cause();
      }
      ready.countDown();
    });
    ready.await();
    if (failure[0] != null) {
      System.err.println("Quotient could not start: " + failure[0]);
      failure[0].printStackTrace();
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CountDownLatch stopped = new CountDownLatch(1);
      node[0].stop().onComplete(r -> stopped.countDown());
      try {
        stopped.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "quotient-shutdown"));
  }
}
