package io.voiceagents.testkit.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.http.TwilioRestClient;
import io.voiceagents.testkit.support.FaultInjector;
import io.voiceagents.testkit.support.HttpExchanges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emulates the Calls resource of Twilio's REST API as the official {@code com.twilio.sdk:twilio} SDK calls it:
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{AccountSid}/Calls.json} — To, From, Url | Twiml | ApplicationSid,
 *       StatusCallback, StatusCallbackEvent (repeated), StatusCallbackMethod, MachineDetection, Timeout, Record;
 *       answers 201 with the call in status {@code queued}, direction {@code outbound-api};</li>
 *   <li>{@code GET .../Calls/{Sid}.json} — the call;</li>
 *   <li>{@code POST .../Calls/{Sid}.json} — Status=canceled|completed, Url, Twiml (redirect a live call).</li>
 * </ul>
 * HTTP Basic auth with AccountSid:AuthToken is required (401, code 20003 otherwise). Errors use Twilio's JSON
 * ({@code code, message, more_info, status}): 21201/21603 for missing To/From, 21211/21212 for numbers that are
 * not E.164 (and Twilio's magic invalid number +15005550001), 21205 for a missing/invalid Url, 20404 for an
 * unknown call, 21220 to redirect an ended call. Responses carry {@code X-Emulator: twilio-rest-emulator}.
 * Use {@link #restClient()} to drive it with the real SDK. Thread-safe.
 */
public final class TwilioRestEmulator implements AutoCloseable {

    public static final String NAME = "twilio-rest-emulator";
    public static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String DEFAULT_AUTH_TOKEN = "emulator-auth-token";

    private static final Pattern CALLS = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json");
    private static final Pattern CALL = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final String MAGIC_INVALID_NUMBER = "+15005550001";

    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final FaultInjector faults = new FaultInjector(503);
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, RestCall> calls = new ConcurrentHashMap<>();
    private final List<String> createdOrder = new ArrayList<>();
    private volatile Consumer<RestCall> onCreated = c -> { };

    private TwilioRestEmulator(int port, String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        server = HttpExchanges.loopbackServer(port);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts with {@link #DEFAULT_ACCOUNT_SID} / {@link #DEFAULT_AUTH_TOKEN} ({@code port} 0 picks a free port). */
    public static TwilioRestEmulator start(int port) {
        return start(port, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN);
    }

    public static TwilioRestEmulator start(int port, String accountSid, String authToken) {
        return new TwilioRestEmulator(port, accountSid, authToken);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Replaces {@code https://api.twilio.com}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /** The official SDK client, authenticated with this emulator's credentials, sending its requests here. */
    public TwilioRestClient restClient() {
        return restClient(accountSid, authToken);
    }

    /** The official SDK client with the given credentials (wrong ones get 401 / code 20003). */
    public TwilioRestClient restClient(String username, String password) {
        return new TwilioRestClient.Builder(username, password).accountSid(username)
                .httpClient(new TwilioEmulatorHttpClient(baseUrl())).build();
    }

    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    /** The next {@code n} requests fail with HTTP 503 (code 20503). Note the SDK retries 5xx up to 3 times. */
    public void failNext(int n) {
        faults.failNext(n);
    }

    /** The next {@code n} requests fail with {@code httpStatus} (429 → code 20429, 5xx → 20500/20503). */
    public void failNext(int n, int httpStatus) {
        faults.failNext(n, httpStatus);
    }

    public void setFailing(boolean failing) {
        faults.setFailing(failing);
    }

    /** Called (on the request thread, after the 201 is decided) for each call created. */
    public void onCallCreated(Consumer<RestCall> listener) {
        this.onCreated = listener == null ? c -> { } : listener;
    }

    public int requestCount() {
        return requests.get();
    }

    /** Calls created, in creation order, as they stand now. */
    public synchronized List<RestCall> createdCalls() {
        return createdOrder.stream().map(calls::get).toList();
    }

    public Optional<RestCall> call(String sid) {
        return Optional.ofNullable(calls.get(sid));
    }

    /** Moves a call to another status, as the network would (ringing, in-progress, completed, busy, ...). */
    public RestCall setStatus(String sid, String status) {
        return calls.computeIfPresent(sid, (k, c) -> c.withStatus(status, now()));
    }

    public synchronized void reset() {
        faults.reset();
        requests.set(0);
        calls.clear();
        createdOrder.clear();
        onCreated = c -> { };
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            List<Map.Entry<String, String>> form = HttpExchanges.parseForm(HttpExchanges.readBody(exchange));
            faults.applyLatency();
            int failure = faults.nextFailure();
            if (failure != FaultInjector.NO_FAILURE) {
                int code = failure == 429 ? 20429 : failure == 503 ? 20503 : 20500;
                send(exchange, failure, TwilioRestJson.error(failure, code, failure == 429 ? "Too Many Requests" : "Service unavailable (injected failure)"));
                return;
            }
            if (!authenticated(exchange)) {
                send(exchange, 401, TwilioRestJson.error(401, 20003, "Authenticate"));
                return;
            }
            Matcher all = CALLS.matcher(path);
            Matcher one = CALL.matcher(path);
            if (all.matches() && accountSid.equals(all.group(1)) && "POST".equals(method)) {
                create(exchange, form);
            } else if (one.matches() && accountSid.equals(one.group(1)) && "GET".equals(method)) {
                RestCall c = calls.get(one.group(2));
                if (c == null) {
                    notFound(exchange, path);
                } else {
                    send(exchange, 200, TwilioRestJson.call(c));
                }
            } else if (one.matches() && accountSid.equals(one.group(1)) && "POST".equals(method)) {
                update(exchange, path, one.group(2), form);
            } else if (one.matches() && accountSid.equals(one.group(1)) && "DELETE".equals(method)) {
                if (calls.remove(one.group(2)) == null) {
                    notFound(exchange, path);
                } else {
                    HttpExchanges.send(exchange, 204, "application/json", new byte[0], NAME);
                }
            } else {
                notFound(exchange, path);
            }
        }
    }

    private void create(HttpExchange exchange, List<Map.Entry<String, String>> form) throws IOException {
        Map<String, List<String>> p = group(form);
        String to = first(p, "To");
        String from = first(p, "From");
        String url = first(p, "Url");
        String twiml = first(p, "Twiml");
        String problem = null;
        int code = 0;
        if (to == null || to.isBlank()) {
            code = 21201;
            problem = "No 'To' number is specified";
        } else if (!validNumber(to)) {
            code = 21211;
            problem = "Invalid 'To' Phone Number: " + to;
        } else if (from == null || from.isBlank()) {
            code = 21603;
            problem = "A 'From' phone number is required.";
        } else if (!validNumber(from)) {
            code = 21212;
            problem = "Invalid 'From' Phone Number: " + from;
        } else if ((url == null || url.isBlank()) && twiml == null && first(p, "ApplicationSid") == null) {
            code = 21205;
            problem = "Url parameter is required.";
        } else if (url != null && !url.matches("https?://.+")) {
            code = 21205;
            problem = "Url is not a valid URL: " + url;
        }
        String timeout = first(p, "Timeout");
        if (problem == null && timeout != null && !timeout.matches("\\d{1,3}")) {
            code = 21216;
            problem = "Timeout must be an integer number of seconds: " + timeout;
        }
        if (problem != null) {
            send(exchange, 400, TwilioRestJson.error(400, code, problem));
            return;
        }
        ZonedDateTime now = now();
        RestCall call = new RestCall(CallScript.newCallSid(), accountSid, to, from, "queued", url, twiml,
                first(p, "StatusCallback"), p.getOrDefault("StatusCallbackEvent", List.of()),
                first(p, "StatusCallbackMethod"), first(p, "MachineDetection"),
                timeout == null ? 60 : Integer.parseInt(timeout), "true".equalsIgnoreCase(first(p, "Record")), now, now, p);
        synchronized (this) {
            calls.put(call.sid(), call);
            createdOrder.add(call.sid());
        }
        send(exchange, 201, TwilioRestJson.call(call));
        onCreated.accept(call);
    }

    private void update(HttpExchange exchange, String path, String sid, List<Map.Entry<String, String>> form) throws IOException {
        RestCall c = calls.get(sid);
        if (c == null) {
            notFound(exchange, path);
            return;
        }
        Map<String, List<String>> p = group(form);
        String status = first(p, "Status");
        String url = first(p, "Url");
        String twiml = first(p, "Twiml");
        if (status != null && !status.equals("canceled") && !status.equals("completed")) {
            send(exchange, 400, TwilioRestJson.error(400, 21218, "Invalid Status: " + status + " (canceled or completed)"));
            return;
        }
        if ((url != null || twiml != null) && c.ended()) {
            send(exchange, 400, TwilioRestJson.error(400, 21220, "Call is not in-progress. Cannot redirect."));
            return;
        }
        RestCall updated = c;
        if (url != null || twiml != null) {
            updated = updated.withInstructions(url, twiml, now());
        }
        if (status != null && !updated.ended()) {
            boolean live = "in-progress".equals(updated.status());
            // canceled only stops queued/ringing calls; completed hangs up a live call and cancels a pending one
            if ("completed".equals(status)) {
                updated = updated.withStatus(live ? "completed" : "canceled", now());
            } else if (!live) {
                updated = updated.withStatus("canceled", now());
            }
        }
        calls.put(sid, updated);
        send(exchange, 200, TwilioRestJson.call(updated));
    }

    private boolean authenticated(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return decoded.equals(accountSid + ":" + authToken);
    }

    private void notFound(HttpExchange exchange, String path) throws IOException {
        send(exchange, 404, TwilioRestJson.error(404, 20404, "The requested resource " + path + " was not found"));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        HttpExchanges.sendJson(exchange, status, json, NAME);
    }

    private static boolean validNumber(String n) {
        if (n.startsWith("client:") || n.startsWith("sip:")) {
            return true;
        }
        return E164.matcher(n).matches() && !MAGIC_INVALID_NUMBER.equals(n);
    }

    private static Map<String, List<String>> group(List<Map.Entry<String, String>> form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }

    private static String first(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
    }
}
