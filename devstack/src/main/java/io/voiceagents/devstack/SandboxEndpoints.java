package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voiceagents.testkit.speech.SpeechFixtures.SpeechFixture;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.CallStep;
import io.voiceagents.testkit.twilio.SimulatedCall;
import io.voiceagents.testkit.twilio.TwilioCallerEmulator;

/**
 * Devstack-only endpoints under {@code /sandbox}: {@code POST /sandbox/calls} has the Twilio caller
 * emulator place a call on {@code {PUBLIC_BASE_URL}/twilio/voice}, exactly as Twilio would (signed
 * webhooks, TwiML followed; for agents in stream and relay mode, the Media Streams or ConversationRelay
 * socket: see {@link RealtimeSandboxCalls}), and answers with the conversation and what call-gateway stored.
 */
final class SandboxEndpoints {

    static final String CALLS_PATH = FrontDoorRoutes.SANDBOX_PREFIX + "/calls";
    static final String DEFAULT_FROM = "+14155550100";
    static final List<String> DEFAULT_UTTERANCES =
            List.of("What are your opening hours?", "Where is the office located?", "Thank you, goodbye.");

    private static final Logger LOG = Logger.getLogger(SandboxEndpoints.class.getName());
    private static final int MAX_UTTERANCES = 20;
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Duration STORED_CALL_WAIT = Duration.ofSeconds(10);

    private final LocalStack stack;
    private final Vertx vertx;
    // each simulated call holds a worker thread for its whole length; a few at once is plenty locally
    private final Semaphore concurrentCalls = new Semaphore(4);

    SandboxEndpoints(LocalStack stack, Vertx vertx) {
        this.stack = stack;
        this.vertx = vertx;
    }

