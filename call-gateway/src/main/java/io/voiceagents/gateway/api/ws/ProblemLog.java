package io.voiceagents.gateway.api.ws;

import org.jboss.logging.Logger;

/**
 * Logs a socket's protocol problems at most once per interval, with how many were left unlogged since: a
 * misbehaving peer sending 50 bad messages a second must not flood the log (nor slow the event loop).
 * One per connection; used from the connection's event loop.
 */
final class ProblemLog {

    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final String subject;
    private long lastNanos = Long.MIN_VALUE;
    private long suppressed;
    private long total;

    ProblemLog(Logger log, String subject) {
        this.log = log;
        this.subject = subject;
    }

    void problem(String what) {
        total++;
        long now = System.nanoTime();
        if (lastNanos != Long.MIN_VALUE && now - lastNanos < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        lastNanos = now;
        if (suppressed > 0) {
            log.warnf("%s: %s (and %d more problems in the last %d s)", subject, what, suppressed,
                    INTERVAL_NANOS / 1_000_000_000L);
        } else {
            log.warnf("%s: %s", subject, what);
        }
        suppressed = 0;
    }

    long total() {
        return total;
    }
}
