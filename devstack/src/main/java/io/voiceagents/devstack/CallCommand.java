package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code bin/run call}: asks a running sandbox stack for a simulated call and prints it as a conversation. */
final class CallCommand {

    private CallCommand() {
    }

    static int run(List<String> rest) {
        Args a = Args.parse(rest, Set.of("--json", "--help"),
                Set.of("--url", "--to", "--from", "--say", "--json", "--help"));
        if (a.flag("--help")) {
            Console.out("Usage: bin/run call [--url http://localhost:8080] [--to N] [--from N] [--say TEXT]... [--json]\n"
                    + "  --to: the demo agents answer " + DemoAgent.Demo.GATHER.phoneNumber() + " (gather), "
                    + DemoAgent.Demo.STREAM.phoneNumber() + " (stream) and " + DemoAgent.Demo.RELAY.phoneNumber()
                    + " (relay)\n"
                    + "  --say: for a stream-mode agent, a speech fixture's name or transcript (recorded speech:\n"
                    + "         hello_booking, opening_hours, yes_thanks, transfer_request, goodbye, long_question,"
                    + " interrupt, cough)");
            return 0;
        }
        String url = a.get("--url", "http://localhost:" + LocalStackOptions.DEFAULT_FRONT_DOOR_PORT);
        JsonObject body = new JsonObject();
        if (a.get("--to", null) != null) {
            body.put("to", a.get("--to", null));
        }
        if (a.get("--from", null) != null) {
            body.put("from", a.get("--from", null));
        }
        if (!a.all("--say").isEmpty()) {
            body.put("utterances", new JsonArray(a.all("--say")));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(stripSlash(url) + SandboxEndpoints.CALLS_PATH))
                    .timeout(Duration.ofSeconds(180))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            Console.err("No stack answers at " + url + " (" + e.getClass().getSimpleName()
                    + "). Start one with bin/run, or pass --url.");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        JsonObject json;
        try {
            json = new JsonObject(response.body());
        } catch (DecodeException e) {
            Console.err("HTTP " + response.statusCode() + ": " + response.body());
            return 1;
        }
        if (a.flag("--json")) {
            Console.out(json.encodePrettily());
            return response.statusCode() / 100 == 2 ? 0 : 1;
        }
        if (response.statusCode() / 100 != 2) {
            StringBuilder problem = new StringBuilder(json.getString("title", "HTTP " + response.statusCode()))
                    .append(": ").append(json.getString("detail", ""));
            // the field at fault and why: "--say banana" must say which words a stream caller can speak
            for (Object e : json.getJsonArray("errors", new JsonArray())) {
                if (e instanceof JsonObject error) {
                    problem.append(System.lineSeparator()).append("  ").append(error.getString("field", "?"))
                            .append(": ").append(error.getString("message", ""));
                }
            }
            Console.err(problem.toString());
            return 1;
        }
        Console.out(render(json));
        return json.getBoolean("ok", true) ? 0 : 1;
    }

    /** The simulated call as a readable conversation, then what the suite stored about it. */
    static String render(JsonObject json) {
        StringBuilder sb = new StringBuilder();
        sb.append("Simulated call ").append(json.getString("callSid", "?")).append(" from ")
                .append(json.getString("from", "?")).append(" to ").append(json.getString("to", "?")).append('\n');
        for (Object o : json.getJsonArray("conversation", new JsonArray())) {
            JsonObject step = (JsonObject) o;
            String who = step.getString("speaker", "?");
            sb.append(String.format("  %-7s %s", who + ":", step.getString("text", "")));
            String how = step.getString("how");
            if (how != null && !how.isBlank()) {
                sb.append("   [").append(how).append(']');
            }
            sb.append('\n');
        }
        if (json.getString("outcome") != null) {
            sb.append("Outcome: ").append(json.getString("outcome")).append('\n');
        }
        Object stored = json.getValue("storedCall");
        if (stored instanceof JsonObject call) {
            sb.append("\nStored by call-gateway (GET /api/calls/").append(json.getString("callSid", "")).append("):\n");
            sb.append(storedSummary(call));
        } else if (json.getString("storedCallProblem") != null) {
            sb.append("\nStored call not available: ").append(json.getString("storedCallProblem")).append('\n');
        }
        return sb.toString();
    }

    /** Status and per-turn latencies when the call has a transcript; the raw JSON otherwise. */
    private static String storedSummary(JsonObject call) {
        JsonArray transcript = call.getJsonArray("transcript");
        if (transcript == null) {
            return indent(call.encodePrettily()) + "\n";
        }
        StringBuilder sb = new StringBuilder(String.format("  status %s, %s s, %d turns%n", call.getValue("status"),
                call.getValue("durationSeconds", "?"), transcript.size()));
        for (Object o : transcript) {
            if (!(o instanceof JsonObject t)) {
                continue;
            }
            JsonObject ledger = t.getValue("latency") instanceof JsonObject l ? l : null;
            if (ledger != null) {
                // stream and relay turns: where the time went, from the end of the caller's speech
                sb.append(String.format("  turn %-3s %-9s first audio %5s ms = endpointing %4s + stt %4s + llm %4s"
                                + " + tts %4s + server %4s ms%s%n",
                        value(t, "turnIndex"), value(t, "outcome"), value(ledger, "firstAudioMs"),
                        value(ledger, "endpointingMs"), value(ledger, "sttFinalMs"), value(ledger, "llmFirstTokenMs"),
                        value(ledger, "ttsFirstByteMs"), value(ledger, "serverAddedMs"),
                        Boolean.TRUE.equals(t.getValue("interrupted")) ? "   (interrupted)" : ""));
            } else {
                sb.append(String.format("  turn %-3s %-9s total %6s ms   llm %6s ms   tts %6s ms%s%n",
                        value(t, "turnIndex"), value(t, "outcome"), value(t, "totalLatencyMs"),
                        value(t, "llmLatencyMs"), value(t, "ttsLatencyMs"),
                        Boolean.TRUE.equals(t.getValue("ttsFallback")) ? "   (TTS fell back to <Say>)" : ""));
            }
        }
        return sb.toString();
    }

    private static String value(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v == null ? "-" : v.toString();
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
