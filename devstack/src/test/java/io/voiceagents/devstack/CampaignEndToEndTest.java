package io.voiceagents.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.voiceagents.testkit.twilio.CallTimeline;
import io.voiceagents.testkit.twilio.CalleeBehaviour;
import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/**
 * Campaigns through the whole suite, as an operator runs them: created and given contacts (JSON and CSV) through
 * the front door, started, dialed by the real outbound-service against the sandbox's Twilio REST emulator and
 * answered by its phone network. What Twilio saw ({@link CallTimeline}) proves the promises: no number dialed
 * more often than the retry policy allows, never more calls at once than the campaign's limit, and a restart of
 * outbound-service in the middle loses nothing and dials nothing twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignEndToEndTest {

    private static final String AGENT_NUMBER = "+15005550150";
    private static final String API_KEY = "e2e-campaign-api-key-0123456789abcdef";
    private static final int MAX_CONCURRENT = 3;
    private static final int MAX_ATTEMPTS = 2;
    /** Open all day, every day: the calling window is not what these tests are about. */
    private static final Map<String, Object> ALWAYS_OPEN = Map.of(
            "days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"),
            "start", "00:00", "end", "24:00", "timeZone", "UTC");

    private OutboundSandbox sandbox;
    private LocalStack stack;
    private KafkaEventLog events;
    private FrontDoorClient api;
    private TwilioRestEmulator twilio;
    private TwilioCallProgress network;
    private String agentId;

    @BeforeAll
    void startSuite() {
        sandbox = OutboundSandbox.start("voiceagents-e2e-campaign", API_KEY);
        stack = sandbox.stack;
        twilio = sandbox.twilio;
        network = sandbox.network;
        events = sandbox.events;
        api = sandbox.api;
        agentId = api.postJson("/api/agents", Map.of(
                "name", "Campaign agent",
                "instructions", "You remind patients of their appointments.",
                "greeting", "Hello, this is a reminder from Harbor Dental.",
                "voice", "en-US-Neural2-F",
                "language", "en-US",
                "phoneNumbers", List.of(AGENT_NUMBER),
                "callMode", "gather"), 201).get("id").asText();
    }

    @AfterAll
    void stopSuite() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void campaignCallsEveryContactRetriesBusyOnesPerPolicyAndNeverExceedsItsLimit() {
        // 20 valid contacts: 17 answer, 3 are busy every time (sandbox numbers ending 1111)
        List<String> answering = numbers("+1415556", 100, 17);
        List<String> busy = List.of("+14155571111", "+14155581111", "+14155591111");
        answering.forEach(n -> network.route(n, quickAnswer(Duration.ofMillis(400))));
        List<Map<String, Object>> jsonContacts = new ArrayList<>();
        for (String n : answering.subList(0, 8)) {
            jsonContacts.add(Map.of("number", n, "name", "Patient " + n.substring(n.length() - 3)));
        }
        jsonContacts.add(Map.of("number", busy.get(0)));
        jsonContacts.add(Map.of("number", busy.get(1)));

        JsonNode created = api.postJson("/api/campaigns", campaign("Reminders", jsonContacts,
                Map.of("on", List.of("busy"), "maxAttempts", MAX_ATTEMPTS, "delaySeconds", 1)), 201);
        String id = created.at("/campaign/id").asText();
        assertThat(created.at("/campaign/status").asText()).isEqualTo("draft");
        assertThat(created.at("/contactReport/accepted").asInt()).isEqualTo(10);

        // the other ten by CSV, with a row that must be reported and never dialed
        StringBuilder csv = new StringBuilder("number,name,plan\n");
        answering.subList(8, 17).forEach(n -> csv.append(n).append(",CSV patient,gold\n"));
        csv.append(busy.get(2)).append(",Busy patient,silver\n");
        csv.append("not-a-number,Eve,bronze\n");
        JsonNode report = api.postCsv("/api/campaigns/" + id + "/contacts", csv.toString(), 200);
        assertThat(report.get("received").asInt()).isEqualTo(11);
        assertThat(report.get("accepted").asInt()).isEqualTo(10);
        assertThat(report.get("rejected")).hasSize(1);
        assertThat(report.at("/rejected/0/row").asInt()).as("CSV line, the header is line 1").isEqualTo(12);
        assertThat(report.at("/rejected/0/field").asText()).isEqualTo("number");

        FrontDoorClient.Answer started = api.post("/api/campaigns/" + id + "/start");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        JsonNode done = awaitCampaign(id, "completed", Duration.ofSeconds(90));

        assertThat(done.at("/counts/contacts").asInt()).isEqualTo(20);
        assertThat(done.at("/counts/completed").asInt()).isEqualTo(17);
        assertThat(done.at("/counts/failed").asInt()).isEqualTo(3);
        assertThat(done.at("/outcomes/completed").asInt()).isEqualTo(17);
        assertThat(done.at("/outcomes/busy").asInt()).isEqualTo(3);
        Map<String, JsonNode> contacts = contacts(id);
        assertThat(contacts).hasSize(20);
        for (String n : answering) {
            JsonNode c = contacts.get(n);
            assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("completed");
            assertThat(c.get("attempts").asInt()).as(c.toString()).isEqualTo(1);
            assertThat(c.get("lastOutcome").asText()).isEqualTo("completed");
            assertThat(c.get("callSids")).hasSize(1);
        }
        for (String n : busy) {
            JsonNode c = contacts.get(n);
            assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("failed");
            assertThat(c.get("attempts").asInt()).as("retried per policy: " + c).isEqualTo(MAX_ATTEMPTS);
            assertThat(c.get("lastOutcome").asText()).isEqualTo("busy");
            assertThat(c.get("callSids")).hasSize(MAX_ATTEMPTS);
        }

        // what Twilio saw: each answering number once, each busy one exactly maxAttempts times, within the limit
        Set<String> all = new LinkedHashSet<>(answering);
        all.addAll(busy);
        List<CallTimeline.Lifetime> calls = callsTo(all);
        Map<String, Integer> perNumber = creationsPerTo(calls);
        assertThat(perNumber.keySet()).containsExactlyInAnyOrderElementsOf(all);
        Map<String, Integer> duplicates = new HashMap<>(perNumber);
        duplicates.values().removeIf(n -> n == 1);
        assertThat(duplicates).as("only the retried numbers, exactly maxAttempts times")
                .containsOnlyKeys(busy).allSatisfy((number, n) -> assertThat(n).isEqualTo(MAX_ATTEMPTS));
        assertThat(twilio.createdCalls()).noneMatch(c -> c.to().contains("not-a-number"));
        assertThat(maxConcurrent(calls)).as("live calls at Twilio at once").isLessThanOrEqualTo(MAX_CONCURRENT);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(types(events.campaignEvents(id))).contains("CREATED", "STARTED", "COMPLETED");
            assertThat(events.outboundCallEventsOfCampaign(id)).filteredOn(e -> e.get("type").asText().equals("ENDED"))
                    .hasSize(17 + 3 * MAX_ATTEMPTS);
        });
        assertThat(types(events.campaignEvents(id))).containsOnlyOnce("CREATED", "STARTED", "COMPLETED");
    }

    @Test
    void restartOfOutboundServiceMidCampaignLosesNoContactAndDialsNoneTwice() {
        List<String> numbers = numbers("+1415557", 200, 24);
        // each call stays up a second, so the restart lands while calls are live and contacts wait
        numbers.forEach(n -> network.route(n, quickAnswer(Duration.ofSeconds(1))));
        List<Map<String, Object>> contacts = numbers.stream().<Map<String, Object>>map(n -> Map.of("number", n)).toList();
        String id = api.postJson("/api/campaigns", campaign("Restart", contacts, null), 201).at("/campaign/id").asText();
        FrontDoorClient.Answer started = api.post("/api/campaigns/" + id + "/start");
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        Set<String> all = new LinkedHashSet<>(numbers);
        await().atMost(Duration.ofSeconds(60)).until(() -> callsTo(all).size() >= 6);
        // graceful, as in a rolling deployment (LocalStack.StopMode.KILL passes too, but the replacement then
        // waits out the dead consumer's Kafka session, ~45 s, before call events flow again)
        stack.restartService(StackService.OUTBOUND_SERVICE);
        int createdBeforeRestartEnded = callsTo(all).size();
        assertThat(createdBeforeRestartEnded).as("the restart came before the campaign was over").isLessThan(24);

        JsonNode done = awaitCampaign(id, "completed", Duration.ofSeconds(120));
        assertThat(done.at("/counts/contacts").asInt()).isEqualTo(24);
        assertThat(done.at("/counts/completed").asInt()).as("no contact lost").isEqualTo(24);
        Map<String, JsonNode> byNumber = contacts(id);
        assertThat(byNumber.values()).allSatisfy(c -> {
            assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("completed");
            assertThat(c.get("attempts").asInt()).as(c.toString()).isEqualTo(1);
        });
        List<CallTimeline.Lifetime> calls = callsTo(all);
        assertThat(creationsPerTo(calls)).as("every contact dialed exactly once").hasSize(24)
                .allSatisfy((number, n) -> assertThat(n).as(number).isEqualTo(1));
        assertThat(maxConcurrent(calls)).isLessThanOrEqualTo(MAX_CONCURRENT);
    }

    // ---- helpers ----

    private Map<String, Object> campaign(String name, List<Map<String, Object>> contacts, Map<String, Object> retry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("agentId", agentId);
        body.put("initialMessage", "Hello, this is Harbor Dental with a reminder of your appointment tomorrow.");
        body.put("contacts", contacts);
        body.put("window", ALWAYS_OPEN);
        body.put("maxConcurrentCalls", MAX_CONCURRENT);
        body.put("callsPerSecond", 20);
        if (retry != null) {
            body.put("retry", retry);
        }
        return body;
    }

    /** Picks up at once, hears the opening, hangs up at the first prompt, and keeps the line up a little. */
    private static CalleeBehaviour quickAnswer(Duration lineUp) {
        return CalleeBehaviour.answer().ringingAfter(Duration.ofMillis(50)).answeredAfter(Duration.ofMillis(150))
                .talkingFor(lineUp);
    }

    private JsonNode awaitCampaign(String id, String status, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = api.get("/api/campaigns/" + id, 200);
            assertThat(last[0].get("status").asText()).as(last[0].toString()).isEqualTo(status);
        });
        return last[0];
    }

    /** Contacts of a campaign by number. */
    private Map<String, JsonNode> contacts(String id) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode page = api.get("/api/campaigns/" + id + "/contacts?size=100", 200);
        page.get("items").forEach(c -> out.put(c.get("number").asText(), c));
        return out;
    }

    private List<CallTimeline.Lifetime> callsTo(Set<String> numbers) {
        return twilio.timeline().calls().stream().filter(c -> numbers.contains(c.to())).toList();
    }

    private static Map<String, Integer> creationsPerTo(List<CallTimeline.Lifetime> calls) {
        Map<String, Integer> out = new LinkedHashMap<>();
        calls.forEach(c -> out.merge(c.to(), 1, Integer::sum));
        return out;
    }

    /** The most of these calls live at once at Twilio (created, not yet in a final status). */
    private static int maxConcurrent(List<CallTimeline.Lifetime> calls) {
        List<long[]> changes = new ArrayList<>();
        for (CallTimeline.Lifetime c : calls) {
            changes.add(new long[] {c.createdNanos(), 1});
            changes.add(new long[] {c.ended() ? c.endedNanos() : Long.MAX_VALUE, -1});
        }
        changes.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        int live = 0;
        int max = 0;
        for (long[] change : changes) {
            live += (int) change[1];
            max = Math.max(max, live);
        }
        return max;
    }

    private static List<String> numbers(String prefix, int first, int count) {
        List<String> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(prefix + String.format("%04d", i));
        }
        return out;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }
}
