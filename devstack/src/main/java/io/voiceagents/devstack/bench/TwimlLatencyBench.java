package io.voiceagents.devstack.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.voiceagents.devstack.Args;
import io.voiceagents.devstack.Console;
import io.voiceagents.devstack.DataDirectory;
import io.voiceagents.devstack.LocalStackException;
import io.voiceagents.devstack.RepoRoot;
import io.voiceagents.devstack.SandboxCredentials;
import io.voiceagents.testkit.twilio.TwilioSignature;
import io.voiceagents.testkit.twilio.TwimlParser;
import io.voiceagents.testkit.twilio.TwimlVerb;

/**
 * Latency of the gather-mode TwiML webhooks as Twilio sees it: signed {@code POST /twilio/voice}
 * (a call arrives) and {@code POST <Gather action>} with a SpeechResult (a caller's turn), sent at a
 * steady open-loop rate whatever the answers' speed, so slow answers show up as latency rather than
 * as a lower rate. Latency is measured from the scheduled send time. Run it against {@code bin/run}.
 */
public final class TwimlLatencyBench {

    private static final List<String> QUESTIONS = List.of("What are your opening hours?",
            "Where is the office located?", "Can I book an appointment?", "Do you see new patients?");
    private static final int MAX_IN_FLIGHT = 2_000;

    /** A simulated call between turns: where its next Gather posts. */
    private record Call(String sid, String from, String gatherUrl, int turns) {
    }

    private final BenchOptions o;
    private final HttpClient http;
    private final LatencyStats voice = new LatencyStats("POST /twilio/voice");
    private final LatencyStats gather = new LatencyStats("POST <Gather action>");
    private final LatencyStats status = new LatencyStats("POST /twilio/voice/status");
    private final ConcurrentLinkedQueue<Call> idleCalls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private double gatherDebt;

