package io.voiceagents.gateway.application.port;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.TurnEvent;

/** Facts after they happened (Kafka), keyed by call SID. Never blocks the webhook. */
public interface CallEventPublisher {

    void publish(CallEvent event);

    void publish(TurnEvent event);
}
