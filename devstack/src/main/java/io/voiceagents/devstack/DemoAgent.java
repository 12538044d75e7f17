package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The agents a sandbox starts with, created through agent-service's public API like an operator would: a
 * receptionist in {@code gather} mode and a bistro in {@code stream} and in {@code relay} mode, each on its own
 * number. Their instructions carry {@code FACT:} lines because the Gemini emulator answers questions that share
 * words with one of them — so a simulated call gets sensible answers. The bistro's facts match the questions of
 * the speech fixtures that simulated stream calls say ({@code SpeechFixtures}).
 */
final class DemoAgent {

    /** One demo agent: its name, number and call mode. */
    enum Demo {
        /** Twilio's magic "valid number" for test credentials; never a real subscriber. */
        GATHER("Demo receptionist", "+15005550006", "gather"),
        STREAM("Demo bistro (stream)", "+15005550007", "stream"),
        RELAY("Demo bistro (relay)", "+15005550008", "relay");

        private final String agentName;
        private final String phoneNumber;
        private final String callMode;

        Demo(String agentName, String phoneNumber, String callMode) {
            this.agentName = agentName;
            this.phoneNumber = phoneNumber;
            this.callMode = callMode;
        }

        String agentName() {
            return agentName;
        }

        String phoneNumber() {
            return phoneNumber;
        }

        String callMode() {
            return callMode;
        }

        static java.util.Optional<Demo> byName(String name) {
            return java.util.Arrays.stream(values()).filter(d -> d.agentName.equals(name)).findFirst();
        }
    }

    /** The gather demo's number (also the default of simulated calls and the TwiML bench). */
    static final String PHONE_NUMBER = Demo.GATHER.phoneNumber();
    static final String NAME = Demo.GATHER.agentName();
    static final String VOICEMAIL_MESSAGE = "Hello, this is Harbor Dental calling about your appointment."
            + " Please call us back Monday to Friday between 9 am and 5 pm. Thank you, goodbye.";
    /** Where the bistro's transfer_call tool sends callers who ask for a person (the sandbox phone network). */
    static final String TRANSFER_NUMBER = "+14155550199";

    private static final Logger LOG = Logger.getLogger(DemoAgent.class.getName());

    private DemoAgent() {
    }

    static JsonObject definition() {
        return definition(Demo.GATHER);
    }

    static JsonObject definition(Demo demo) {
        if (demo == Demo.GATHER) {
            String instructions = String.join("\n",
                    "You are the receptionist of Harbor Dental, a small dental practice.",
                    "Answer callers briefly and politely, using only the facts below.",
                    "If you do not know the answer, offer to take a message.",
                    "FACT: Our opening hours are Monday to Friday, 9 am to 5 pm; the practice is closed on weekends.",
                    "FACT: The office is located at 12 Harbor Street, Springfield, next to the public library.",
                    "FACT: New patients can book an appointment by phone or at harbordental.example.");
            return new JsonObject()
                    .put("name", demo.agentName())
                    .put("instructions", instructions)
                    .put("greeting", "Hello, you have reached Harbor Dental. How can I help you today?")
                    .put("voice", "en-US-Neural2-F")
                    .put("language", "en-US")
                    .put("phoneNumbers", new JsonArray(List.of(demo.phoneNumber())))
                    .put("callMode", demo.callMode())
                    // outbound calls with machineDetection to an answering machine (sandbox: numbers ending 3333)
                    // hear this after the beep
                    .put("machineAction", "leave-message")
                    .put("voicemailMessage", VOICEMAIL_MESSAGE);
        }
        String instructions = String.join("\n",
                "You are the host of Harbor Bistro, a small restaurant, answering the phone.",
                "Keep every answer to one or two short sentences: the caller is listening, not reading.",
                "Use only the facts below; if the caller asks for a person, transfer the call; when they say goodbye,"
                        + " end the call.",
                "FACT: On Sunday we open at noon and close at 9 pm; other days we open at 11 am.",
                "FACT: Tables can be booked for up to eight people; tonight we still have a table for two at 8 pm.",
                "FACT: Orders placed online arrive within three days; we can check a late order with the courier.");
        return new JsonObject()
                .put("name", demo.agentName())
                .put("instructions", instructions)
                .put("greeting", "Harbor Bistro, how can I help?")
                // a Chirp 3: HD voice: tts-service streams its audio as Google synthesises it
                .put("voice", "en-US-Chirp3-HD-Kore")
                .put("language", "en-US")
                .put("phoneNumbers", new JsonArray(List.of(demo.phoneNumber())))
                .put("callMode", demo.callMode())
                .put("transferNumber", TRANSFER_NUMBER);
    }

