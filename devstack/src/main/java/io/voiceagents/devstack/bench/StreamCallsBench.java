package io.voiceagents.devstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voiceagents.devstack.Args;
import io.voiceagents.devstack.Console;
import io.voiceagents.devstack.DataDirectory;
import io.voiceagents.devstack.LocalStackException;
import io.voiceagents.devstack.RealtimeCalls;
import io.voiceagents.devstack.RepoRoot;
import io.voiceagents.devstack.SandboxCredentials;
import io.voiceagents.testkit.twilio.media.BargeIn;
import io.voiceagents.testkit.twilio.media.CallerUtterance;
import io.voiceagents.testkit.twilio.media.LatenessHistogram;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.media.MediaStreamsReport;

/**
 * Concurrent {@code stream} calls against a running stack (issue 4's benchmark): per level, N calls to the stream demo
 * agent, each a signed voice webhook, a Media Streams socket with real-time speech (VAD on every call), turns with
 * pauses and barge-ins; measured once every call has heard its greeting, for {@code --duration} seconds. Reports
 * outbound frame lateness (call-gateway's metrics and the callers' playout), CPU and memory, the latency ledger and
 * barge-in timings. See bench/README.md.
 */
public final class StreamCallsBench {

    private static final Duration GREETING_LIMIT = Duration.ofSeconds(60);

    private final StreamBenchOptions o;
    private final HttpClient http;
    private final Optional<StackProcesses> stack;
    private long idleGatewayRssKb = -1;
    private long idleStackRssKb = -1;

