package io.voiceagents.testkit.twilio.media;

import io.voiceagents.testkit.twilio.TwilioSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Twilio's end of one WebSocket (Media Streams or ConversationRelay), on the JDK's {@link WebSocket}: a signed
 * upgrade, whole text messages in, and an outbox that keeps the JDK's rule of one send in flight while callers may
 * send from any thread. Messages leave in the order {@link #send} was called. No thread of its own: callbacks run
 * on the {@link HttpClient}'s executor.
 */
public final class TwilioWebSocket {

    /** The User-Agent Twilio's media servers send on the upgrade. */
    public static final String USER_AGENT = "Twilio.TmeWs/1.0";

    /** What the socket reports; called sequentially for one socket, never concurrently. */
    public interface Handler {

        /** A whole text message from the application. */
        void onText(String message);

        /** A binary message: Twilio's protocols are text only. */
        void onBinary(int bytes);

        /** The application closed the socket (or answered our close). */
        void onClosed(int code, String reason);

        /** The connection broke (or a send failed). */
        void onFailure(Throwable error);
    }

    private final Handler handler;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private WebSocket ws;
    private boolean sending;
    private boolean closeRequested;
    private boolean closeSent;
    private boolean dead;
    private int closeCode;
    private String closeReason;
    private int maxBacklog;

    private TwilioWebSocket(Handler handler) {
        this.handler = handler;
    }

    /**
     * Opens the socket at {@code connectUri} (e.g. {@code ws://127.0.0.1:8080/twilio/media}) with
     * {@code X-Twilio-Signature} computed over {@code signedUrl} (the public {@code wss://} URL Twilio was given) with
     * no parameters, as Twilio signs stream upgrades. Fails with {@link StreamConnectException}.
     */
    public static CompletableFuture<TwilioWebSocket> connect(HttpClient http, URI connectUri, String signedUrl,
                                                             String authToken, SignatureMode mode, Duration timeout,
                                                             Handler handler) {
        TwilioWebSocket socket = new TwilioWebSocket(handler);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout).header("User-Agent", USER_AGENT);
        if (mode == SignatureMode.VALID) {
            builder.header(TwilioSignature.HEADER, TwilioSignature.sign(authToken, signedUrl, Map.of()));
        } else if (mode == SignatureMode.FORGED) {
            builder.header(TwilioSignature.HEADER, TwilioSignature.sign(authToken + "-forged", signedUrl, Map.of()));
        }
        return builder.buildAsync(connectUri, socket.listener())
                .handle((ws, error) -> {
                    if (error != null) {
                        throw failure(connectUri, error);
                    }
                    synchronized (socket) {
                        socket.ws = ws;
                    }
                    socket.pump();
                    return socket;
                });
    }

    private static StreamConnectException failure(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            return new StreamConnectException("upgrade to " + uri + " answered HTTP " + status, status, cause);
        }
        return new StreamConnectException("cannot open " + uri + ": " + cause, -1, cause);
    }

    /** Queues a text message; dropped silently once the socket is closing or dead. */
    public void send(String text) {
        synchronized (this) {
            if (closeRequested || dead) {
                return;
            }
            queue.add(text);
            maxBacklog = Math.max(maxBacklog, queue.size());
        }
        pump();
    }

    /** Sends a Close after the queued messages. */
    public void close(int code, String reason) {
        synchronized (this) {
            if (closeRequested || dead) {
                return;
            }
            closeRequested = true;
            closeCode = code;
            closeReason = reason;
        }
        pump();
    }

    /** Drops the connection without a close handshake. */
    public void abort() {
        WebSocket w;
        synchronized (this) {
            dead = true;
            queue.clear();
            w = ws;
        }
        if (w != null) {
            w.abort();
        }
    }

    /** Messages waiting for the socket right now. */
    public synchronized int backlog() {
        return queue.size();
    }

    /** Most messages ever waiting at once: above a few, the application reads slower than Twilio writes. */
    public synchronized int maxBacklog() {
        return maxBacklog;
    }

    private void pump() {
        while (true) {
            String next;
            WebSocket w;
            boolean sendClose = false;
            synchronized (this) {
                if (sending || dead || ws == null) {
                    return;
                }
                next = queue.poll();
                if (next == null) {
                    if (!closeRequested || closeSent) {
                        return;
                    }
                    closeSent = true;
                    sendClose = true;
                }
                sending = true;
                w = ws;
            }
            CompletableFuture<WebSocket> sent = sendClose ? w.sendClose(closeCode, closeReason) : w.sendText(next, true);
            if (!sent.isDone()) {
                sent.whenComplete((x, error) -> {
                    sent(error);
                    pump();
                });
                return;
            }
            sent(sent.isCompletedExceptionally() ? sent.handle((x, e) -> e).join() : null);
        }
    }

    private void sent(Throwable error) {
        synchronized (this) {
            sending = false;
            if (error == null || dead) {
                return;
            }
            dead = true;
            queue.clear();
        }
        handler.onFailure(error);
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    handler.onText(message);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                handler.onBinary(data.remaining());
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                synchronized (TwilioWebSocket.this) {
                    dead = true;
                    queue.clear();
                }
                handler.onClosed(statusCode, reason);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                synchronized (TwilioWebSocket.this) {
                    dead = true;
                    queue.clear();
                }
                handler.onFailure(error);
            }
        };
    }
}
