package dev.quotient.server.activity.imports;

import dev.quotient.server.web.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work over whole files on this node, a few at a time: at most {@code maxRunning} tasks run at once,
 * up to {@code maxWaiting} more wait in the order they came, and one more is refused with 503 ({@link
 * Unavailable}, {@value #BUSY}) before anything is done for it. A place is reserved first ({@link
 * #reserve}), so the caller can record the task's state and still be refused cleanly; then the task is
 * handed over ({@link Ticket#start}) or the place given back ({@link Ticket#cancel}). Thread-safe.
 */
final class ImportQueue {

  private static final Logger LOG = LoggerFactory.getLogger(ImportQueue.class);
  static final String BUSY = "error.import.busy";
  /** Retry-After of a refusal: about the time a large file takes. */
  static final int RETRY_AFTER_SECONDS = 30;

  /** The work: started on the thread that frees a place or hands it over; done when its future is. */
  @FunctionalInterface
  interface Task {
    Future<?> run();
  }

  /** A reserved place: running at once or waiting. */
  final class Ticket {
    private final String id;
    private final boolean atOnce;
    private Task task;

    private Ticket(String id, boolean atOnce) {
      this.id = id;
      this.atOnce = atOnce;
    }

    /** True when the task runs as soon as it is handed over; false when it waits for a place. */
    boolean atOnce() {
      return atOnce;
    }

    /** Hands the task over: it runs now, or when its turn comes. */
    void start(Task task) {
      if (atOnce) {
        run(task);
        return;
      }
      synchronized (ImportQueue.this) {
        this.task = task;
      }
      drain();
    }

    /** Gives the place back without running anything. */
    void cancel() {
      synchronized (ImportQueue.this) {
        if (atOnce) {
          running--;
        } else {
          waiting.remove(id);
        }
      }
      drain();
    }
  }

  private final int maxRunning;
  private final int maxWaiting;
  private final Map<String, Ticket> waiting = new LinkedHashMap<>();
  private int running;

  ImportQueue(int maxRunning, int maxWaiting) {
    if (maxRunning < 1 || maxWaiting < 0) {
      throw new IllegalArgumentException("at least one task runs, none or more wait: " + maxRunning + ", "
          + maxWaiting);
    }
    this.maxRunning = maxRunning;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Reserves a place for the task {@code id}: a running one when one is free and nobody waits, else a
   * waiting one. 503 ({@link Unavailable}) when {@code maxWaiting} tasks wait already.
   */
  synchronized Ticket reserve(String id) {
    if (running < maxRunning && waiting.isEmpty()) {
      running++;
      return new Ticket(id, true);
    }
    if (waiting.size() >= maxWaiting || waiting.containsKey(id)) {
      throw new Unavailable(RETRY_AFTER_SECONDS, BUSY, maxRunning, maxWaiting);
    }
    Ticket ticket = new Ticket(id, false);
    waiting.put(id, ticket);
    return ticket;
  }

  /** Runs {@code work} when a place is free; 503 at once when the queue is full. */
  <T> Future<T> submit(Supplier<Future<T>> work) {
    Ticket ticket = reserve(UUID.randomUUID().toString());
    Promise<T> result = Promise.promise();
    ticket.start(() -> {
      Future<T> f = work.get();
      f.onComplete(result);
      return f;
    });
    return result.future();
  }

  /** 1 for the first waiting task, and so on; 0 when {@code id} does not wait here. */
  synchronized int position(String id) {
    int i = 1;
    for (String waiter : waiting.keySet()) {
      if (waiter.equals(id)) {
        return i;
      }
      i++;
    }
    return 0;
  }

  /** The ids of the waiting tasks, first first. */
  synchronized List<String> waitingIds() {
    return new ArrayList<>(waiting.keySet());
  }

  synchronized int running() {
    return running;
  }

  private void run(Task task) {
    Future<?> done;
    try {
      done = task.run();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(r -> {
      if (r.failed()) {
        LOG.warn("import task failed", r.cause());
      }
      synchronized (this) {
        running--;
      }
      drain();
    });
  }

  /** Starts waiting tasks, in order, while places are free; a task not handed over yet is passed by. */
  private void drain() {
    List<Task> start = new ArrayList<>();
    synchronized (this) {
      var it = waiting.values().iterator();
      while (running < maxRunning && it.hasNext()) {
        Ticket t = it.next();
        if (t.task != null) {
          it.remove();
          running++;
          start.add(t.task);
        }
      }
    }
    start.forEach(this::run);
  }
}
