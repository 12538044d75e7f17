package io.voiceagents.gateway.support.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.testkit.twilio.TwilioSignature;

/**
 * Twilio's side of a Media Streams socket, with the JDK client: a signed upgrade, the messages Twilio sends,
 * and every message the gateway sends back. Marks are echoed as soon as they arrive (the audio "played"
 * instantly) unless told otherwise. The testkit's Media Streams caller will replace it in end-to-end tests.
 */
public final class MediaStreamClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Closed(int code, String reason) {
    }

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final Object sendLock = new Object();
    private final java.util.concurrent.ExecutorService echoes = java.util.concurrent.Executors.newSingleThreadExecutor();
    private volatile boolean echoMarks = true;
    private volatile String streamSid;

    private MediaStreamClient(URI uri, String signature) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (signature != null) {
            builder.header(TwilioSignature.HEADER, signature);
        }
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects with the signature Twilio would compute for this URL. */
    public static MediaStreamClient connect(String wsUrl, String authToken) {
        return new MediaStreamClient(URI.create(wsUrl), TwilioSignature.sign(authToken, wsUrl, java.util.Map.of()));
    }

    /** Connects with the given signature header (null: none). */
    public static MediaStreamClient connectSigned(String wsUrl, String signature) {
        return new MediaStreamClient(URI.create(wsUrl), signature);
    }

    public void echoMarks(boolean value) {
        this.echoMarks = value;
    }

    /** The JDK client allows one send at a time: the test thread and mark echoes take turns. */
    public void send(String text) {
        synchronized (sendLock) {
            socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    public void connected() {
        send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
    }

    public void start(String streamSid, String callSid, String token) {
        this.streamSid = streamSid;
        send("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"ACtest\",\"streamSid\":\"" + streamSid
                + "\",\"callSid\":\"" + callSid + "\",\"tracks\":[\"inbound\"],\"customParameters\":{\"token\":\"" + token
                + "\",\"extra\":\"x\"},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},"
                + "\"streamSid\":\"" + streamSid + "\",\"unknownField\":{\"nested\":true}}");
    }

    /** Sends audio as 20 ms media messages, as fast as the socket takes them. */
    public void audio(byte[] muLaw) {
        for (int offset = 0; offset + 160 <= muLaw.length; offset += 160) {
            byte[] frame = java.util.Arrays.copyOfRange(muLaw, offset, offset + 160);
            send("{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                    + "\"timestamp\":\"5\",\"payload\":\"" + Base64.getEncoder().encodeToString(frame) + "\"},\"streamSid\":\""
                    + streamSid + "\"}");
        }
    }

    public void silence(Duration duration) {
        byte[] quiet = new byte[(int) (duration.toMillis() * 8)];
        java.util.Arrays.fill(quiet, (byte) 0xFF);
        audio(quiet);
    }

    public void dtmf(char digit) {
        send("{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"sequenceNumber\":\"3\",\"dtmf\":{\"track\":\"inbound_track\","
                + "\"digit\":\"" + digit + "\"}}");
    }

    public void stop(String callSid) {
        send("{\"event\":\"stop\",\"sequenceNumber\":\"9\",\"streamSid\":\"" + streamSid + "\",\"stop\":{\"accountSid\":\"ACtest\","
                + "\"callSid\":\"" + callSid + "\"}}");
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    public List<JsonNode> received(String event) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode node : received) {
            if (event.equals(node.path("event").asText())) {
                matching.add(node);
            }
        }
        return matching;
    }

    public List<String> marks() {
        return received("mark").stream().map(n -> n.path("mark").path("name").asText()).toList();
    }

    /** Waits until a received message matches. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> received.stream().anyMatch(match));
        return received.stream().filter(match).findFirst().orElseThrow();
    }

    public Closed awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            synchronized (sendLock) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                        .join();
            }
        }
        socket.abort();
        echoes.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode node = JSON.readTree(partial.toString());
                    received.add(node);
                    if (echoMarks && "mark".equals(node.path("event").asText())) {
                        String echo = "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"" + streamSid
                                + "\",\"mark\":{\"name\":\"" + node.path("mark").path("name").asText() + "\"}}";
                        echoes.execute(() -> send(echo)); // in order, off the listener thread

                    }
                } catch (Exception e) {
                    received.add(JSON.createObjectNode().put("event", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }
}
