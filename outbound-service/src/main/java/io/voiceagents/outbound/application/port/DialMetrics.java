package io.voiceagents.outbound.application.port;

import java.time.Duration;

/** What the dial queue measures (Micrometer in production). */
public interface DialMetrics {

    /** A call entered the queue. */
    void queued(boolean campaign);

    /** Twilio accepted a create request (or a reconciliation adopted the call Twilio had created). */
    void dialed();

    /** A create request failed; {@code reasonClass} is rate-limited, uncertain or permanent. */
    void dialFailed(String reasonClass);

    /** A call reached a final status. */
    void ended(String status);

    /** One create request, from send to answer; {@code outcome} is created or the failure's reason class. */
    void twilioCreate(Duration latency, String outcome);

    /** How long a worker waited for its pacing slot. */
    void pacerWait(Duration wait);

    /** A reconciliation of an unclear create: adopted, requeued, failed or error. */
    void reconciled(String outcome);

    /** A call forced to a final status because Twilio never reported one. */
    void timedOut();
}
