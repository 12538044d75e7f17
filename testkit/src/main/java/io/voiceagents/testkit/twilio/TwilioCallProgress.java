package io.voiceagents.testkit.twilio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Twilio's network behind a {@link TwilioRestEmulator}: every call created through the REST API is played on its own
 * virtual thread according to a {@link CalleeBehaviour} chosen by the destination number, so a dialer can be tested
 * end to end with the official SDK.
 *
 * <h2>What each call does</h2>
 * <ul>
 *   <li>The stored call (what {@code GET .../Calls/{Sid}.json} and the list answer) follows the progress:
 *       queued → ringing → in-progress → completed (or busy, no-answer, failed, canceled), with start_time,
 *       answered_by, end_time and duration.</li>
 *   <li>Status callbacks go to the call's StatusCallback (StatusCallbackMethod, default POST) for the events in its
 *       StatusCallbackEvent list — {@code initiated}, {@code ringing}, {@code answered} (CallStatus
 *       {@code in-progress}), {@code completed} — and always for the final status, listed or not. Each carries
 *       AccountSid, ApiVersion, CallSid, CallStatus, Called, Caller, Direction=outbound-api, From, To,
 *       CallbackSource=call-progress-events, SequenceNumber (0, 1, 2 … per call), Timestamp (RFC 1123 with a
 *       numeric zone, as Twilio), AnsweredBy once machine detection ran, and on the final one CallDuration,
 *       Duration (minutes) and SipResponseCode; signed with {@code X-Twilio-Signature} (the emulator's auth token)
 *       over the exact URL, query included, with an {@code I-Twilio-Idempotency-Token} header.</li>
 *   <li>When the callee answers, the call's Url is POSTed as Twilio does for an answered outbound call
 *       (CallStatus=in-progress, Direction=outbound-api, AccountSid, ApiVersion, CallSid, From, To, Called, Caller,
 *       and AnsweredBy when MachineDetection was requested), signed the same way, and its TwiML is executed by the
 *       {@link TwilioCallerEmulator} interpreter (Say, Play, Gather with the scripted utterances, Redirect,
 *       Hangup…); no utterance left means the callee hangs up at that Gather.</li>
 *   <li>A REST update Status=canceled (or completed) of a queued/ringing call, or Status=completed of a live call,
 *       stops the behaviour at once: the {@code canceled} (or {@code completed}) callback is sent and the Url is
 *       never requested after a cancel. Deleting the call or {@link TwilioRestEmulator#reset()} abandons it
 *       silently.</li>
 *   <li>Not played: calls created before the progress was attached, calls created with inline Twiml or an
 *       ApplicationSid (they progress, but no Url is requested), and a REST redirect (Url/Twiml update) of a live
 *       call, which is stored but not followed. The Url is always requested with POST.</li>
 * </ul>
 *
 * <p>Usage: {@code TwilioCallProgress.attach(emulator, CalleeBehaviour.answer()).route("+14155550100",
 * CalleeBehaviour.busy())}; then {@link #awaitResult(String, Duration)} for a call SID. Thread-safe; hundreds of
 * calls can run at once. One progress per emulator; {@link #close()} stops the calls in flight and detaches.
 */
public final class TwilioCallProgress implements AutoCloseable {

    /** Outcomes kept for {@link #result}; older ones are forgotten. */
    public static final int MAX_RESULTS = 10_000;

    private final TwilioRestEmulator emulator;
    private final TwilioCallerEmulator twilio;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("twilio-call-progress-", 0).factory());
    private final Map<String, CalleeBehaviour> routed = new ConcurrentHashMap<>();
    private final Map<String, CallProgressRun> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CallProgressResult>> results = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    private volatile Function<String, CalleeBehaviour> routing = to -> null;
    private volatile CalleeBehaviour defaultBehaviour;
    private volatile boolean closed;
    private final CallLifecycleHook hook;

    private TwilioCallProgress(TwilioRestEmulator emulator, CalleeBehaviour defaultBehaviour, Duration webhookTimeout) {
        this.emulator = emulator;
        this.defaultBehaviour = Objects.requireNonNull(defaultBehaviour, "defaultBehaviour");
        this.twilio = new TwilioCallerEmulator(emulator.accountSid(), emulator.authToken(), webhookTimeout);
        this.hook = new CallLifecycleHook() {
            @Override
            public void created(RestCall call) {
                register(call);
            }

            @Override
            public void answered(String sid) {
                CallProgressRun run = running.get(sid);
                if (run != null) {
                    try {
                        executor.execute(run);
                    } catch (RejectedExecutionException closing) {
                        run.abandon();
                    }
                }
            }

            @Override
            public void changed(String sid) {
                CallProgressRun run = running.get(sid);
                if (run != null) {
                    run.wake();
                }
            }

            @Override
            public void reset() {
                results.clear();
                order.clear();
                running.values().forEach(CallProgressRun::wake);
            }
        };
        emulator.attach(hook);
    }

    /** Every call is answered by a person who hangs up at the first Gather. */
    public static TwilioCallProgress attach(TwilioRestEmulator emulator) {
        return attach(emulator, CalleeBehaviour.answer());
    }

    /** Every call gets {@code defaultBehaviour} unless a route says otherwise. */
    public static TwilioCallProgress attach(TwilioRestEmulator emulator, CalleeBehaviour defaultBehaviour) {
        return new TwilioCallProgress(emulator, defaultBehaviour, TwilioCallerEmulator.DEFAULT_TIMEOUT);
    }

    /** As {@link #attach(TwilioRestEmulator, CalleeBehaviour)} with another webhook/callback timeout (Twilio: 15 s). */
    public static TwilioCallProgress attach(TwilioRestEmulator emulator, CalleeBehaviour defaultBehaviour, Duration webhookTimeout) {
        return new TwilioCallProgress(emulator, defaultBehaviour, webhookTimeout);
    }

    /** Calls to exactly {@code to} get {@code behaviour} (takes precedence over {@link #routing}). */
    public TwilioCallProgress route(String to, CalleeBehaviour behaviour) {
        routed.put(to, Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    /** A function To → behaviour for numbers without a {@link #route}; returning null means the default. */
    public TwilioCallProgress routing(Function<String, CalleeBehaviour> byTo) {
        this.routing = byTo == null ? to -> null : byTo;
        return this;
    }

    public TwilioCallProgress defaultBehaviour(CalleeBehaviour behaviour) {
        this.defaultBehaviour = Objects.requireNonNull(behaviour, "behaviour");
        return this;
    }

    /** The behaviour a new call to {@code to} gets (chosen when the call is created). */
    public CalleeBehaviour behaviourFor(String to) {
        CalleeBehaviour b = routed.get(to);
        if (b == null) {
            b = routing.apply(to);
        }
        return b == null ? defaultBehaviour : b;
    }

    /** The outcome of a call whose behaviour is over; empty while it runs (or for an unknown SID). */
    public Optional<CallProgressResult> result(String callSid) {
        CompletableFuture<CallProgressResult> f = results.get(callSid);
        return f == null || !f.isDone() ? Optional.empty() : Optional.of(f.join());
    }

    /** Waits for a call's behaviour to end. @throws IllegalStateException on an unknown SID or time-out */
    public CallProgressResult awaitResult(String callSid, Duration timeout) {
        CompletableFuture<CallProgressResult> f = results.get(callSid);
        if (f == null) {
            throw new IllegalStateException("no call " + callSid + " was created since the progress was attached");
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("call " + callSid + " still in progress after " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until no call is in progress; false on time-out. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Outcomes of the calls whose behaviour is over, in no particular order. */
    public List<CallProgressResult> results() {
        List<CallProgressResult> out = new ArrayList<>();
        results.values().forEach(f -> {
            if (f.isDone()) {
                out.add(f.join());
            }
        });
        return out;
    }

    /** Calls whose behaviour is still running. */
    public int inProgress() {
        return running.size();
    }

    /** Stops the calls in flight (no further webhook or callback) and detaches from the emulator. */
    @Override
    public void close() {
        closed = true;
        emulator.detach(hook);
        running.values().forEach(CallProgressRun::wake);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.values().forEach(CallProgressRun::abandon);
    }

    private void register(RestCall call) {
        if (closed) {
            return;
        }
        CompletableFuture<CallProgressResult> result = new CompletableFuture<>();
        CallProgressRun run = new CallProgressRun(emulator.store(), twilio, call, behaviourFor(call.to()),
                () -> closed, result);
        results.put(call.sid(), result);
        // a long sandbox session must not keep every call's story forever
        order.add(call.sid());
        while (results.size() > MAX_RESULTS) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            results.remove(oldest);
        }
        running.put(call.sid(), run);
        result.whenComplete((r, e) -> running.remove(call.sid(), run));
    }
}
