package io.voiceagents.testkit.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.http.TwilioRestClient;
import io.voiceagents.testkit.support.FaultInjector;
import io.voiceagents.testkit.support.HttpExchanges;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emulates the Calls resource of Twilio's REST API as the official {@code com.twilio.sdk:twilio} SDK calls it:
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{AccountSid}/Calls.json} — To, From, Url | Twiml | ApplicationSid,
 *       StatusCallback, StatusCallbackEvent (repeated), StatusCallbackMethod, MachineDetection, Timeout, Record;
 *       answers 201 with the call in status {@code queued}, direction {@code outbound-api}
 *       (validation: {@link CallCreateRequest});</li>
 *   <li>{@code GET .../Calls.json} — the calls, newest first, filtered and paged as Twilio does
 *       ({@link CallListQuery}), so {@code Call.reader().setTo(..).read(client)} works;</li>
 *   <li>{@code GET .../Calls/{Sid}.json} — the call;</li>
 *   <li>{@code POST .../Calls/{Sid}.json} — Status=canceled|completed, Url, Twiml (redirect a live call); each
 *       successful update is also handed to the {@link #addCallUpdateListener update listeners} (e.g. a Media
 *       Streams caller ends its stream when its call is hung up or redirected);</li>
 *   <li>{@code DELETE .../Calls/{Sid}.json} — forgets the call.</li>
 * </ul>
 * HTTP Basic auth with AccountSid:AuthToken is required (401, code 20003 otherwise). Errors use Twilio's JSON
 * ({@code code, message, more_info, status}): 20404 for an unknown call, 21220 to redirect an ended call, 21218
 * for another Status. Responses carry {@code X-Emulator: twilio-rest-emulator}.
 *
 * <p>Calls Twilio would know but that were not created here (an inbound call answered by the application) can be
 * made known with {@link #registerLiveCall}, so the application can hang them up or redirect them.
 *
 * <p>Without more, a created call stays {@code queued} until a test moves it ({@link #setStatus}). Attach a
 * {@link TwilioCallProgress} to make every created call ring, be answered (or busy, ...) and send Twilio's
 * webhooks and status callbacks. {@link #timeline()} measures pacing, duplicates and concurrency.
 * Use {@link #restClient()} to drive it with the real SDK. Thread-safe.
 */
public final class TwilioRestEmulator implements AutoCloseable {

    public static final String NAME = "twilio-rest-emulator";
    public static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String DEFAULT_AUTH_TOKEN = "emulator-auth-token";

    private static final Pattern CALLS = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json");
    private static final Pattern CALL = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json");

    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final FaultInjector faults = new FaultInjector(503);
    private final AtomicInteger lostCreateResponses = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final CallStore store = new CallStore();
    private volatile Consumer<RestCall> onCreated = c -> { };
    private volatile CallLifecycleHook hook;
    private final List<Consumer<CallUpdate>> updateListeners = new CopyOnWriteArrayList<>();

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

    /**
     * The next {@code n} valid creates do create the call (it exists, is listed and progresses) but the answer is
     * lost: the connection is cut mid-response, as when the network fails after Twilio acted. The SDK throws an
     * {@code ApiException} and does not retry; the caller must find out with a list or fetch whether it dialed.
     */
    public void loseNextCreateResponses(int n) {
        lostCreateResponses.set(Math.max(0, n));
    }

    /** Called (on the request thread, after the 201 is decided) for each call created. */
    public void onCallCreated(Consumer<RestCall> listener) {
        this.onCreated = listener == null ? c -> { } : listener;
    }

    public int requestCount() {
        return requests.get();
    }

    /** Calls created, in creation order, as they stand now. */
    public List<RestCall> createdCalls() {
        return store.inCreationOrder();
    }

    public Optional<RestCall> call(String sid) {
        return store.get(sid);
    }

    /** When, where to and how long each call lived: pacing, duplicates and concurrency measurements. */
    public CallTimeline timeline() {
        return store.timeline();
    }

    /**
     * Adds a listener called (on the request thread, before the answer is written; it must not block) after each
     * successful {@code POST .../Calls/{Sid}.json}. Listeners survive {@link #reset()}; close the returned handle to
     * remove this one.
     */
    public AutoCloseable addCallUpdateListener(Consumer<CallUpdate> listener) {
        updateListeners.add(listener);
        return () -> updateListeners.remove(listener);
    }

    /**
     * Makes an {@code in-progress} call known to the API as if Twilio had connected it: an inbound call
     * ({@code direction} {@code inbound}) from {@code from} to {@code to}, so that fetching, hanging up
     * ({@code Status=completed}) or redirecting it works. Does nothing when the SID is already known.
     *
     * @return the call as stored
     */
    public RestCall registerLiveCall(String callSid, String from, String to) {
        Optional<RestCall> known = store.get(callSid);
        if (known.isPresent()) {
            return known.get();
        }
        ZonedDateTime now = now();
        RestCall call = new RestCall(callSid, accountSid, to, from, "in-progress", null, null, null, List.of(), null,
                null, 60, false, now, now, Map.of("Direction", List.of("inbound")), null, now, null, null, Instant.now());
        store.add(call, System.nanoTime());
        return call;
    }

    /** Moves a call to another status, as the network would (ringing, in-progress, completed, busy, ...). */
    public RestCall setStatus(String sid, String status) {
        RestCall updated = store.update(sid, c -> c.withStatus(status, now())).orElse(null);
        notifyChanged(sid);
        return updated;
    }

    /** Forgets every call and clears faults and the creation listener (an attached progress stays attached). */
    public void reset() {
        faults.reset();
        lostCreateResponses.set(0);
        requests.set(0);
        store.clear();
        onCreated = c -> { };
        CallLifecycleHook h = hook;
        if (h != null) {
            h.reset();
        }
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }

    CallStore store() {
        return store;
    }

    synchronized void attach(CallLifecycleHook progress) {
        if (hook != null) {
            throw new IllegalStateException("a TwilioCallProgress is already attached to this emulator: close it first");
        }
        hook = progress;
    }

    synchronized void detach(CallLifecycleHook progress) {
        if (hook == progress) {
            hook = null;
        }
    }

    private void notifyChanged(String sid) {
        CallLifecycleHook h = hook;
        if (h != null) {
            h.changed(sid);
        }
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
            } else if (all.matches() && accountSid.equals(all.group(1)) && "GET".equals(method)) {
                list(exchange, path);
            } else if (one.matches() && accountSid.equals(one.group(1)) && "GET".equals(method)) {
                Optional<RestCall> c = store.get(one.group(2));
                if (c.isEmpty()) {
                    notFound(exchange, path);
                } else {
                    send(exchange, 200, TwilioRestJson.call(c.get()));
                }
            } else if (one.matches() && accountSid.equals(one.group(1)) && "POST".equals(method)) {
                update(exchange, path, one.group(2), form);
            } else if (one.matches() && accountSid.equals(one.group(1)) && "DELETE".equals(method)) {
                if (!store.remove(one.group(2))) {
                    notFound(exchange, path);
                } else {
                    notifyChanged(one.group(2));
                    HttpExchanges.send(exchange, 204, "application/json", new byte[0], NAME);
                }
            } else {
                notFound(exchange, path);
            }
        }
    }

    private void create(HttpExchange exchange, List<Map.Entry<String, String>> form) throws IOException {
        long createdNanos = System.nanoTime();
        CallCreateRequest.Outcome outcome = CallCreateRequest.parse(form, accountSid, now(), Instant.now());
        if (outcome.call() == null) {
            send(exchange, 400, TwilioRestJson.error(400, outcome.errorCode(), outcome.errorMessage()));
            return;
        }
        RestCall call = outcome.call();
        store.add(call, createdNanos);
        // registered before the answer so a client may await the call's progress as soon as it has the SID;
        // started after it, so callbacks normally follow the 201 as with Twilio
        CallLifecycleHook h = hook;
        if (h != null) {
            h.created(call);
        }
        try {
            if (lostCreateResponses.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
                sendTruncated(exchange, TwilioRestJson.call(call));
            } else {
                send(exchange, 201, TwilioRestJson.call(call));
            }
        } finally {
            onCreated.accept(call);
            if (h != null) {
                h.answered(call.sid());
            }
        }
    }

    private void list(HttpExchange exchange, String path) throws IOException {
        List<Map.Entry<String, String>> query = HttpExchanges.parseForm(exchange.getRequestURI().getRawQuery());
        try {
            send(exchange, 200, CallListQuery.answer(path, store.inCreationOrder(), query));
        } catch (CallListQuery.BadQueryException e) {
            send(exchange, 400, TwilioRestJson.error(400, 20001, e.getMessage()));
        }
    }

    private void update(HttpExchange exchange, String path, String sid, List<Map.Entry<String, String>> form) throws IOException {
        Map<String, List<String>> p = CallCreateRequest.group(form);
        String status = CallCreateRequest.first(p, "Status");
        String url = CallCreateRequest.first(p, "Url");
        String twiml = CallCreateRequest.first(p, "Twiml");
        if (status != null && !status.equals("canceled") && !status.equals("completed")) {
            send(exchange, 400, TwilioRestJson.error(400, 21218, "Invalid Status: " + status + " (canceled or completed)"));
            return;
        }
        boolean redirect = url != null || twiml != null;
        RestCall[] before = new RestCall[1];
        Optional<RestCall> updated = store.update(sid, c -> {
            before[0] = c;
            return redirect && c.ended() ? c : applyUpdate(c, status, url, twiml);
        });
        if (updated.isEmpty()) {
            notFound(exchange, path);
        } else if (redirect && before[0].ended()) {
            send(exchange, 400, TwilioRestJson.error(400, 21220, "Call is not in-progress. Cannot redirect."));
        } else {
            notifyChanged(sid);
            CallUpdate change = new CallUpdate(sid, status, url, twiml, before[0], updated.get());
            for (Consumer<CallUpdate> listener : updateListeners) {
                try {
                    listener.accept(change);
                } catch (RuntimeException e) {
                    // a listener's failure is the test's business, not the REST client's: Twilio answers anyway
                }
            }
            send(exchange, 200, TwilioRestJson.call(updated.get()));
        }
    }

    private static RestCall applyUpdate(RestCall c, String status, String url, String twiml) {
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
        return updated;
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

    /**
     * Announces the whole 201 body, writes half of it and cuts the connection: the client sees a broken answer. The
     * JDK server closes the connection only when the handler throws, so this throws on purpose.
     */
    private static void sendTruncated(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.getResponseHeaders().set(HttpExchanges.EMULATOR_HEADER, NAME);
        exchange.sendResponseHeaders(201, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new LostResponse();
    }

    /** Unwinds the handler so the server drops the connection mid-answer. */
    private static final class LostResponse extends RuntimeException {
        LostResponse() {
            super("create answer cut on purpose (loseNextCreateResponses)", null, false, false);
        }
    }

    static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
    }
}
