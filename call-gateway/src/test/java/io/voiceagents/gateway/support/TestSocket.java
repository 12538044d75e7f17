package io.voiceagents.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.voiceagents.testkit.twilio.TwilioSignature;

/** A WebSocket client for tests (java.net.http): frames received in order, and how the server closed. */
public final class TestSocket implements AutoCloseable {

    /** How long a test waits for one frame or the close. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    /** The server's close frame. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Opens a socket; a refused upgrade throws a CompletionException (cause: WebSocketHandshakeException). */
    public static TestSocket open(URI uri, Map<String, String> headers) {
        return new TestSocket(uri, headers);
    }

    /**
     * Opens {@code path} on the gateway as Twilio does: X-Twilio-Signature over the socket's public URL (the test
     * gateway's public base URL is plain http, so ws://), no params.
     */
    public static TestSocket openSignedByTwilio(String path) {
        URI ws = uri(path);
        String signature = TwilioSignature.sign(Webhooks.AUTH_TOKEN, ws.toString(), Map.of());
        return open(ws, Map.of(TwilioSignature.HEADER, signature));
    }

    /** ws:// URI of a gateway path. */
    public static URI uri(String pathAndQuery) {
        return URI.create(FakeBackendsResource.baseUrl().replaceFirst("^http", "ws") + pathAndQuery);
    }

    /** The HTTP status of a refused upgrade, or -1 when the socket opened. */
    public static int refusedStatus(URI uri, Map<String, String> headers) {
        try (TestSocket socket = open(uri, headers)) {
            return -1;
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void send(String frame) {
        socket.sendText(frame, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next frame; fails when none arrives in time. */
    public String next() {
        try {
            String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + WAIT + (closed.isDone() ? "; closed: " + closed.join() : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A frame already received and not yet read, else null (does not wait). */
    public String poll() {
        return frames.poll();
    }

    public Close awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }
}
