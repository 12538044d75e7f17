package io.voiceagents.gateway.application.port;

import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Where a call's live happenings go (state changes, transcript lines as they are heard and spoken) for
 * whoever watches the call on the live events endpoint, on any gateway replica. Publishing never blocks
 * and never fails the call: a lost live event only affects the view, not the call.
 */
public interface LiveCallFeed {

    void publish(LiveCallEvent event);
}
