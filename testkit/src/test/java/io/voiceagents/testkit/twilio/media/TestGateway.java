package io.voiceagents.testkit.twilio.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket server playing the application's side (the call gateway) in tests: accepts or refuses upgrades,
 * records every message with its arrival time, and sends what the test tells it to.
 */
public final class TestGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message received, with its {@link System#nanoTime()}. */
    public record Received(JsonNode json, String raw, long atNanos) {
    }

    /** One accepted connection. */
    public static final class Connection {
        private final ServerWebSocket ws;
        private final MultiMap headers;
        private final List<Received> received = new ArrayList<>();
        private final CompletableFuture<Short> closed = new CompletableFuture<>();

        Connection(ServerWebSocket ws) {
            this.ws = ws;
            this.headers = ws.headers();
            ws.textMessageHandler(text -> {
                long now = System.nanoTime();
                JsonNode json;
                try {
                    json = JSON.readTree(text);
                } catch (Exception e) {
                    json = null;
                }
                synchronized (this) {
                    received.add(new Received(json, text, now));
                    notifyAll();
                }
            });
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
        }

        public String header(String name) {
            return headers.get(name);
        }

        public String path() {
            return ws.path();
        }

        public void send(String text) {
            ws.writeTextMessage(text);
        }

        public void sendBinary(byte[] data) {
            ws.writeBinaryMessage(Buffer.buffer(data));
        }

        public void close(short code, String reason) {
            ws.close(code, reason);
        }

        public synchronized List<Received> received() {
            return List.copyOf(received);
        }

        /** Messages whose {@code field} (e.g. "event" or "type") equals {@code value}. */
        public synchronized List<Received> where(String field, String value) {
            return received.stream().filter(r -> r.json() != null && value.equals(r.json().path(field).asText()))
                    .toList();
        }

        /** Waits until {@code count} messages match, and returns them. */
        public synchronized List<Received> await(Predicate<JsonNode> match, int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<Received> hits = received.stream().filter(r -> r.json() != null && match.test(r.json())).toList();
                if (hits.size() >= count) {
                    return hits;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + hits.size() + " of " + count + " messages arrived; got "
                            + received.size() + " in all");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        public Received awaitFirst(String field, String value, Duration timeout) {
            return await(j -> value.equals(j.path(field).asText()), 1, timeout).get(0);
        }

        /** Completes with the close status code when the socket closes. */
        public CompletableFuture<Short> closed() {
            return closed;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final LinkedBlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private volatile Predicate<MultiMap> accept = h -> true;

    public TestGateway() {
        server = vertx.createHttpServer().webSocketHandler(ws -> {
            if (!accept.test(ws.headers())) {
                ws.reject(403);
                return;
            }
            connections.add(new Connection(ws));
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test gateway did not start", e);
        }
    }

    public String url(String path) {
        return "ws://127.0.0.1:" + server.actualPort() + path;
    }

    /** Upgrades whose headers fail {@code rule} are answered 403. */
    public void acceptOnly(Predicate<MultiMap> rule) {
        this.accept = rule;
    }

    public Connection awaitConnection(Duration timeout) {
        try {
            Connection c = connections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new AssertionError("no connection within " + timeout);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
