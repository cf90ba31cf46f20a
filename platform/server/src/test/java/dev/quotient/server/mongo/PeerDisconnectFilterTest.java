package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** A killed cluster node's reset connection is not logged as the store's error; real faults still are. */
class PeerDisconnectFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final PeerDisconnectFilter filter = new PeerDisconnectFilter();

  @Test
  void aResetConnectionOfAClientIsDroppedAndOtherFaultsAreKept() {
    assertEquals(FilterReply.DENY, filter.decide(event(PeerDisconnectFilter.LOGGER, new SocketException("Connection reset"))));
    assertEquals(FilterReply.DENY, filter.decide(event(PeerDisconnectFilter.LOGGER,
        new java.io.IOException("Broken pipe"))));
    assertEquals(FilterReply.NEUTRAL, filter.decide(event(PeerDisconnectFilter.LOGGER,
        new IllegalStateException("Connection reset"))), "not an I/O error of the JDK: kept");
    assertEquals(FilterReply.NEUTRAL, filter.decide(event(PeerDisconnectFilter.LOGGER,
        new SocketException("Too many open files"))));
    assertEquals(FilterReply.NEUTRAL, filter.decide(event("dev.quotient.server.Quotient",
        new SocketException("Connection reset"))), "another logger: kept");
  }

  private LoggingEvent event(String logger, Throwable cause) {
    return new LoggingEvent("x", context.getLogger(logger), Level.ERROR, "exception for client {}", cause,
        new Object[] {"be731857"});
  }
}
