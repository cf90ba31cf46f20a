package dev.quotient.distribution;

import dev.quotient.testkit.PlatformProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * The crash tests' common part: several clients write as fast as they can, the platform process is
 * killed with {@code kill -9} once enough writes were acknowledged (or time runs out), and the
 * clients stop when the server is gone. What each client writes and what counts as acknowledged is
 * the test's; the test then restarts the platform and checks what survived.
 */
final class KillWhileWriting {

  /** One write of one client. */
  interface Write {
    /**
     * Sends write number {@code round} of {@code client}. The test records what it attempted and,
     * when the answer acknowledges it, what was acknowledged.
     *
     * @return the answer; {@link #acknowledged} decides what it means
     * @throws IOException when the server is gone (the write was not acknowledged)
     */
    HttpResponse<String> send(int client, int round) throws IOException, InterruptedException;

    /** True when the answer acknowledges the write (the test records it as such). */
    boolean acknowledged(int client, int round, HttpResponse<String> answer);
  }

  private KillWhileWriting() {}

  /**
   * Runs the clients and kills the platform.
   *
   * @param acknowledgedSoFar how many writes (or batches) are acknowledged, for the stop condition
   * @param enough kill once this many are acknowledged, after at least {@code minMillis}
   * @return answers refused before the kill (there should be none)
   */
  static List<String> run(PlatformProcess platform, int clients, Write write, IntSupplier acknowledgedSoFar,
      int enough, long minMillis, long maxMillis) throws InterruptedException {
    List<String> unexpected = new CopyOnWriteArrayList<>();
    AtomicBoolean killed = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(new Thread(() -> {
        for (int round = 0; ; round++) {
          try {
            HttpResponse<String> answer = write.send(client, round);
            if (!write.acknowledged(client, round, answer) && !killed.get()) {
              unexpected.add(answer.statusCode() + " " + answer.body());
              return;
            }
          } catch (IOException e) {
            return; // the server is gone: this write was never acknowledged
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, "crash-client-" + c));
    }
    long began = System.currentTimeMillis();
    threads.forEach(Thread::start);
    while (true) {
      long elapsed = System.currentTimeMillis() - began;
      if (elapsed >= maxMillis || !unexpected.isEmpty()
          || (elapsed >= minMillis && acknowledgedSoFar.getAsInt() >= enough)) {
        break;
      }
      Thread.sleep(20);
    }
    killed.set(true);
    platform.kill();
    for (Thread t : threads) {
      t.join(30_000);
    }
    return List.copyOf(unexpected);
  }
}
