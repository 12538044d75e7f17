package io.voiceagents.outbound.application.port;

/**
 * Events to publish, written in the caller's transaction (table event_outbox) and sent to Kafka by a relay
 * after commit: an event exists exactly when the change it describes was committed.
 */
public interface EventOutbox {

    /** Adds an event (an immutable record from {@code io.voiceagents.contracts.events}) to the current transaction. */
    void append(String topic, String key, Object event);
}
