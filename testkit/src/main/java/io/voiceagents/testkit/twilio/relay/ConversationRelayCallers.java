package io.voiceagents.testkit.twilio.relay;

import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.media.StreamConnectException;
import io.voiceagents.testkit.twilio.media.TwilioWebSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Twilio's ConversationRelay side for many emulated calls, sharing the account and the socket event loops of a
 * {@link MediaStreamsCallers} pool (which it borrows, not owns: close that pool after this one). With a REST emulator
 * attached, as for Media Streams: each call is registered as in-progress, a REST hang-up or redirect ends the session
 * (a {@code <Dial>} is recorded as a transfer) and a caller hanging up completes the call. Thread-safe.
 */
public final class ConversationRelayCallers implements AutoCloseable {

    private final MediaStreamsCallers shared;
    private final Map<String, ConversationRelayCaller> live = new ConcurrentHashMap<>();
    private volatile TwilioRestEmulator rest;
    private AutoCloseable detach;

    private ConversationRelayCallers(MediaStreamsCallers shared) {
        this.shared = shared;
    }

    /** Relay callers using {@code shared}'s account and event loops. */
    public static ConversationRelayCallers sharing(MediaStreamsCallers shared) {
        return new ConversationRelayCallers(shared);
    }

    public synchronized ConversationRelayCallers attach(TwilioRestEmulator emulator) {
        if (rest != null) {
            throw new IllegalStateException("already attached to a TwilioRestEmulator");
        }
        rest = emulator;
        detach = emulator.addCallUpdateListener(update -> {
            ConversationRelayCaller caller = live.get(update.callSid());
            if (caller != null) {
                caller.onCallUpdate(update);
            }
        });
        return this;
    }

    /** Opens the session and sends {@code setup}; throws {@link StreamConnectException}. */
    public ConversationRelayCaller connect(ConversationRelayCall call) {
        try {
            return connectAsync(call).get(call.connectTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StreamConnectException s ? s
                    : new StreamConnectException("cannot open " + call.connectUri(), -1, e.getCause());
        } catch (TimeoutException e) {
            throw new StreamConnectException("no answer to the upgrade at " + call.connectUri(), -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamConnectException("interrupted while connecting", -1, e);
        }
    }

    public CompletableFuture<ConversationRelayCaller> connectAsync(ConversationRelayCall call) {
        ConversationRelayCaller caller = new ConversationRelayCaller(call, shared.accountSid(), this::ended);
        TwilioRestEmulator r = rest;
        if (r != null) {
            r.registerLiveCall(call.callSid(), call.from(), call.to());
        }
        return TwilioWebSocket.connect(shared.sockets(), call.connectUri(), call.signedUrl(), shared.authToken(),
                        call.signature(), call.connectTimeout(), new TwilioWebSocket.Handler() {
                            @Override
                            public void onText(String message) {
                                caller.onText(message);
                            }

                            @Override
                            public void onBinary(int bytes) {
                                caller.onBinary(bytes);
                            }

                            @Override
                            public void onClosed(int code, String reason) {
                                caller.onClosed(code, reason);
                            }

                            @Override
                            public void onFailure(Throwable error) {
                                caller.onFailure(error);
                            }
                        })
                .thenApply(ws -> {
                    live.put(call.callSid(), caller);
                    caller.started(ws);
                    return caller;
                });
    }

    private void ended(ConversationRelayCaller caller) {
        live.remove(caller.callSid(), caller);
        TwilioRestEmulator r = rest;
        if (r != null) {
            r.call(caller.callSid()).filter(c -> "in-progress".equals(c.status()))
                    .ifPresent(c -> r.setStatus(c.sid(), "completed"));
        }
    }

    public List<ConversationRelayCaller> live() {
        return List.copyOf(live.values());
    }

    public Optional<ConversationRelayCaller> caller(String callSid) {
        return Optional.ofNullable(live.get(callSid));
    }

    /** Drops every open session and detaches from the REST emulator (the shared pool stays open). */
    @Override
    public void close() {
        live.values().forEach(ConversationRelayCaller::abort);
        synchronized (this) {
            if (detach != null) {
                try {
                    detach.close();
                } catch (Exception ignored) {
                    // removing a listener cannot fail
                }
                detach = null;
            }
        }
    }
}