    void handle(HttpServerRequest request) {
        if (!request.path().equals(CALLS_PATH)) {
            Problems.send(request.response(), 404, "Not Found", "The sandbox serves POST " + CALLS_PATH + " only.");
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "POST");
            Problems.send(request.response(), 405, "Method Not Allowed", "Use POST " + CALLS_PATH + ".");
            return;
        }
        if (stack.twilioMode() != ProviderMode.SANDBOX) {
            Problems.send(request.response(), 404, "Not Found", "Simulated calls exist only in Twilio sandbox mode;"
                    + " this stack talks to real Twilio (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set)."
                    + " Call your Twilio number instead.");
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
            Problems.send(request.response(), 413, "Content Too Large", "a simulated call request is a small JSON object");
            return;
        }
        request.body().onComplete(ar -> {
            if (ar.failed()) {
                Problems.send(request.response(), 400, "Bad Request", "could not read the body: " + ar.cause());
                return;
            }
            CallRequest call;
            try {
                call = request(ar.result());
            } catch (InvalidField e) {
                sendInvalid(request, e);
                return;
            }
            if (!concurrentCalls.tryAcquire()) {
                Problems.send(request.response(), 429, "Too Many Requests",
                        "four simulated calls are already running; try again when one ends");
                return;
            }
            vertx.<JsonObject>executeBlocking(() -> {
                try {
                    return place(call);
                } finally {
                    concurrentCalls.release();
                }
            }, false).onComplete(done -> {
                if (done.succeeded()) {
                    request.response().putHeader("Content-Type", "application/json").end(done.result().encodePrettily());
                } else if (done.cause() instanceof InvalidField e) {
                    sendInvalid(request, e);
                } else {
                    Problems.send(request.response(), 500, "Internal Server Error",
                            "the simulated call failed: " + done.cause());
                }
            });
        });
    }

    private static void sendInvalid(HttpServerRequest request, InvalidField e) {
        request.response().setStatusCode(400).putHeader("Content-Type", Problems.CONTENT_TYPE)
                .end(Problems.problem(400, "Bad Request", "invalid simulated call request")
                        .put("errors", new JsonArray().add(new JsonObject()
                                .put("field", e.field).put("message", e.getMessage()))).toBuffer());
    }

    /**
     * A simulated call as asked for.
     *
     * @param utterances what the caller says, in order; null for the defaults of the agent's mode
     */
    private record CallRequest(String to, String from, List<String> utterances) {
    }

    /** Places the call the way the agent answering {@code to} runs calls: gather, stream or relay. */
    private JsonObject place(CallRequest call) {
        RealtimeSandboxCalls realtime = new RealtimeSandboxCalls(stack);
        switch (realtime.modeOf(call.to())) {
            case "stream" -> {
                List<SpeechFixture> says = new ArrayList<>();
                for (String u : call.utterances() == null ? RealtimeSandboxCalls.DEFAULT_STREAM_FIXTURES : call.utterances()) {
                    says.add(RealtimeSandboxCalls.fixtureFor(u).orElseThrow(() -> new InvalidField("utterances",
                            "a stream-mode caller speaks recorded speech only (the Speech-to-Text emulator recognises"
                                    + " nothing else); \"" + u + "\" is none of " + RealtimeSandboxCalls.sayable())));
                }
                return realtime.placeStream(call.from(), call.to(), says);
            }
            case "relay" -> {
                return realtime.placeRelay(call.from(), call.to(),
                        call.utterances() == null ? RealtimeSandboxCalls.DEFAULT_RELAY_PROMPTS : call.utterances());
            }
            default -> {
                String base = stack.publicBaseUrl();
                CallScript.Builder b = CallScript.builder(URI.create(base + "/twilio/voice"))
                        .statusCallbackUrl(URI.create(base + "/twilio/voice/status"))
                        .to(call.to())
                        .from(call.from());
                (call.utterances() == null ? DEFAULT_UTTERANCES : call.utterances()).forEach(b::says);
                return placeCall(b.build());
            }
        }
    }

    /** A request field that cannot be used, reported in the problem's {@code errors}. */
    private static final class InvalidField extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidField(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private CallRequest request(Buffer body) {
        JsonObject json;
        try {
            json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidField("body", "expected a JSON object like {\"to\":\"+15005550006\",\"from\":\"+14155550100\","
                    + "\"utterances\":[\"What are your opening hours?\"]} (every field optional)");
        }
        String to = text(json, "to", stack.demoPhoneNumber());
        String from = text(json, "from", DEFAULT_FROM);
        Object utterances = json.getValue("utterances");
        if (utterances == null) {
            return new CallRequest(to, from, null);
        }
        List<String> says = new ArrayList<>();
        if (utterances instanceof JsonArray array && array.size() <= MAX_UTTERANCES) {
            for (Object o : array) {
                if (!(o instanceof String s)) {
                    throw new InvalidField("utterances", "must be strings");
                }
                says.add(s);
            }
        } else {
            throw new InvalidField("utterances", "must be an array of at most " + MAX_UTTERANCES + " strings");
        }
        return new CallRequest(to, from, List.copyOf(says));
    }

    private static String text(JsonObject json, String field, String fallback) {
        Object v = json.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s) || !s.matches("\\+[1-9][0-9]{1,14}")) {
            throw new InvalidField(field, "must be an E.164 number such as +15005550006");
        }
        return s;
    }

    private JsonObject placeCall(CallScript script) {
        TwilioCallerEmulator caller = new TwilioCallerEmulator(stack.twilioAccountSid(), stack.twilioAuthToken());
        SimulatedCall call = caller.placeCall(script);
        LOG.info(() -> "simulated call " + call.callSid() + " to " + script.to() + " ended: " + call.end()
                + (call.errors().isEmpty() ? "" : " errors " + call.errors()));
        JsonObject out = new JsonObject()
                .put("callSid", call.callSid())
                .put("from", script.from())
                .put("to", script.to())
                .put("ok", call.ok())
                .put("outcome", call.end().name())
                .put("errors", new JsonArray(call.errors()))
                .put("conversation", SimulatedConversation.of(call))
                .put("webhooks", webhooks(call));
        fetchStoredCall(call.callSid(), out);
        JsonObject stored = out.getJsonObject("storedCall");
        if (stored != null) {
            SimulatedConversation.addSpokenTexts(out.getJsonArray("conversation"), stored);
        }
        return out;
    }

    private static JsonArray webhooks(SimulatedCall call) {
        JsonArray a = new JsonArray();
        for (CallStep s : call.steps()) {
            a.add(new JsonObject().put("method", s.method()).put("url", s.url()).put("status", s.status())
                    .put("millis", s.durationMillis()));
        }
        return a;
    }

    /**
     * What call-gateway recorded. The status callback was sent when the call ended, so waits a
     * moment for the stored status to say so.
     */
    void fetchStoredCall(String callSid, JsonObject out) {
        fetchStoredCall(stack, callSid, out);
    }

    static void fetchStoredCall(LocalStack stack, String callSid, JsonObject out) {
        if (!stack.services().contains(StackService.CALL_GATEWAY)) {
            out.put("storedCallProblem", "call-gateway is not part of this stack");
            return;
        }
        HttpRequest get = LocalStack.authorized(HttpRequest.newBuilder(URI.create(stack.serviceUrl(StackService.CALL_GATEWAY)
                + "/api/calls/" + callSid)), stack.apiKey())
                .timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build();
        long deadline = System.nanoTime() + STORED_CALL_WAIT.toNanos();
        String problem = null;
        while (true) {
            try {
                HttpResponse<String> r = stack.httpClient().send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonObject stored = new JsonObject(r.body());
                    out.put("storedCall", stored);
                    if ("completed".equalsIgnoreCase(stored.getString("status", "")) || System.nanoTime() > deadline) {
                        return;
                    }
                } else {
                    problem = "GET /api/calls/" + callSid + " answered HTTP " + r.statusCode() + " " + r.body();
                    if (System.nanoTime() > deadline) {
                        out.put("storedCallProblem", problem);
                        return;
                    }
                }
            } catch (IOException e) {
                // a slow or refused request on a busy machine: try again until the wait is over
                if (System.nanoTime() > deadline) {
                    out.put("storedCallProblem", "GET /api/calls/" + callSid + " failed: " + e);
                    return;
                }
            } catch (DecodeException | ClassCastException e) {
                out.put("storedCallProblem", "GET /api/calls/" + callSid + " failed: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
