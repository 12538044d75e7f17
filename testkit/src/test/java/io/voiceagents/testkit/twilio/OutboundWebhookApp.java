package io.voiceagents.testkit.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voiceagents.testkit.support.HttpExchanges;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The application side of an outbound call, as call-gateway plays it: answers the voice Url with TwiML (a greeting and
 * a Gather for a person, a voicemail message for a machine), records status callbacks, and checks every request's
 * {@code X-Twilio-Signature} with testkit's {@link TwilioSignature} over the exact URL requested (query included).
 */
final class OutboundWebhookApp implements AutoCloseable {

    /** One request received. */
    record Received(String method, String url, String path, Map<String, String> params, String idempotencyToken,
                    boolean signatureValid, long receivedNanos) {
    }

    private final String authToken;
    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    OutboundWebhookApp(String authToken) {
        this.authToken = authToken;
        server = HttpExchanges.loopbackServer(0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Status callbacks of one call, in arrival order. */
    List<Received> callbacks(String callSid) {
        return at("/twilio/voice/status").stream().filter(r -> callSid.equals(r.params().get("CallSid"))).toList();
    }

    List<Received> voiceRequests(String callSid) {
        return received.stream().filter(r -> !r.path().equals("/twilio/voice/status"))
                .filter(r -> callSid.equals(r.params().get("CallSid"))).toList();
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }

    /** Polls {@code condition} every 5 ms; fails the test after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long at = System.nanoTime();
            String body = HttpExchanges.readBody(ex);
            String rawQuery = ex.getRequestURI().getRawQuery();
            String url = url(ex.getRequestURI().toString()).toString();
            Map<String, String> params = new LinkedHashMap<>();
            Map<String, String> signed = new LinkedHashMap<>();
            if ("GET".equals(ex.getRequestMethod())) {
                HttpExchanges.parseForm(rawQuery).forEach(e -> params.put(e.getKey(), e.getValue()));
            } else {
                HttpExchanges.parseForm(body).forEach(e -> params.put(e.getKey(), e.getValue()));
                signed.putAll(params);
            }
            boolean valid = TwilioSignature.matches(authToken, url, signed, ex.getRequestHeaders().getFirst(TwilioSignature.HEADER));
            String path = ex.getRequestURI().getPath();
            received.add(new Received(ex.getRequestMethod(), url, path, Map.copyOf(params),
                    ex.getRequestHeaders().getFirst("I-Twilio-Idempotency-Token"), valid, at));
            if (!valid) {
                HttpExchanges.send(ex, 403, "text/plain", "bad signature".getBytes(StandardCharsets.UTF_8), "test-app");
                return;
            }
            String answeredBy = params.getOrDefault("AnsweredBy", "");
            String twiml = switch (path) {
                case "/twilio/voice/outbound" -> answeredBy.startsWith("machine") || answeredBy.equals("fax")
                        ? "<Response><Say>Sorry we missed you, please call Acme back.</Say><Hangup/></Response>"
                        : "<Response><Say>Hello, this is Acme.</Say><Gather input=\"speech\" action=\"/twilio/voice/gather?oc=1\">"
                          + "<Say>Is now a good time?</Say></Gather><Say>Goodbye.</Say><Hangup/></Response>";
                case "/twilio/voice/gather" -> "<Response><Say>You said " + params.get("SpeechResult")
                        + ".</Say><Gather input=\"speech\" action=\"/twilio/voice/gather?oc=1\"/></Response>";
                default -> null;
            };
            if (twiml == null) {
                HttpExchanges.send(ex, 204, "text/plain", new byte[0], "test-app");
            } else {
                HttpExchanges.send(ex, 200, "text/xml", twiml.getBytes(StandardCharsets.UTF_8), "test-app");
            }
        }
    }
}
