package io.voiceagents.testkit.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voiceagents.testkit.support.FaultInjector;
import io.voiceagents.testkit.support.HttpExchanges;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emulates the Google AI Gemini REST API ({@code https://generativelanguage.googleapis.com/v1beta}) as
 * langchain4j's {@code GoogleAiGeminiChatModel} / {@code GoogleAiGeminiStreamingChatModel} call it:
 * <ul>
 *   <li>{@code POST {base}/models/{model}:generateContent} → a {@code GenerateContentResponse} with one
 *       candidate (role {@code model}), {@code finishReason: STOP} and {@code usageMetadata};</li>
 *   <li>{@code POST {base}/models/{model}:streamGenerateContent?alt=sse} → the same answer as server-sent
 *       events ({@code data: {...}}), a few words per event, the last one carrying finishReason and usage.
 *       {@link #setStreamTiming} paces them like a real model (time to first token, then time per chunk);
 *       {@link #failStreamAfterChunks} drops the connection mid-answer.</li>
 * </ul>
 * When the request declares the functions {@code end_call} / {@code transfer_call} and the caller says goodbye or
 * asks for a person, the answer is a short text part plus a {@code functionCall} part (see
 * {@link GeminiReplyPolicy#functionCall}); in a stream the function call comes with the last event.
 * {@link #setAnswerSuffix} lengthens text answers (e.g. to several sentences).
 * The API key must come in the {@code x-goog-api-key} header (what langchain4j sends) or the {@code key} query
 * parameter; without one the answer is Google's 403 {@code PERMISSION_DENIED}. With {@link #requireApiKey(String)}
 * a different key gets Google's 400 {@code INVALID_ARGUMENT} "API key not valid".
 * Answers come from {@link GeminiReplyPolicy} and start with {@code [gemini-emulator]}; responses also carry
 * the {@code X-Emulator: gemini-emulator} header and a {@code modelVersion} ending in {@code -emulator}.
 * Injected failures answer Google's error JSON (500 INTERNAL by default, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE).
 * Thread-safe.
 */
public final class GeminiEmulator implements AutoCloseable {

    /** Name used in the {@code X-Emulator} header. */
    public static final String NAME = "gemini-emulator";
    /** Path prefix of {@link #baseUrl()}, mirroring Google's API version segment. */
    public static final String API_PREFIX = "/v1beta";

    private static final Pattern PATH = Pattern.compile(".*/models/([^/:]+):(generateContent|streamGenerateContent)$");
    private static final int MAX_KEPT_BODIES = 200;
    /** Words per streamed event: about what Gemini sends per chunk for short answers. */
    public static final int WORDS_PER_CHUNK = 3;
    private static final Duration BREAK_DELAY = Duration.ofMillis(100);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final FaultInjector faults = new FaultInjector(500);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong responseIds = new AtomicLong();
    private final List<String> bodies = new ArrayList<>();
    private final List<String> models = new ArrayList<>();
    private volatile String requiredApiKey;
    private volatile Duration firstTokenDelay = Duration.ZERO;
    private volatile Duration chunkInterval = Duration.ZERO;
    private volatile String answerSuffix = "";
    private volatile boolean functionCallText = true;
    private final AtomicInteger breakNextStreamAfter = new AtomicInteger(-1);
    private final AtomicInteger abandonedStreams = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger brokenStreams = new AtomicInteger();
    private final AtomicInteger streamChunksSent = new AtomicInteger();
    /** When each event of the latest streamed answer was written, in ms after its response headers. */
    private volatile List<Long> lastStreamEventMillis = List.of();

    private GeminiEmulator(int port) {
        server = HttpExchanges.loopbackServer(port);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the emulator on 127.0.0.1 ({@code port} 0 picks a free port). */
    public static GeminiEmulator start(int port) {
        return new GeminiEmulator(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Value for {@code GoogleAiGeminiChatModel.builder().baseUrl(...)}, replacing {@code https://generativelanguage.googleapis.com/v1beta}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + API_PREFIX;
    }

    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    /** The next {@code n} generate calls fail with HTTP 500 INTERNAL. */
    public void failNext(int n) {
        faults.failNext(n);
    }

    /** The next {@code n} generate calls fail with the given HTTP status (e.g. 429, 503) and Google's matching error JSON. */
    public void failNext(int n, int httpStatus) {
        faults.failNext(n, httpStatus);
    }

    /** While true every generate call fails with HTTP 500. */
    public void setFailing(boolean failing) {
        faults.setFailing(failing);
    }

    /**
     * Paces streamed answers: the first event goes {@code firstToken} after the response headers (which follow
     * {@link #setLatency}), then one event every {@code perChunk}. Zero for both sends everything at once.
     */
    public void setStreamTiming(Duration firstToken, Duration perChunk) {
        this.firstTokenDelay = firstToken == null || firstToken.isNegative() ? Duration.ZERO : firstToken;
        this.chunkInterval = perChunk == null || perChunk.isNegative() ? Duration.ZERO : perChunk;
    }

    /**
     * The next streamed answer sends {@code n} events and then the connection drops (no finish reason, no
     * end of the chunked body): the client sees an I/O error mid-stream. 0 breaks it before the first event;
     * an {@code n} past the answer's length still withholds the last event.
     */
    public void failStreamAfterChunks(int n) {
        breakNextStreamAfter.set(Math.max(0, n));
    }

    /** Appended (after a space) to every text answer, e.g. more sentences; empty for none. */
    public void setAnswerSuffix(String suffix) {
        this.answerSuffix = suffix == null ? "" : suffix.strip();
    }

    /** When false, a function-call answer has no text part: the model only calls the function. Default true. */
    public void setFunctionCallText(boolean withText) {
        this.functionCallText = withText;
    }

    /** Streams the client closed before their last event (e.g. a cancelled request), since start or reset. */
    /** Streamed answers being written right now (a client that hung up is noticed at the next event). */
    public int openStreams() {
        return openStreams.get();
    }

    public int abandonedStreams() {
        return abandonedStreams.get();
    }

    /** Streams broken on purpose by {@link #failStreamAfterChunks}, since start or reset. */
    public int brokenStreams() {
        return brokenStreams.get();
    }

    /**
     * When each event of the latest streamed answer was written, in milliseconds after its response headers: the
     * emulator's own pacing, free of the client's scheduling (a loaded test machine delays reading, not sending).
     */
    public List<Long> lastStreamEventMillis() {
        return List.copyOf(lastStreamEventMillis);
    }

    /** Stream events written successfully, over all streams, since start or reset. */
    public int streamChunksSent() {
        return streamChunksSent.get();
    }

    /** Only this key is accepted (null: any non-blank key). */
    public void requireApiKey(String apiKey) {
        this.requiredApiKey = apiKey;
    }

    /** Number of generate calls received (including failed and rejected ones) since start or {@link #reset()}. */
    public int requestCount() {
        return requests.get();
    }

    /** Raw JSON bodies of the generate calls received, oldest first (the last 200). */
    public synchronized List<String> receivedBodies() {
        return List.copyOf(bodies);
    }

    /** The last body received, parsed, or null when none. */
    public synchronized JsonNode lastRequest() {
        if (bodies.isEmpty()) {
            return null;
        }
        try {
            return json.readTree(bodies.get(bodies.size() - 1));
        } catch (IOException e) {
            return null;
        }
    }

    /** Model names from the request paths, in order. */
    public synchronized List<String> receivedModels() {
        return List.copyOf(models);
    }

    /** Clears recorded requests, counters, latency, failures, stream settings, answer suffix and required key. */
    public synchronized void reset() {
        faults.reset();
        requests.set(0);
        bodies.clear();
        models.clear();
        requiredApiKey = null;
        firstTokenDelay = Duration.ZERO;
        chunkInterval = Duration.ZERO;
        answerSuffix = "";
        functionCallText = true;
        breakNextStreamAfter.set(-1);
        abandonedStreams.set(0);
        brokenStreams.set(0);
        streamChunksSent.set(0);
        lastStreamEventMillis = List.of();
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            respond(exchange);
        } catch (BrokenStream broken) {
            // Leaving without closing the exchange makes the server drop the connection: the chunked body
            // never ends, which is how a connection lost mid-answer looks to the client.
            throw broken;
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
        exchange.close();
    }

    private void respond(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher m = PATH.matcher(path);
        if (!m.matches() || !path.startsWith(API_PREFIX + "/")) {
            sendError(exchange, 404, "NOT_FOUND", "Requested entity was not found: " + path);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendError(exchange, 405, "METHOD_NOT_ALLOWED", "Method " + exchange.getRequestMethod() + " not allowed");
            return;
        }
        String body = HttpExchanges.readBody(exchange);
        requests.incrementAndGet();
        synchronized (this) {
            bodies.add(body);
            models.add(m.group(1));
            if (bodies.size() > MAX_KEPT_BODIES) {
                bodies.remove(0);
                models.remove(0);
            }
        }
        String key = apiKey(exchange);
        if (key == null || key.isBlank()) {
            sendError(exchange, 403, "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
            return;
        }
        String required = requiredApiKey;
        if (required != null && !required.equals(key)) {
            sendError(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
            return;
        }
        faults.applyLatency();
        int failure = faults.nextFailure();
        if (failure != FaultInjector.NO_FAILURE) {
            sendError(exchange, failure, statusName(failure), "Injected failure");
            return;
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            sendError(exchange, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + e.getMessage());
            return;
        }
        if (request == null || !request.path("contents").isArray() || request.path("contents").isEmpty()) {
            sendError(exchange, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
            return;
        }
        String function = GeminiReplyPolicy.functionCall(request);
        String answer = function == null ? withSuffix(GeminiReplyPolicy.answer(request))
                : functionCallText ? GeminiReplyPolicy.functionCallText(function) : "";
        String model = m.group(1);
        int promptTokens = tokens(GeminiReplyPolicy.systemText(request)) + tokens(request.path("contents").toString());
        if ("streamGenerateContent".equals(m.group(2))) {
            stream(exchange, model, answer, function, promptTokens);
        } else {
            HttpExchanges.sendJson(exchange, 200,
                    json.writeValueAsString(response(model, answer, function, true, promptTokens)), NAME);
        }
    }

    private String withSuffix(String answer) {
        String suffix = answerSuffix;
        return suffix.isEmpty() ? answer : answer + " " + suffix;
    }

    private void stream(HttpExchange exchange, String model, String answer, String function, int promptTokens)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set(HttpExchanges.EMULATOR_HEADER, NAME);
        exchange.sendResponseHeaders(200, 0);
        long headersSent = System.nanoTime();
        List<Long> eventMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
        lastStreamEventMillis = eventMillis;
        List<String> pieces = chunks(answer);
        int requested = breakNextStreamAfter.getAndSet(-1);
        // A broken stream never gets to its last event (the one with the finish reason).
        int breakAfter = requested < 0 ? -1 : Math.min(requested, pieces.size() - 1);
        OutputStream out = exchange.getResponseBody();
        openStreams.incrementAndGet();
        try {
            pause(firstTokenDelay);
            for (int i = 0; i < pieces.size(); i++) {
                if (i == breakAfter) {
                    // The connection dies when the next event was due (at least a moment after the last bytes it
                    // carried: dropped at once, the client may lose events it had not read yet).
                    pause(chunkInterval.compareTo(BREAK_DELAY) > 0 ? chunkInterval : BREAK_DELAY);
                    brokenStreams.incrementAndGet();
                    throw new BrokenStream();
                }
                if (i > 0) {
                    pause(chunkInterval);
                }
                boolean last = i == pieces.size() - 1;
                writeEvent(out, response(model, pieces.get(i), last ? function : null, last, promptTokens));
                eventMillis.add((System.nanoTime() - headersSent) / 1_000_000);
                streamChunksSent.incrementAndGet();
            }
        } catch (IOException e) {
            abandonedStreams.incrementAndGet();
            throw e;
        } finally {
            openStreams.decrementAndGet();
        }
    }

    /** The answer in events of {@link #WORDS_PER_CHUNK} words; joined they give the answer exactly. */
    public static List<String> chunks(String answer) {
        List<String> chunks = new ArrayList<>();
        String[] words = answer.split("(?<= )");
        for (int i = 0; i < words.length; i += WORDS_PER_CHUNK) {
            chunks.add(String.join("", Arrays.copyOfRange(words, i, Math.min(words.length, i + WORDS_PER_CHUNK))));
        }
        if (chunks.isEmpty()) {
            chunks.add("");
        }
        return chunks;
    }

    private static void pause(Duration d) throws IOException {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("emulator stopped while streaming", e);
        }
    }

    private void writeEvent(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + json.writeValueAsString(chunk) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** @param function a function the model calls in this response (a functionCall part, as Gemini sends it), or null */
    private ObjectNode response(String model, String text, String function, boolean last, int promptTokens) {
        ObjectNode root = json.createObjectNode();
        ArrayNode candidates = root.putArray("candidates");
        ObjectNode candidate = candidates.addObject();
        ObjectNode content = candidate.putObject("content");
        ArrayNode parts = content.putArray("parts");
        if (!text.isEmpty() || function == null) {
            parts.addObject().put("text", text);
        }
        if (function != null) {
            ObjectNode call = parts.addObject().putObject("functionCall");
            call.put("name", function);
            call.putObject("args");
        }
        content.put("role", "model");
        candidate.put("index", 0);
        if (last) {
            candidate.put("finishReason", "STOP");
            int out = tokens(text);
            ObjectNode usage = root.putObject("usageMetadata");
            usage.put("promptTokenCount", promptTokens);
            usage.put("candidatesTokenCount", out);
            usage.put("totalTokenCount", promptTokens + out);
        }
        root.put("modelVersion", model + "-emulator");
        root.put("responseId", "emulated-" + responseIds.incrementAndGet());
        return root;
    }

    private void sendError(HttpExchange exchange, int code, String status, String message) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message + " (gemini-emulator)");
        error.put("status", status);
        HttpExchanges.sendJson(exchange, code, json.writeValueAsString(root), NAME);
    }

    private static String apiKey(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (header != null) {
            return header;
        }
        String query = exchange.getRequestURI().getRawQuery();
        for (var p : HttpExchanges.parseForm(query)) {
            if ("key".equals(p.getKey())) {
                return p.getValue();
            }
        }
        return null;
    }

    private static String statusName(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> "INVALID_ARGUMENT";
            case 403 -> "PERMISSION_DENIED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    /** Thrown out of the handler to drop the connection mid-stream (see {@link #handle}). */
    private static final class BrokenStream extends RuntimeException {

        BrokenStream() {
            super("gemini-emulator: stream broken on purpose", null, false, false);
        }
    }

    /** Rough token estimate (4 characters per token, as Google documents for English). */
    private static int tokens(String text) {
        return (text.length() + 3) / 4;
    }
}
