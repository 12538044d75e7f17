package io.voiceagents.outbound.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.voiceagents.testkit.support.HttpExchanges;
import io.voiceagents.testkit.twilio.RestCall;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/**
 * Stands in front of testkit's {@link TwilioRestEmulator} (the service's TWILIO_API_BASE_URL points here) and adds
 * what these tests need and the emulator does not have (yet):
 * <ul>
 *   <li>{@code GET .../Calls.json?To=&From=} (Twilio's Calls list, newest first), for reconciliation;</li>
 *   <li>scripted faults per callee number, for create requests only, so background requests (a status sweep's
 *       fetch) never consume them: 429 or 503 before the emulator sees the request, 503 <em>after</em> the emulator
 *       created the call (the case where a blind retry would dial twice), a Twilio 4xx error;</li>
 *   <li>the arrival time of every create request in nanoseconds (the emulator keeps whole seconds), for pacing.</li>
 * </ul>
 * Everything else is forwarded to the emulator unchanged.
 */
public final class TwilioFront implements AutoCloseable {

    public sealed interface Fault {
        /**
         * Forward the create, then hold the answer until {@code release} completes (at most {@code atMost}, which
         * a test keeps below the client's time-out): the call exists at Twilio while its creator waits.
         */
        record HoldAfterCreate(java.util.concurrent.CompletableFuture<Void> release, Duration atMost) implements Fault {
        }

        /** Answer with this status and Twilio error code without telling the emulator. */
        record Reject(int status, int code, String message) implements Fault {
        }

        /** Forward the create (the emulator creates the call), then answer 503 as if Twilio failed after creating. */
        record FailAfterCreate() implements Fault {
        }

        /** Forward the create, then answer nothing within the client's time-out. */
        record HangAfterCreate(Duration hang) implements Fault {
        }
    }

    public record CreateRequest(long nanoTime, String to, Map<String, List<String>> params) {
    }

    private static final Pattern CALLS = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json");
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwilioRestEmulator emulator;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<CreateRequest> creates = new CopyOnWriteArrayList<>();
    private volatile boolean listFailing;

    public TwilioFront(TwilioRestEmulator emulator) {
        this.emulator = emulator;
        this.server = HttpExchanges.loopbackServer(0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next create requests to {@code to} meet these faults, in order. */
    public void script(String to, Fault... next) {
        faults.computeIfAbsent(to, k -> new ArrayDeque<>()).addAll(List.of(next));
    }

    /** Every create request that reached the front for {@code to}, faulted or not. */
    public List<CreateRequest> createsTo(String to) {
        return creates.stream().filter(c -> to.equals(c.to())).toList();
    }

    /** Calls the emulator created to {@code to}. */
    public List<RestCall> callsTo(String to) {
        return emulator.createdCalls().stream().filter(c -> to.equals(c.to())).toList();
    }

    public void setListFailing(boolean failing) {
        this.listFailing = failing;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (CALLS.matcher(path).matches() && "GET".equals(method)) {
                list(exchange);
                return;
            }
            if (CALLS.matcher(path).matches() && "POST".equals(method)) {
                Map<String, List<String>> params = form(new String(body, StandardCharsets.UTF_8));
                String to = first(params, "To");
                creates.add(new CreateRequest(System.nanoTime(), to, params));
                Fault fault = nextFault(to);
                if (fault instanceof Fault.Reject reject) {
                    error(exchange, reject.status(), reject.code(), reject.message());
                    return;
                }
                HttpResponse<byte[]> forwarded = forward(exchange, method, body);
                if (fault instanceof Fault.FailAfterCreate) {
                    error(exchange, 503, 20503, "Service unavailable (after the call was created)");
                    return;
                }
                if (fault instanceof Fault.HangAfterCreate hang) {
                    sleep(hang.hang());
                }
                if (fault instanceof Fault.HoldAfterCreate hold) {
                    try {
                        hold.release().get(hold.atMost().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                        // held as long as allowed: answer now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                reply(exchange, forwarded);
                return;
            }
            reply(exchange, forward(exchange, method, body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault nextFault(String to) {
        Deque<Fault> queue = to == null ? null : faults.get(to);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.pollFirst();
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        if (listFailing) {
            error(exchange, 503, 20503, "Service unavailable (list)");
            return;
        }
        Map<String, List<String>> query = form(exchange.getRequestURI().getRawQuery());
        String to = first(query, "To");
        String from = first(query, "From");
        List<RestCall> matching = new ArrayList<>(emulator.createdCalls().stream()
                .filter(c -> to == null || to.equals(c.to()))
                .filter(c -> from == null || from.equals(c.from()))
                .toList());
        java.util.Collections.reverse(matching);
        ObjectNode page = JSON.createObjectNode();
        ArrayNode calls = page.putArray("calls");
        for (RestCall c : matching) {
            calls.add(callJson(c));
        }
        String uri = exchange.getRequestURI().getPath();
        page.put("uri", uri);
        page.put("first_page_uri", uri);
        page.putNull("next_page_uri");
        page.putNull("previous_page_uri");
        page.put("page", 0);
        page.put("page_size", 50);
        page.put("start", 0);
        page.put("end", Math.max(0, matching.size() - 1));
        HttpExchanges.sendJson(exchange, 200, page.toString(), "twilio-front");
    }

    private static ObjectNode callJson(RestCall c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sid", c.sid());
        n.put("account_sid", c.accountSid());
        n.put("to", c.to());
        n.put("from", c.from());
        n.put("status", c.status());
        n.put("direction", "outbound-api");
        n.put("date_created", RFC_2822.format(c.dateCreated()));
        n.put("date_updated", RFC_2822.format(c.dateUpdated()));
        n.put("api_version", "2010-04-01");
        n.put("uri", "/2010-04-01/Accounts/" + c.accountSid() + "/Calls/" + c.sid() + ".json");
        return n;
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String method, byte[] body)
            throws IOException, InterruptedException {
        String query = exchange.getRequestURI().getRawQuery();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                        + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(10))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "Content-Type", "Accept")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                b.header(header, value);
            }
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("application/json");
        HttpExchanges.send(exchange, response.statusCode(), type, response.body(), "twilio-front");
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code);
        n.put("message", message);
        n.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        n.put("status", status);
        HttpExchanges.sendJson(exchange, status, n.toString(), "twilio-front");
    }

    private static Map<String, List<String>> form(String encoded) {
        Map<String, List<String>> out = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }
}