    private StreamCallsBench(StreamBenchOptions o) {
        this.o = o;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                }))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.stack = o.local() ? StackProcesses.find(Path.of(o.dataDir())) : Optional.empty();
    }

    public static void main(String[] argv) {
        Args a;
        try {
            a = Args.parse(List.of(argv), StreamBenchOptions.flags(), StreamBenchOptions.names());
        } catch (IllegalArgumentException e) {
            Console.err("error: " + e.getMessage() + "\n" + StreamBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (a.flag("--help")) {
            Console.out(StreamBenchOptions.USAGE);
            System.exit(0);
        }
        int exit;
        try {
            Path data = Path.of(a.get("--data-dir", DataDirectory.defaultFor(RepoRoot.resolve(null)).toString()));
            StreamBenchOptions options = StreamBenchOptions.from(a, SandboxCredentials.read(data.resolve("sandbox.env")),
                    data.toString());
            exit = new StreamCallsBench(options).run();
        } catch (IllegalArgumentException | LocalStackException e) {
            Console.err("error: " + e.getMessage());
            exit = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 1;
        }
        System.exit(exit);
    }

    private int run() throws InterruptedException {
        Console.out(String.format("stream calls: levels %s, %d s measured each, barge-in share %.2f, pauses %d-%d ms,"
                + " %s line, to %s; webhooks %s, sockets %s, metrics %s", o.levels(), o.durationSeconds(),
                o.bargeInShare(), o.pauseMinMillis(), o.pauseMaxMillis(), o.lineNoise() ? "noisy" : "silent", o.to(),
                o.httpBase(), o.socketBase(), o.metricsUrl()));
        if (scrape().isEmpty()) {
            Console.err("error: cannot read " + o.metricsUrl() + " (is the stack running? --gateway-port?)");
            return 2;
        }
        if (stack.isPresent()) {
            StackProcesses s = stack.get();
            Console.out(String.format("local stack: call-gateway pid %d, RSS %.0f MB before the bench; whole stack %d"
                    + " processes, %.0f MB", s.gatewayPid(), s.gatewayRssKb() / 1024.0, s.stack().size(),
                    s.stackRssKb() / 1024.0));
        } else {
            Console.out(o.local() ? "no pid files of a local stack in " + o.dataDir() + ": CPU and memory not measured"
                    : "remote stack: CPU and memory not measured");
        }
        if (o.warmupSeconds() > 0) {
            // a fresh stack compiles its hot paths and grows its heaps during the first calls: not what is measured
            int n = o.warmupCalls();
            Console.out(String.format("%nwarm-up (not reported): %d calls for %d s", n, o.warmupSeconds()));
            StreamLevelReport w = level(n, o.warmupSeconds());
            Console.out("warm-up done: " + w.turnsCompleted + " turns, " + w.failures.size() + " failed calls");
            Thread.sleep(Math.max(1, o.settleSeconds()) * 1000L);
        }
        // the idle baseline of memory: after the warm-up, so JIT code and the heap the services settle at
        // are not counted as the calls' memory
        stack.ifPresent(s -> {
            idleGatewayRssKb = s.gatewayRssKb();
            idleStackRssKb = s.stackRssKb();
            Console.out(String.format("idle baseline: call-gateway RSS %.0f MB, whole stack %.0f MB",
                    idleGatewayRssKb / 1024.0, idleStackRssKb / 1024.0));
        });
        List<StreamLevelReport> reports = new ArrayList<>();
        Integer largest = null;
        for (int i = 0; i < o.levels().size(); i++) {
            int n = o.levels().get(i);
            if (i > 0 && o.settleSeconds() > 0) {
                Thread.sleep(o.settleSeconds() * 1000L);
            }
            StreamLevelReport r = level(n, o.durationSeconds());
            reports.add(r);
            Console.out(String.join(System.lineSeparator(), r.lines(stack.isPresent())));
            if (r.holds()) {
                largest = largest == null ? n : Math.max(largest, n);
            } else if (o.stopOnFailure() && i + 1 < o.levels().size()) {
                Console.out("stopping the ramp: this level does not hold (--keep-going runs the rest)");
                break;
            }
        }
        Console.out("");
        Console.out(StreamLevelReport.summaryHeader());
        reports.forEach(r -> Console.out(r.summaryRow(stack.isPresent())));
        Console.out(largest == null ? "no level held (0 frames more than 20 ms late and every call through)"
                : "largest level that held: " + largest + " concurrent calls");
        return largest == null ? 1 : 0;
    }

    private StreamLevelReport level(int n, int seconds) throws InterruptedException {
        StreamLevelReport r = new StreamLevelReport(n);
        int rampUp = o.rampUpFor(n);
        Console.out(String.format("%nplacing %d calls over %d s...", n, rampUp));
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch greeted = new CountDownLatch(n);
        List<StreamCallDriver> drivers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (MediaStreamsCallers callers = MediaStreamsCallers.create(o.accountSid(), o.authToken(), o.pacerThreads())) {
            RealtimeCalls calls = new RealtimeCalls(o.accountSid(), o.authToken(), o.publicBaseUrl(), o.httpBase(),
                    o.socketBase(), http);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = t0 + (long) (i * (rampUp * 1e9 / n));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                StreamCallDriver d = new StreamCallDriver(calls, callers, o, i, stopAt, greeted);
                drivers.add(d);
                threads.add(Thread.ofVirtual().name("bench-call-" + i).start(d));
            }
            if (!greeted.await(GREETING_LIMIT.toSeconds() + rampUp, TimeUnit.SECONDS)) {
                Console.out("not every call was greeted within " + GREETING_LIMIT.toSeconds() + " s; measuring anyway");
            }
            r.connected = (int) drivers.stream().filter(d -> d.connectedNanos() > 0).count();
            r.greeted = (int) drivers.stream().filter(d -> d.failure() == null && d.connectedNanos() > 0).count();
            Console.out(String.format("%d calls connected in %.1f s; measuring %d s...", r.connected,
                    (System.nanoTime() - t0) / 1e9, seconds));

            // the window: every call is in its turns
            PrometheusScrape before = scrape().orElse(PrometheusScrape.empty());
            PrometheusScrape agentBefore = scrape(o.agentPort()).orElse(PrometheusScrape.empty());
            PrometheusScrape ttsBefore = scrape(o.ttsPort()).orElse(PrometheusScrape.empty());
            StackProcesses.CpuSample cpu0 = cpuSample();
            Map<StreamCallDriver, MediaStreamsReport> snap0 = snapshots(drivers);
            long windowStart = System.nanoTime();
            Instant wallStart = Instant.now();
            stopAt.set(windowStart + TimeUnit.SECONDS.toNanos(seconds));
            r.loadStart = StackProcesses.loadAverage();
            r.loadMax = r.loadStart;
            r.gatewayRssBaselineKb = idleGatewayRssKb;
            r.stackRssBaselineKb = idleStackRssKb;
            while (System.nanoTime() < stopAt.get()) {
                TimeUnit.MILLISECONDS.sleep(Math.min(1000, Math.max(1, (stopAt.get() - System.nanoTime()) / 1_000_000)));
                sampleMemory(r);
                r.loadMax = Math.max(r.loadMax, StackProcesses.loadAverage());
            }
            PrometheusScrape after = scrape().orElse(null);
            scrape(o.agentPort()).ifPresent(agentAfter -> agentFigures(r, agentBefore, agentAfter));
            scrape(o.ttsPort()).ifPresent(ttsAfter -> ttsFigures(r, ttsBefore, ttsAfter));
            StackProcesses.CpuSample cpu1 = cpuSample();
            Map<StreamCallDriver, MediaStreamsReport> snap1 = snapshots(drivers);
            long windowEnd = System.nanoTime();
            Instant wallEnd = Instant.now();
            r.loadEnd = StackProcesses.loadAverage();
            r.windowSeconds = (windowEnd - windowStart) / 1e9;
            cpu(r, cpu0, cpu1);
            if (after != null) {
                gatewayFigures(r, before, after);
            }
            callerFigures(r, drivers, snap0, snap1, windowStart, windowEnd);

            Console.out("window over; letting the calls finish their turn and hang up...");
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(90));
            }
            for (StreamCallDriver d : drivers) {
                r.turnsCompleted += d.turns();
                if (d.failure() != null) {
                    r.failures.add(d.failure());
                }
            }
            ledger(r, drivers, wallStart, wallEnd);
        }
        return r;
    }

    private Map<StreamCallDriver, MediaStreamsReport> snapshots(List<StreamCallDriver> drivers) {
        Map<StreamCallDriver, MediaStreamsReport> out = new HashMap<>();
        for (StreamCallDriver d : drivers) {
            MediaStreamsReport s = d.snapshot();
            if (s != null) {
                out.put(d, s);
            }
        }
        return out;
    }

    private void sampleMemory(StreamLevelReport r) {
        stack.ifPresent(s -> {
            r.gatewayRssPeakKb = Math.max(r.gatewayRssPeakKb, s.gatewayRssKb());
            r.stackRssPeakKb = Math.max(r.stackRssPeakKb, s.stackRssKb());
        });
    }

    private StackProcesses.CpuSample cpuSample() {
        return stack.map(StackProcesses::sample).orElseGet(StackProcesses::benchOnly);
    }

    private static void cpu(StreamLevelReport r, StackProcesses.CpuSample a, StackProcesses.CpuSample b) {
        double wall = (b.nanoTime() - a.nanoTime()) / 1e9;
        r.gatewayCpuPercent = 100 * (b.gatewaySeconds() - a.gatewaySeconds()) / wall;
        r.stackCpuPercent = 100 * (b.stackSeconds() - a.stackSeconds()) / wall;
        r.benchCpuPercent = 100 * (b.benchSeconds() - a.benchSeconds()) / wall;
        long total = b.machineTotalTicks() - a.machineTotalTicks();
        r.machineBusyPercent = total > 0 ? 100.0 * (b.machineBusyTicks() - a.machineBusyTicks()) / total : Double.NaN;
    }

    private static void gatewayFigures(StreamLevelReport r, PrometheusScrape a, PrometheusScrape b) {
        r.metricsRead = true;
        Map<String, String> none = Map.of();
        TreeMap<Double, Double> lateness = b.bucketsSince(a, StreamLevelReport.GW_LATENESS, none);
        r.framesSent = b.countSince(a, StreamLevelReport.GW_LATENESS, none);
        r.framesLate = b.value(StreamLevelReport.GW_LATE, none) - a.value(StreamLevelReport.GW_LATE, none);
        r.lateTicks = b.value(StreamLevelReport.GW_LATE_TICKS, none) - a.value(StreamLevelReport.GW_LATE_TICKS, none);
        r.latenessP50 = PrometheusScrape.percentileMillis(lateness, 50);
        r.latenessP99 = PrometheusScrape.percentileMillis(lateness, 99);
        r.latenessP999 = PrometheusScrape.percentileMillis(lateness, 99.9);
        r.latenessMaxBucket = PrometheusScrape.percentileMillis(lateness, 100);
        Map<String, String> clear = Map.of("step", "clear_sent");
        Map<String, String> cancel = Map.of("step", "streams_cancelled");
        TreeMap<Double, Double> clears = b.bucketsSince(a, StreamLevelReport.GW_BARGE_IN, clear);
        TreeMap<Double, Double> cancels = b.bucketsSince(a, StreamLevelReport.GW_BARGE_IN, cancel);
        r.bargeIns = b.countSince(a, StreamLevelReport.GW_BARGE_IN, clear);
        r.clearP50 = PrometheusScrape.percentileMillis(clears, 50);
        r.clearP99 = PrometheusScrape.percentileMillis(clears, 99);
        r.cancelP50 = PrometheusScrape.percentileMillis(cancels, 50);
        r.cancelP99 = PrometheusScrape.percentileMillis(cancels, 99);
        for (String stage : StreamLevelReport.STAGES) {
            Map<String, String> l = Map.of("stage", stage);
            TreeMap<Double, Double> h = b.bucketsSince(a, StreamLevelReport.GW_TURN, l);
            r.stageHistogram.put(stage, new double[] {b.countSince(a, StreamLevelReport.GW_TURN, l),
                    PrometheusScrape.percentileMillis(h, 50), PrometheusScrape.percentileMillis(h, 99)});
        }
        for (String part : StreamLevelReport.SERVER_ADDED_PARTS) {
            TreeMap<Double, Double> h = b.bucketsSince(a, StreamLevelReport.GW_SERVER_ADDED, Map.of("part", part));
            r.serverAddedParts.put(part, new double[] {PrometheusScrape.percentileMillis(h, 50),
                    PrometheusScrape.percentileMillis(h, 99)});
        }
    }

    /** What the callers saw in the window: playout of the agent's audio, replies, barge-ins, their own pacing. */
    private static void callerFigures(StreamLevelReport r, List<StreamCallDriver> drivers,
            Map<StreamCallDriver, MediaStreamsReport> start, Map<StreamCallDriver, MediaStreamsReport> end,
            long windowStart, long windowEnd) {
        for (StreamCallDriver d : drivers) {
            MediaStreamsReport b = end.get(d);
            if (b == null) {
                continue;
            }
            MediaStreamsReport a = start.get(d);
            LatenessHistogram playback = a == null ? b.playbackLateness() : b.playbackLateness().since(a.playbackLateness());
            LatenessHistogram pacing = a == null ? b.inboundPacing() : b.inboundPacing().since(a.inboundPacing());
            r.playbackLateness = r.playbackLateness.plus(playback);
            r.inboundPacing = r.inboundPacing.plus(pacing);
            r.agentMessages += playback.count();
            r.underruns += b.underruns() - (a == null ? 0 : a.underruns());
            r.protocolErrors += b.protocolErrors().size();
            r.maxSendBacklog = Math.max(r.maxSendBacklog, b.maxSendBacklog());
            long origin = d.connectedNanos();
            List<Long> responses = b.responseLatenciesMs();
            for (CallerUtterance u : b.callerUtterances()) {
                long at = origin + u.startMs() * 1_000_000L;
                // barge-ins have their own figures; a question answered after the window has no reply yet
                if (!u.bargeIn() && at >= windowStart && at < windowEnd && u.index() < responses.size()
                        && responses.get(u.index()) >= 0) {
                    r.responseMs.add(responses.get(u.index()));
                }
            }
            for (BargeIn bi : b.bargeIns()) {
                long at = origin + bi.startMs() * 1_000_000L;
                if (at < windowStart || at >= windowEnd || !bi.agentWasSpeaking()) {
                    continue;
                }
                if (bi.clearAfterMs() >= 0) {
                    r.clearAfterMs.add(bi.clearAfterMs());
                } else {
                    r.bargeInsWithoutClear++;
                }
            }
        }
    }

    /** The latency ledger of the turns stored during the window, per call from GET /api/calls/{sid}. */
    private void ledger(StreamLevelReport r, List<StreamCallDriver> drivers, Instant from, Instant to)
            throws InterruptedException {
        for (StreamCallDriver d : drivers) {
            if (d.callSid() == null || d.connectedNanos() == 0) {
                continue;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.httpBase() + "/api/calls/" + d.callSid()))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET();
            if (o.apiKey() != null) {
                b.header("Authorization", "Bearer " + o.apiKey());
            }
            try {
                HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 200) {
                    r.ledgerFetchErrors++;
                    continue;
                }
                for (Object t : new JsonObject(resp.body()).getJsonArray("transcript", new JsonArray())) {
                    if (!(t instanceof JsonObject turn) || !(turn.getValue("latency") instanceof JsonObject latency)) {
                        continue;
                    }
                    Instant created = Instant.parse(turn.getString("createdAt"));
                    if (created.isBefore(from) || created.isAfter(to)) {
                        continue;
                    }
                    r.ledgerTurns++;
                    if (Boolean.TRUE.equals(turn.getValue("interrupted"))) {
                        r.interruptedTurns++;
                    }
                    for (String f : StreamLevelReport.LEDGER_FIELDS) {
                        Object v = latency.getValue(f);
                        if (v instanceof Number num) {
                            r.ledger.get(f).add(num.longValue());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                r.ledgerFetchErrors++;
            }
        }
    }

    /** agent-service's part of the server-added time: from the StreamReply request to the LLM request. */
    private static void agentFigures(StreamLevelReport r, PrometheusScrape a, PrometheusScrape b) {
        Map<String, String> l = Map.of("rpc", "stream-reply");
        String name = "voiceagents_reply_before_llm_seconds";
        double n = b.countSince(a, name, l);
        if (n > 0) {
            r.agentBeforeLlmMeanMs = 1000 * (b.value(name + "_sum", l) - a.value(name + "_sum", l)) / n;
            r.agentBeforeLlmP50Ms = 1000 * b.value(name, Map.of("rpc", "stream-reply", "quantile", "0.5"));
            r.agentBeforeLlmP99Ms = 1000 * b.value(name, Map.of("rpc", "stream-reply", "quantile", "0.99"));
        }
    }

    /** tts-service's part: its own time to the first audio of a streamed sentence, cached or synthesised. */
    private static void ttsFigures(StreamLevelReport r, PrometheusScrape a, PrometheusScrape b) {
        String name = "tts_stream_server_added_seconds";
        double n = 0;
        double sum = 0;
        for (String source : List.of("memory", "store", "provider")) {
            Map<String, String> l = Map.of("source", source);
            n += b.countSince(a, name, l);
            sum += b.value(name + "_sum", l) - a.value(name + "_sum", l);
        }
        if (n > 0) {
            r.ttsServerAddedMeanMs = 1000 * sum / n;
        }
    }

    private Optional<PrometheusScrape> scrape() {
        return scrape(o.gatewayPort());
    }

    private Optional<PrometheusScrape> scrape(int port) {
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(o.metricsUrl(port)))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? Optional.of(PrometheusScrape.parse(resp.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
