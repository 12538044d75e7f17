package io.voiceagents.testkit.twilio.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport under the callers: upgrade, ordering, whole messages, control frames and every way a socket ends. */
class TwilioWebSocketTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Vertx vertx = Vertx.vertx();
    private final TwilioSockets sockets = TwilioSockets.create(1, "twilio-ws-test");
    private final Events events = new Events();

    @AfterEach
    void stop() throws Exception {
        sockets.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Everything the handler hears, in order, as strings ("text:…", "binary:3", "closed:1000:…", "failure:…"). */
    private static final class Events implements TwilioWebSocket.Handler {
        final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();

        @Override
        public void onText(String message) {
            heard.add("text:" + message);
        }

        @Override
        public void onBinary(int bytes) {
            heard.add("binary:" + bytes);
        }

        @Override
        public void onClosed(int code, String reason) {
            heard.add("closed:" + code + ":" + reason);
        }

        @Override
        public void onFailure(Throwable error) {
            heard.add("failure:" + error);
        }

        String next() throws InterruptedException {
            String e = heard.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an event within " + TIMEOUT).isNotNull();
            return e;
        }
    }

    private <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A WebSocket server handing each accepted socket to the test. */
    private String server(HttpServerOptions options, LinkedBlockingQueue<ServerWebSocket> accepted) throws Exception {
        HttpServer server = vertx.createHttpServer(options).webSocketHandler(accepted::add);
        return "ws://127.0.0.1:" + await(server.listen(0, "127.0.0.1")).actualPort() + "/twilio/media";
    }

    /** Our socket and the server's end of it. */
    private record Connected(TwilioWebSocket socket, ServerWebSocket server) {
    }

    private Connected connected(HttpServerOptions options) throws Exception {
        LinkedBlockingQueue<ServerWebSocket> accepted = new LinkedBlockingQueue<>();
        TwilioWebSocket socket = connect(server(options, accepted));
        return new Connected(socket, accepted.poll(10, TimeUnit.SECONDS));
    }

    private TwilioWebSocket connect(String url) throws Exception {
        return connectAsync(url).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<TwilioWebSocket> connectAsync(String url) {
        return TwilioWebSocket.connect(sockets, URI.create(url), "wss://voice.example.com/twilio/media", "token",
                SignatureMode.VALID, TIMEOUT, events);
    }

    @Test
    void messagesSentFromManyThreadsAndTheLoopLeaveInTheOrderOfEachSender() throws Exception {
        Connected c = connected(new HttpServerOptions());
        TwilioWebSocket socket = c.socket();
        ServerWebSocket ws = c.server();
        List<String> received = new ArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        int senders = 4;
        int each = 500;
        ws.textMessageHandler(text -> {
            received.add(text);
            if (received.size() == (senders + 1) * each) {
                all.complete(null);
            }
        });

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            String name = "t" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    socket.send(name + ":" + i);
                }
            }));
        }
        socket.executor().execute(() -> {
            for (int i = 0; i < each; i++) {
                socket.send("loop:" + i);
            }
        });
        for (Thread t : threads) {
            t.join();
        }

        all.get(10, TimeUnit.SECONDS);
        for (String sender : List.of("t0", "t1", "t2", "t3", "loop")) {
            List<String> mine = received.stream().filter(m -> m.startsWith(sender + ":")).toList();
            assertThat(mine).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(mine.get(i)).isEqualTo(sender + ":" + i);
            }
        }
        assertThat(socket.maxBacklog()).isPositive();
    }

    @Test
    void aMessageInManyFramesArrivesWholeAndPingsAreAnswered() throws Exception {
        ServerWebSocket ws = connected(new HttpServerOptions().setMaxWebSocketFrameSize(16 * 1024)).server();
        CompletableFuture<String> pong = new CompletableFuture<>();
        ws.pongHandler(b -> pong.complete(b.toString()));

        String big = "é".repeat(100_000);
        ws.writeTextMessage(big);
        ws.writeBinaryMessage(Buffer.buffer(new byte[]{1, 2, 3}));
        ws.writePing(Buffer.buffer("are you there"));

        assertThat(events.next()).isEqualTo("text:" + big);
        assertThat(events.next()).isEqualTo("binary:3");
        assertThat(pong.get(10, TimeUnit.SECONDS)).isEqualTo("are you there");
    }

    @Test
    void theApplicationsCloseIsReportedWithItsCodeAndReasonAndAnswered() throws Exception {
        Connected c = connected(new HttpServerOptions());
        TwilioWebSocket socket = c.socket();
        ServerWebSocket ws = c.server();

        await(ws.close((short) 1008, "invalid call token"));

        assertThat(events.next()).isEqualTo("closed:1008:invalid call token");
        socket.send("too late");
        assertThat(events.heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void ourCloseGoesAfterTheQueuedMessagesAndTheAnswerIsReported() throws Exception {
        Connected c = connected(new HttpServerOptions());
        TwilioWebSocket socket = c.socket();
        ServerWebSocket ws = c.server();
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ws.textMessageHandler(seen::add);
        ws.closeHandler(v -> seen.add("close:" + ws.closeStatusCode()));

        socket.send("stop");
        socket.close(1000, "");
        socket.send("after the close");

        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("stop");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("close:1000");
        assertThat(events.next()).isEqualTo("closed:1000:");
        assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    /** A server that upgrades by hand, then does what {@code after} says with the raw connection. */
    private String rawServer(java.util.function.Consumer<NetSocket> after) throws Exception {
        NetServer server = vertx.createNetServer().connectHandler(s -> {
            StringBuilder request = new StringBuilder();
            s.handler(b -> {
                request.append(b.toString(StandardCharsets.ISO_8859_1));
                if (request.indexOf("\r\n\r\n") >= 0) {
                    s.handler(null);
                    String key = request.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                            .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
                    s.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").onComplete(v -> after.accept(s));
                }
            });
        });
        return "ws://127.0.0.1:" + await(server.listen(0, "127.0.0.1")).actualPort() + "/twilio/media";
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aConnectionDroppedWithoutACloseIsAFailureAndACloseWithoutACodeIs1005() throws Exception {
        connect(rawServer(NetSocket::close));
        assertThat(events.next()).startsWith("failure:").contains("without a close handshake");

        // a Close frame with no payload, then nothing
        connect(rawServer(s -> s.write(Buffer.buffer(new byte[]{(byte) 0x88, 0}))));
        assertThat(events.next()).isEqualTo("closed:1005:");
    }

    @Test
    void anAbortDropsTheConnectionAndTheHandlerHearsNothingMore() throws Exception {
        Connected c = connected(new HttpServerOptions());
        TwilioWebSocket socket = c.socket();
        ServerWebSocket ws = c.server();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));

        socket.abort();

        assertThat(closed.get(10, TimeUnit.SECONDS)).as("no Close frame: no code").isIn(null, (short) 1006);
        assertThat(events.heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aRefusedUpgradeCarriesItsStatusAndBody() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(403)
                .end("invalid signature"));
        int port = await(server.listen(0, "127.0.0.1")).actualPort();

        assertThatThrownBy(() -> connect("ws://127.0.0.1:" + port + "/twilio/media"))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(StreamConnectException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("answered HTTP 403", "invalid signature");
                });
    }

    @Test
    void noServerAndNoAnswerFailWithoutAStatus() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> connect("ws://127.0.0.1:" + closedPort + "/twilio/media"))
                .cause().isInstanceOfSatisfying(StreamConnectException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(-1));

        try (ServerSocket silent = new ServerSocket(0)) {
            CompletableFuture<TwilioWebSocket> f = TwilioWebSocket.connect(sockets,
                    URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/twilio/media"), "wss://x/y", "token",
                    SignatureMode.VALID, Duration.ofMillis(300), events);
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(StreamConnectException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(-1);
                        assertThat(e.getMessage()).contains("no answer to the upgrade");
                    });
        }
    }
}