    /**
     * Creates the demo agents that are missing, unless agent-service has agents of its own (an operator's stack
     * is left alone; an earlier sandbox with only some demo agents gets the others). Problems are logged, not
     * thrown: a stack without the demo agents is still useful.
     *
     * @return the demo agents' ids: those created, and those found on the first page
     */
    static Map<Demo, String> ensure(HttpClient http, String agentServiceUrl, Optional<String> apiKey) {
        Map<Demo, String> ids = new EnumMap<>(Demo.class);
        try {
            HttpResponse<String> list = http.send(LocalStack.authorized(
                    HttpRequest.newBuilder(URI.create(agentServiceUrl + "/api/agents?size=100")), apiKey)
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (list.statusCode() != 200) {
                LOG.warning(() -> "not creating the demo agents: GET /api/agents answered " + list.statusCode()
                        + " " + list.body());
                return ids;
            }
            ids.putAll(demosIn(list.body()));
            int existing = countAgents(list.body());
            if (existing > ids.size()) {
                LOG.fine(() -> existing + " agent(s) exist; not creating demo agents");
                return ids;
            }
            for (Demo demo : Demo.values()) {
                if (!ids.containsKey(demo)) {
                    create(http, agentServiceUrl, apiKey, demo).ifPresent(id -> ids.put(demo, id));
                }
            }
        } catch (IOException | DecodeException | ClassCastException e) {
            LOG.warning(() -> "could not create the demo agents: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ids;
    }

    private static Optional<String> create(HttpClient http, String agentServiceUrl, Optional<String> apiKey, Demo demo)
            throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(
                LocalStack.authorized(HttpRequest.newBuilder(URI.create(agentServiceUrl + "/api/agents")), apiKey)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(definition(demo).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() / 100 == 2) {
            LOG.info(() -> "created the demo agent \"" + demo.agentName() + "\" (" + demo.callMode() + " mode) answering "
                    + demo.phoneNumber());
            return Optional.ofNullable(new JsonObject(created.body()).getString("id"));
        }
        LOG.warning(() -> "agent-service refused the demo agent " + demo.agentName() + ": HTTP " + created.statusCode()
                + " " + created.body());
        return Optional.empty();
    }

    /** The demo agents (by name) in a GET /api/agents page, with their ids. */
    static Map<Demo, String> demosIn(String body) {
        Map<Demo, String> found = new EnumMap<>(Demo.class);
        for (JsonObject agent : items(body)) {
            Demo.byName(agent.getString("name", "")).ifPresent(d -> {
                String id = agent.getString("id");
                if (id != null) {
                    found.putIfAbsent(d, id);
                }
            });
        }
        return found;
    }

    private static List<JsonObject> items(String body) {
        Object parsed = io.vertx.core.json.Json.decodeValue(body);
        JsonArray items = parsed instanceof JsonArray array ? array
                : parsed instanceof JsonObject page ? page.getJsonArray("items") : null;
        List<JsonObject> out = new java.util.ArrayList<>();
        if (items != null) {
            for (Object item : items) {
                if (item instanceof JsonObject agent) {
                    out.add(agent);
                }
            }
        }
        return out;
    }

    /** Accepts a bare JSON array or a page object holding one (items / content / agents / data). */
    static int countAgents(String body) {
        Object parsed = io.vertx.core.json.Json.decodeValue(body);
        if (parsed instanceof JsonArray array) {
            return array.size();
        }
        if (parsed instanceof JsonObject page) {
            for (String field : List.of("items", "content", "agents", "data", "results")) {
                JsonArray items = page.getJsonArray(field);
                if (items != null) {
                    return items.size();
                }
            }
            Object total = page.getValue("total");
            if (total instanceof Number n) {
                return n.intValue();
            }
        }
        throw new DecodeException("unexpected GET /api/agents body: " + body);
    }
}
