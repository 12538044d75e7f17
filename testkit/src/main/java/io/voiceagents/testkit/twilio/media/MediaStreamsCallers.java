package io.voiceagents.testkit.twilio.media;

import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Twilio's media servers for many emulated calls at once: the {@link TwilioSockets} event loops (one by default,
 * enough for a couple of hundred calls) that carry every caller's socket and pace its 20 ms frames, and the account
 * the upgrades are signed for. Callers are cheap: no thread each, a few kilobytes of state.
 *
 * <p>{@link #attach(TwilioRestEmulator)} ties the callers to the REST emulator as Twilio's are to its API: each
 * caller's call is registered as an in-progress call (so the application can hang it up or redirect it), a REST
 * hang-up or redirect of the call ends its stream ({@code stop}, close; a {@code <Dial>} is recorded as a transfer),
 * and a caller hanging up completes the call.
 *
 * <p>Usage: {@code try (var callers = MediaStreamsCallers.create(rest)) { var c = callers.connect(MediaStreamsCall
 * .to("ws://127.0.0.1:8081/twilio/media").signedUrl("wss://voice.example.com/twilio/media")
 * .customParameter("token", t).build()); c.say(…).waitForAgentReply().hangUp(); c.awaitEnd(…); }}. Thread-safe.
 */
public final class MediaStreamsCallers implements AutoCloseable {

    private final String accountSid;
    private final String authToken;
    private final TwilioSockets sockets;
    private final Map<String, MediaStreamsCaller> live = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final List<AutoCloseable> detach = new ArrayList<>();
    private volatile TwilioRestEmulator rest;
    private LatenessHistogram endedPacing = LatenessHistogram.empty();
    private HttpClient http;

    private MediaStreamsCallers(String accountSid, String authToken, int pacerThreads) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.sockets = TwilioSockets.create(pacerThreads, "twilio-media-io");
        StreamMessages.warmUp();
    }

    /** Callers signing for {@code accountSid} with {@code authToken}, on one event loop. */
    public static MediaStreamsCallers create(String accountSid, String authToken) {
        return new MediaStreamsCallers(accountSid, authToken, 1);
    }

    /**
     * As {@link #create(String, String)} with {@code pacerThreads} event loops, each doing the I/O and the pacing of
     * its share of the calls (1 is enough for ~200 calls).
     */
    public static MediaStreamsCallers create(String accountSid, String authToken, int pacerThreads) {
        return new MediaStreamsCallers(accountSid, authToken, pacerThreads);
    }

    /** Callers for the REST emulator's account, {@link #attach attached} to it. */
    public static MediaStreamsCallers create(TwilioRestEmulator rest) {
        return create(rest.accountSid(), rest.authToken()).attach(rest);
    }

    /** See the class documentation. One REST emulator per pool. */
    public synchronized MediaStreamsCallers attach(TwilioRestEmulator emulator) {
        if (rest != null) {
            throw new IllegalStateException("already attached to a TwilioRestEmulator");
        }
        rest = emulator;
        detach.add(emulator.addCallUpdateListener(update -> {
            MediaStreamsCaller caller = live.get(update.callSid());
            if (caller != null) {
                caller.onCallUpdate(update);
            }
        }));
        return this;
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /**
     * The pacing scheduler (the sockets' event loops), for other emulated parties that want to share it. Its tasks
     * must not block: they would delay every caller's frames.
     */
    public ScheduledExecutorService scheduler() {
        return sockets.scheduler();
    }

    /** The event loops the callers' sockets run on, for other emulated parties opening Twilio sockets. */
    public TwilioSockets sockets() {
        return sockets;
    }

    /**
     * An HTTP client for other emulated parties that want to share one (e.g. for Twilio's webhooks); made on first
     * use, closed with the pool. The sockets do not use it.
     */
    public synchronized HttpClient httpClient() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    /** Opens the stream and sends {@code connected} and {@code start}; throws {@link StreamConnectException}. */
    public MediaStreamsCaller connect(MediaStreamsCall call) {
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

    /** As {@link #connect} without blocking; fails with {@link StreamConnectException}. */
    public CompletableFuture<MediaStreamsCaller> connectAsync(MediaStreamsCall call) {
        MediaStreamsCaller caller = new MediaStreamsCaller(call, accountSid, this::ended);
        TwilioRestEmulator r = rest;
        if (r != null) {
            r.registerLiveCall(call.callSid(), call.from(), call.to());
        }
        return TwilioWebSocket.connect(sockets, call.connectUri(), call.signedUrl(), authToken, call.signature(),
                        call.connectTimeout(), new TwilioWebSocket.Handler() {
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
                    connected.incrementAndGet();
                    caller.started(ws);
                    return caller;
                });
    }

    private void ended(MediaStreamsCaller caller) {
        live.remove(caller.callSid(), caller);
        synchronized (this) {
            endedPacing = endedPacing.plus(caller.inboundPacing());
        }
        TwilioRestEmulator r = rest;
        if (r != null) {
            r.call(caller.callSid()).filter(c -> "in-progress".equals(c.status()))
                    .ifPresent(c -> r.setStatus(c.sid(), "completed"));
        }
    }

    /** Callers whose stream is still open. */
    public List<MediaStreamsCaller> live() {
        return List.copyOf(live.values());
    }

    public Optional<MediaStreamsCaller> caller(String callSid) {
        return Optional.ofNullable(live.get(callSid));
    }

    /** Streams opened since the pool was created. */
    public int connectedCount() {
        return connected.get();
    }

    /** Inbound frame pacing of every caller, ended and live: the emulator's own timeliness. */
    public LatenessHistogram inboundPacing() {
        LatenessHistogram all;
        synchronized (this) {
            all = endedPacing;
        }
        for (MediaStreamsCaller c : live.values()) {
            all = all.plus(c.inboundPacing());
        }
        return all;
    }

    /** Drops every open stream (no {@code stop}), detaches from the REST emulator and stops the event loops. */
    @Override
    public void close() {
        for (MediaStreamsCaller c : live.values()) {
            c.abort();
        }
        synchronized (this) {
            for (AutoCloseable d : detach) {
                try {
                    d.close();
                } catch (Exception ignored) {
                    // removing a listener cannot fail
                }
            }
            detach.clear();
        }
        sockets.close();
        HttpClient h;
        synchronized (this) {
            h = http;
        }
        if (h != null) {
            h.close();
        }
    }
}
