package io.voiceagents.gateway.application.port;

import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Where a call's live happenings go (state changes, transcript lines as they are heard and spoken) for
 * whoever watches the call on the live events endpoint, on any gateway replica. Publishing never blocks
 * and never fails the call: a lost live event only affects the view, not the call.
 *
 * <p>Publish every event: the feed itself skips the {@linkplain LiveCallEvent.Type#streaming() streaming} ones of
 * calls nobody watches (see {@link LiveWatchAnnouncer}) and may thin out interim caller text.
 */
public interface LiveCallFeed {

    void publish(LiveCallEvent event);
}
