package io.voiceagents.devstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voiceagents.devstack.Args;
import io.voiceagents.devstack.CliLogging;
import io.voiceagents.devstack.Console;
import io.voiceagents.devstack.LocalStack;
import io.voiceagents.devstack.LocalStackException;
import io.voiceagents.devstack.LocalStackOptions;
import io.voiceagents.devstack.SandboxPolicy;
import io.voiceagents.devstack.StackService;
import io.voiceagents.testkit.twilio.CallTimeline;
import io.voiceagents.testkit.twilio.CalleeBehaviour;
import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/**
 * Dials one campaign end to end on a sandbox stack of its own and measures what the issue promises: the
 * achieved calls per second against the configured pacing (from the Twilio REST emulator's creation times, so
 * it is what Twilio would see), duplicate dials (must be 0), concurrent live calls against the campaign's limit,
 * the time to drain, and outbound-service's CPU and memory over the run. Every callee answers quickly, hears the
 * opening and stays on the line {@code --talk} seconds, so the concurrency limit, not only the pacing, is
 * exercised. A smaller campaign runs first, unmeasured, so cold JVMs do not count as the dialer's slowness.
 */
public final class CampaignDialBench {

    private static final String AGENT_NUMBER = "+15005550160";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration POLL_EVERY = Duration.ofMillis(250);

    private final CampaignBenchOptions o;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;

    private CampaignDialBench(CampaignBenchOptions options) {
        this.o = options;
    }

