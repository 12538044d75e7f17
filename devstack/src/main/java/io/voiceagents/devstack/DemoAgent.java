package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The agent a sandbox starts with, created through agent-service's public API like an operator
 * would. Its instructions carry {@code FACT:} lines because the Gemini emulator answers questions
 * that share words with one of them — so a simulated call gets sensible answers.
 */
final class DemoAgent {

    /** Twilio's magic "valid number" for test credentials; never a real subscriber. */
    static final String PHONE_NUMBER = "+15005550006";
    static final String NAME = "Demo receptionist";
    static final String VOICEMAIL_MESSAGE = "Hello, this is Harbor Dental calling about your appointment."
            + " Please call us back Monday to Friday between 9 am and 5 pm. Thank you, goodbye.";

    private static final Logger LOG = Logger.getLogger(DemoAgent.class.getName());

    private DemoAgent() {
    }

    static JsonObject definition() {
        String instructions = String.join("\n",
                "You are the receptionist of Harbor Dental, a small dental practice.",
                "Answer callers briefly and politely, using only the facts below.",
                "If you do not know the answer, offer to take a message.",
                "FACT: Our opening hours are Monday to Friday, 9 am to 5 pm; the practice is closed on weekends.",
                "FACT: The office is located at 12 Harbor Street, Springfield, next to the public library.",
                "FACT: New patients can book an appointment by phone or at harbordental.example.");
        return new JsonObject()
                .put("name", NAME)
                .put("instructions", instructions)
                .put("greeting", "Hello, you have reached Harbor Dental. How can I help you today?")
                .put("voice", "en-US-Neural2-F")
                .put("language", "en-US")
                .put("phoneNumbers", new JsonArray(List.of(PHONE_NUMBER)))
                .put("callMode", "gather")
                // outbound calls with machineDetection to an answering machine (sandbox: numbers ending 3333)
                // hear this after the beep
                .put("machineAction", "leave-message")
                .put("voicemailMessage", VOICEMAIL_MESSAGE);
    }

    /**
     * Creates the demo agent unless agent-service already has agents. Problems are logged, not
     * thrown: a stack without the demo agent is still useful.
     *
     * @return the demo agent's id: the one created, or an existing agent of that name on the first page
     */
    static Optional<String> ensure(HttpClient http, String agentServiceUrl, Optional<String> apiKey) {
        try {
            HttpResponse<String> list = http.send(LocalStack.authorized(
                    HttpRequest.newBuilder(URI.create(agentServiceUrl + "/api/agents")), apiKey)
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (list.statusCode() != 200) {
                LOG.warning(() -> "not creating the demo agent: GET /api/agents answered " + list.statusCode()
                        + " " + list.body());
                return Optional.empty();
            }
            int existing = countAgents(list.body());
            if (existing > 0) {
                LOG.fine(() -> existing + " agent(s) exist; not creating the demo agent");
                return idOfNamed(list.body());
            }
            HttpResponse<String> created = http.send(
                    LocalStack.authorized(HttpRequest.newBuilder(URI.create(agentServiceUrl + "/api/agents")), apiKey)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(definition().encode())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() / 100 == 2) {
                LOG.info(() -> "created the demo agent \"" + NAME + "\" answering " + PHONE_NUMBER);
                return Optional.ofNullable(new JsonObject(created.body()).getString("id"));
            }
            LOG.warning(() -> "agent-service refused the demo agent: HTTP " + created.statusCode() + " "
                    + created.body());
        } catch (IOException | DecodeException | ClassCastException e) {
            LOG.warning(() -> "could not create the demo agent: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** The id of the agent named {@link #NAME} in a GET /api/agents page, if there is one. */
    static Optional<String> idOfNamed(String body) {
        Object parsed = io.vertx.core.json.Json.decodeValue(body);
        JsonArray items = parsed instanceof JsonArray array ? array
                : parsed instanceof JsonObject page ? page.getJsonArray("items") : null;
        if (items == null) {
            return Optional.empty();
        }
        for (Object item : items) {
            if (item instanceof JsonObject agent && NAME.equals(agent.getString("name"))) {
                return Optional.ofNullable(agent.getString("id"));
            }
        }
        return Optional.empty();
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
