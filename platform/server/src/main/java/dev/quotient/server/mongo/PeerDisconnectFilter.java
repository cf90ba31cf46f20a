package dev.quotient.server.mongo;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the embedded store's ERROR for a client whose connection was reset or broken: another node
 * of the cluster was killed or its process ended, which the cluster itself reports (Hazelcast's
 * member list, the other node's own log). The store logs every such event as an error with a stack
 * trace, which makes an operator look for a fault that is not there.
 */
public final class PeerDisconnectFilter extends Filter<ILoggingEvent> {

  static final String LOGGER = "de.bwaldvogel.mongo.wire.MongoExceptionHandler";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!LOGGER.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    IThrowableProxy cause = event.getThrowableProxy();
    if (cause != null && (cause.getClassName().startsWith("java.net.") || cause.getClassName().startsWith("java.io.")) && cause.getMessage() != null
        && (cause.getMessage().contains("Connection reset") || cause.getMessage().contains("Broken pipe"))) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