    public static void main(String[] argv) {
        CliLogging.install();
        CampaignBenchOptions options;
        try {
            Args a = Args.parse(List.of(argv), CampaignBenchOptions.flags(), CampaignBenchOptions.names());
            if (a.flag("--help")) {
                Console.out(CampaignBenchOptions.USAGE);
                System.exit(0);
            }
            options = CampaignBenchOptions.from(a);
        } catch (IllegalArgumentException e) {
            Console.err("error: " + e.getMessage() + "\n" + CampaignBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        CliLogging.configureConsole();
        int code;
        try {
            code = new CampaignDialBench(options).run();
        } catch (LocalStackException | IOException | IllegalStateException | SQLException e) {
            Console.err("error: " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws IOException, InterruptedException, SQLException {
        Path data = Files.createTempDirectory("voiceagents-bench-campaign");
        boolean keep = o.keepData();
        Console.out(String.format("Campaign dial bench: %d contacts, %d concurrent calls, %s calls per second, "
                + "callees on the line %s s, %d warm-up contacts first; stack data in %s", o.contacts(),
                o.concurrency(), format(o.cps()), format(o.talkSeconds()), o.warmup(), data));
        try {
            stack = new LocalStack(LocalStackOptions.builder()
                    .dataDirectory(data)
                    .fresh(true)
                    .freePorts()
                    .services(Set.of(StackService.AGENT_SERVICE, StackService.TTS_SERVICE, StackService.CALL_GATEWAY,
                            StackService.OUTBOUND_SERVICE))
                    .sandbox(SandboxPolicy.ALWAYS)
                    .seedDemoAgent(false)
                    // the bench's own stack listens on loopback only: no API key (one in the environment would
                    // otherwise be required on the bench's requests)
                    .env("API_KEY", "")
                    .env("OUTBOUND_TWILIO_CALLS_PER_SECOND", format(o.cps()))
                    .env("OUTBOUND_CAMPAIGN_MAX_CONCURRENT_CALLS", Integer.toString(Math.max(100, o.concurrency())))
                    .env("OUTBOUND_CAMPAIGN_MAX_CONTACTS_PER_UPLOAD", Integer.toString(Math.max(10_000, o.contacts())))
                    .readyTimeout(Duration.ofMinutes(5))
                    .build()).start();
            int code = bench();
            keep |= code != 0;
            return code;
        } catch (RuntimeException | IOException | InterruptedException | SQLException e) {
            keep = true;
            throw e;
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (keep) {
                Console.out("Stack data (service logs in logs/) kept in " + data);
            } else {
                deleteRecursively(data);
            }
        }
    }

    private int bench() throws IOException, InterruptedException, SQLException {
        TwilioRestEmulator twilio = stack.twilioRestEmulator().orElseThrow();
        TwilioCallProgress network = stack.callProgress().orElseThrow();
        // every number is a person who answers at once, hears the opening, hangs up at the first prompt and
        // keeps the line up --talk seconds (the sandbox's special numbers are switched off)
        network.routing(to -> null).defaultBehaviour(CalleeBehaviour.answer().ringingAfter(Duration.ofMillis(50))
                .answeredAfter(Duration.ofMillis(200)).talkingFor(Duration.ofMillis((long) (o.talkSeconds() * 1000))));
        ProcessUsage outbound = new ProcessUsage(stack.servicePid(StackService.OUTBOUND_SERVICE).orElseThrow());

        String agentId = post("/api/agents", new JsonObject()
                .put("name", "Campaign bench agent")
                .put("instructions", "You remind customers of their appointments.")
                .put("greeting", "Hello, this is a reminder call.")
                .put("phoneNumbers", new JsonArray().add(AGENT_NUMBER))
                .put("callMode", "gather"), 201).getString("id");
        if (o.warmup() > 0) {
            Console.out("Warm-up campaign (" + o.warmup() + " contacts, not measured):");
            String warmup = createCampaign(agentId, "warm-up", 1_000_000, o.warmup());
            post("/api/campaigns/" + warmup + "/start", null, 200);
            JsonObject done = awaitCompletion(warmup, twilio, outbound, System.nanoTime());
            if (!"completed".equals(done.getString("status"))) {
                throw new IllegalStateException("the warm-up campaign did not complete: " + done.encode());
            }
            if (!network.awaitIdle(Duration.ofSeconds(30))) {
                throw new IllegalStateException("warm-up calls still in progress 30 s after the campaign completed");
            }
            twilio.reset(); // the measured campaign's calls only, from here on
        }

        Console.out("Measured campaign (" + o.contacts() + " contacts):");
        String campaignId = createCampaign(agentId, "bench", 2_000_000, o.contacts());
        Duration cpuBefore = outbound.cpuTime().orElse(null);
        long t0 = System.nanoTime();
        post("/api/campaigns/" + campaignId + "/start", null, 200);
        JsonObject campaign = awaitCompletion(campaignId, twilio, outbound, t0);
        long drainNanos = System.nanoTime() - t0;
        Duration cpuAfter = outbound.cpuTime().orElse(null);
        outbound.sampleRssKb();

        CampaignBenchReport report = new CampaignBenchReport(o, twilio.timeline(), pacerSlots(campaignId), campaign,
                drainNanos, cpuBefore, cpuAfter, outbound);
        report.print();
        return report.passed() ? 0 : 1;
    }

    /** A draft campaign of {@code count} unique numbers from {@code +1415<first>} on; its id. */
    private String createCampaign(String agentId, String name, int first, int count)
            throws IOException, InterruptedException {
        JsonArray contacts = new JsonArray();
        for (int i = 0; i < count; i++) {
            contacts.add(new JsonObject().put("number", String.format("+1415%07d", first + i)));
        }
        JsonObject created = post("/api/campaigns", new JsonObject()
                .put("name", name + " " + Instant.now())
                .put("agentId", agentId)
                .put("initialMessage", "Hello, this is a reminder of your appointment tomorrow at ten.")
                .put("contacts", contacts)
                .put("window", new JsonObject().put("days", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI",
                        "SAT", "SUN"))).put("start", "00:00").put("end", "24:00").put("timeZone", "UTC"))
                .put("maxConcurrentCalls", o.concurrency())
                .put("callsPerSecond", o.cps()), 201);
        int accepted = created.getJsonObject("contactReport").getInteger("accepted");
        if (accepted != count) {
            throw new IllegalStateException("the campaign accepted " + accepted + " of " + count + " contacts: "
                    + created.getJsonObject("contactReport").encode());
        }
        return created.getJsonObject("campaign").getString("id");
    }

    /** Polls the campaign until it is no longer running, printing progress; the last state seen. */
    private JsonObject awaitCompletion(String id, TwilioRestEmulator twilio, ProcessUsage outbound, long t0)
            throws IOException, InterruptedException {
        long deadline = t0 + Duration.ofSeconds(o.timeoutSeconds()).toNanos();
        long nextProgress = t0 + PROGRESS_EVERY.toNanos();
        long lastProgress = t0;
        int createdAtLastProgress = twilio.timeline().created();
        while (true) {
            JsonObject campaign = get("/api/campaigns/" + id);
            outbound.sampleRssKb();
            String status = campaign.getString("status");
            long now = System.nanoTime();
            if (now >= nextProgress || !"running".equals(status)) {
                CallTimeline timeline = twilio.timeline();
                JsonObject counts = campaign.getJsonObject("counts", new JsonObject());
                Console.out(String.format("%6.0f s  dialed %5d (%5.1f/s)  live at Twilio %3d  contacts: %d done,"
                        + " %d calling, %d pending  %s", (now - t0) / 1e9, timeline.created(),
                        (timeline.created() - createdAtLastProgress) / Math.max(1e-3, (now - lastProgress) / 1e9),
                        timeline.live(), counts.getLong("completed", 0L) + counts.getLong("failed", 0L),
                        counts.getLong("calling", 0L), counts.getLong("pending", 0L) + counts.getLong("waitingRetry", 0L),
                        status));
                createdAtLastProgress = timeline.created();
                lastProgress = now;
                nextProgress += PROGRESS_EVERY.toNanos();
            }
            if (!"running".equals(status)) {
                return campaign;
            }
            if (now > deadline) {
                Console.err("the campaign did not complete within " + o.timeoutSeconds() + " s");
                return campaign;
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
    }

    /**
     * When outbound-service's pacer gave each call of the campaign its dial slot (dial_started_at), in microseconds
     * since the epoch, sorted: the dialer's own view, to tell its pacing from delays on the way to Twilio.
     */
    private long[] pacerSlots(String campaignId) throws SQLException {
        List<Long> slots = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.databaseUrl(), stack.databaseUser(),
                stack.databasePassword());
                PreparedStatement ps = c.prepareStatement("select dial_started_at from outbound.outbound_calls"
                        + " where campaign_id = ?::uuid and dial_started_at is not null order by dial_started_at")) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getTimestamp(1).toInstant();
                    slots.add(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000);
                }
            }
        }
        return slots.stream().mapToLong(Long::longValue).toArray();
    }

    private JsonObject get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(stack.frontDoorUrl() + path)).GET(), path, 200);
    }

    private JsonObject post(String path, JsonObject body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.frontDoorUrl() + path));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        }
        return send(request, path, expected);
    }

    private JsonObject send(HttpRequest.Builder request, String path, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