    private TwimlLatencyBench(BenchOptions options, ExecutorService executor) {
        this.o = options;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] argv) {
        Args a;
        try {
            a = Args.parse(List.of(argv), Set.of("--help"), BenchOptions.names());
        } catch (IllegalArgumentException e) {
            Console.err("error: " + e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (a.flag("--help")) {
            Console.out(BenchOptions.USAGE);
            System.exit(0);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        });
        try {
            Path data = Path.of(a.get("--data-dir", DataDirectory.defaultFor(RepoRoot.resolve(null)).toString()));
            BenchOptions options = BenchOptions.from(a, SandboxCredentials.read(data.resolve("sandbox.env")));
            new TwimlLatencyBench(options, executor).run();
        } catch (IllegalArgumentException | LocalStackException e) {
            Console.err("error: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws InterruptedException {
        long total = o.totalRequests();
        long periodNanos = (long) (1e9 / o.rate());
        Console.out(String.format("TwiML latency: %.0f req/s for %d s after %d s warm-up (%d requests), %.0f%% caller"
                + " turns, against %s (signing for %s)", o.rate(), o.durationSeconds(), o.warmupSeconds(), total,
                o.gatherShare() * 100, o.url(), o.publicBaseUrl()));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ticker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch scheduled = new CountDownLatch(1);
        AtomicLong tick = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        ticker.scheduleAtFixedRate(() -> {
            long i = tick.getAndIncrement();
            if (i >= total) {
                scheduled.countDown();
                throw new IllegalStateException("done"); // cancels the schedule
            }
            long intended = start + i * periodNanos;
            fire(intended, intended >= measureFrom);
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        scheduled.await();
        ticker.shutdownNow();
        awaitInFlight();
        completeRemainingCalls();
        awaitInFlight();
        report();
    }

    private void fire(long intendedNanos, boolean measured) {
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            skipped.incrementAndGet();
            return;
        }
        gatherDebt += o.gatherShare();
        Call call = null;
        if (gatherDebt >= 1) {
            call = idleCalls.poll();
            if (call != null) {
                gatherDebt -= 1;
            }
        }
        if (call == null) {
            newCall(intendedNanos, measured);
        } else {
            turn(call, intendedNanos, measured);
        }
    }

    private void newCall(long intended, boolean measured) {
        String sid = "CA" + hex() + hex();
        String from = String.format("+1415555%04d", ThreadLocalRandom.current().nextInt(10_000));
        Map<String, String> p = baseParams(sid, from);
        p.put("CallStatus", "ringing");
        post(o.publicBaseUrl() + "/twilio/voice", p, intended, measured ? voice : null).thenAccept(twiml ->
                twiml.flatMap(t -> gatherAction(t, o.publicBaseUrl() + "/twilio/voice"))
                        .ifPresent(url -> idleCalls.add(new Call(sid, from, url, 0))));
    }

    private void turn(Call call, long intended, boolean measured) {
        Map<String, String> p = baseParams(call.sid(), call.from());
        p.put("CallStatus", "in-progress");
        p.put("SpeechResult", QUESTIONS.get(call.turns() % QUESTIONS.size()));
        p.put("Confidence", "0.92");
        post(call.gatherUrl(), p, intended, measured ? gather : null).thenAccept(twiml -> {
            Optional<String> next = twiml.flatMap(t -> gatherAction(t, call.gatherUrl()));
            if (next.isPresent() && call.turns() + 1 < o.turnsPerCall()) {
                idleCalls.add(new Call(call.sid(), call.from(), next.get(), call.turns() + 1));
            } else {
                complete(call);
            }
        });
    }

    /** Twilio's final status callback, so the calls the bench started do not stay "in progress". */
    private void complete(Call call) {
        Map<String, String> p = baseParams(call.sid(), call.from());
        p.put("CallStatus", "completed");
        p.put("CallDuration", Integer.toString(10 * (call.turns() + 1)));
        p.put("SequenceNumber", "0");
        p.put("CallbackSource", "call-progress-events");
        post(o.publicBaseUrl() + "/twilio/voice/status", p, System.nanoTime(), status);
    }

    private void completeRemainingCalls() {
        Call c;
        while ((c = idleCalls.poll()) != null) {
            complete(c);
        }
    }

    private Map<String, String> baseParams(String sid, String from) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", o.accountSid());
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", sid);
        p.put("Called", o.to());
        p.put("Caller", from);
        p.put("Direction", "inbound");
        p.put("From", from);
        p.put("To", o.to());
        return p;
    }

    /**
     * Signs over the public URL (what Twilio would request) and sends to the same path on --url.
     * Completes with the TwiML on success; records latency and errors in {@code stats} if given.
     */
    private CompletableFuture<Optional<String>> post(String signedUrl, Map<String, String> params, long intended,
            LatencyStats stats) {
        URI signed = URI.create(signedUrl);
        URI target = o.url().resolve(signed.getRawPath() + (signed.getRawQuery() == null ? "" : "?" + signed.getRawQuery()));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(o.timeoutSeconds()))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "TwilioProxy/1.1 (voiceagents-twiml-bench)")
                .header(TwilioSignature.HEADER, TwilioSignature.sign(o.authToken(), signedUrl, params))
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build();
        inFlight.incrementAndGet();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, err) -> {
            inFlight.decrementAndGet();
            long micros = (System.nanoTime() - intended) / 1000;
            String problem = err != null ? rootName(err)
                    : r.statusCode() / 100 != 2 ? "HTTP " + r.statusCode() : null;
            if (problem != null) {
                if (stats != null) {
                    stats.error(problem, micros);
                }
                return Optional.empty();
            }
            if (stats != null) {
                stats.success(micros);
            }
            return Optional.of(r.body());
        });
    }

    /** The absolute URL the next {@code <Gather>} posts to, resolved like Twilio resolves it. */
    static Optional<String> gatherAction(String twiml, String requestUrl) {
        List<TwimlVerb> verbs;
        try {
            verbs = TwimlParser.parse(twiml);
        } catch (TwimlParser.InvalidTwimlException e) {
            return Optional.empty();
        }
        for (TwimlVerb v : verbs) {
            if (v.name().equals("Gather")) {
                String action = v.attr("action");
                return Optional.of(action == null || action.isBlank() ? requestUrl
                        : URI.create(requestUrl).resolve(action.replace("&amp;", "&")).toString());
            }
        }
        return Optional.empty();
    }

    private void awaitInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.timeoutSeconds() + 2L);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void report() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(LatencyStats.header());
        lines.add(voice.row(o.durationSeconds()));
        lines.add(gather.row(o.durationSeconds()));
        lines.add(status.row(o.durationSeconds()) + "   (call completions, not paced)");
        for (LatencyStats s : List.of(voice, gather, status)) {
            s.errors().forEach((reason, n) -> lines.add("  " + s.name() + ": " + n + " x " + reason));
        }
        if (skipped.get() > 0) {
            lines.add("  " + skipped.get() + " requests not sent: more than " + MAX_IN_FLIGHT + " in flight");
        }
        int measured = voice.count() + gather.count();
        lines.add(String.format("achieved %.1f req/s measured (target %.1f); latency counted from the scheduled send time",
                measured / (double) o.durationSeconds(), o.rate()));
        if (measured > 0 && gather.count() < measured * o.gatherShare() * 0.9) {
            lines.add(String.format("caller turns were %.0f%% of requests, not %.0f%%: a new call starts whenever no call"
                    + " is waiting for its next turn, which happens when answers are slow", 100.0 * gather.count() / measured,
                    100 * o.gatherShare()));
        }
        Console.out(String.join(System.lineSeparator(), lines));
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static String rootName(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }

    private static String hex() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
