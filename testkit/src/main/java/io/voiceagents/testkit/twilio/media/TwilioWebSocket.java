package io.voiceagents.testkit.twilio.media;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Twilio's end of one WebSocket (Media Streams or ConversationRelay), on a Netty channel owned by one of a
 * {@link TwilioSockets}' event loops: a signed upgrade, whole text messages in, and ordered sends from any thread.
 *
 * <p>Why Netty rather than the JDK's WebSocket: an emulated call sends a frame every 20 ms and hears one as often, and
 * the JDK's client turned each into several thread hand-offs (one send in flight, its completion on an executor, the
 * selector on its own thread). Here the loop that owns the connection also runs the caller's pacing ({@link
 * #executor()}), so a frame sent from the loop is written and flushed at once; a send from any other thread is queued
 * and handed to the loop. Either way messages leave in the order {@link #send} was called.
 *
 * <p>No thread of its own: the {@link Handler} is called on the socket's loop, so it must not block.
 */
public final class TwilioWebSocket {

    /** The User-Agent Twilio's media servers send on the upgrade. */
    public static final String USER_AGENT = "Twilio.TmeWs/1.0";

    /** The close code reported for a Close frame without one (RFC 6455 7.1.5). */
    private static final int NO_STATUS_CODE = 1005;

    /** What the socket reports; called sequentially for one socket, never concurrently, on its loop. */
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
    private final EventLoop loop;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    // guarded by this; dead is also read without the lock to drop messages after an abort
    private Channel channel;
    private boolean open;
    private boolean drainScheduled;
    private boolean closeRequested;
    private boolean closeSent;
    private volatile boolean dead;
    private boolean reported;
    private int closeCode;
    private String closeReason;
    private int maxBacklog;
    // the loop's only
    private Throwable failure;

    TwilioWebSocket(Handler handler, EventLoop loop) {
        this.handler = handler;
        this.loop = loop;
    }

    /**
     * Opens the socket at {@code connectUri} (e.g. {@code ws://127.0.0.1:8080/twilio/media}) with
     * {@code X-Twilio-Signature} computed over {@code signedUrl} (the public {@code wss://} URL Twilio was given) with
     * no parameters, as Twilio signs stream upgrades, on the next of {@code sockets}' loops. {@code timeout} bounds the
     * connection and the upgrade together. The host name is resolved on the calling thread. Fails with {@link
     * StreamConnectException}: with the HTTP status when the upgrade was refused.
     */
    public static CompletableFuture<TwilioWebSocket> connect(TwilioSockets sockets, URI connectUri, String signedUrl,
                                                             String authToken, SignatureMode mode, Duration timeout,
                                                             Handler handler) {
        return TwilioUpgrade.connect(sockets, connectUri, signedUrl, authToken, mode, timeout, handler);
    }

    /** The socket's channel, as soon as it exists: an abort closes it from then on. */
    synchronized void attach(Channel channel) {
        this.channel = channel;
    }

    /** The channel's last handler, which opens the socket through {@code upgrade}. */
    ChannelHandler connection(TwilioUpgrade upgrade) {
        return new Connection(upgrade);
    }

    /** The loop this socket's I/O runs on: work scheduled there may send without a thread hand-off. */
    public ScheduledExecutorService executor() {
        return loop;
    }

    /** Queues a text message; dropped silently once the socket is closing or dead. */
    public void send(String text) {
        boolean direct = false;
        boolean drain = false;
        boolean onLoop = loop.inEventLoop();
        synchronized (this) {
            if (closeRequested || dead) {
                return;
            }
            if (open && onLoop && queue.isEmpty()) {
                direct = true;
                maxBacklog = Math.max(maxBacklog, 1 + onTheWire());
            } else {
                queue.add(text);
                maxBacklog = Math.max(maxBacklog, queue.size() + (onLoop ? onTheWire() : 0));
                drain = scheduleDrain();
            }
        }
        if (direct) {
            Channel c = channel;
            c.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(c.alloc(), text)), c.voidPromise());
        } else if (drain) {
            drain(onLoop);
        }
    }

    /** Sends a Close after the queued messages; the connection ends when the application answers it. */
    public void close(int code, String reason) {
        if (!WebSocketCloseStatus.isValidStatusCode(code)) {
            throw new IllegalArgumentException("not a close code an endpoint may send: " + code);
        }
        boolean drain;
        synchronized (this) {
            if (closeRequested || dead) {
                return;
            }
            closeRequested = true;
            closeCode = code;
            closeReason = reason;
            drain = scheduleDrain();
        }
        if (drain) {
            drain(loop.inEventLoop());
        }
    }

    /** Drops the connection without a close handshake; the handler hears nothing more. */
    public void abort() {
        Channel c;
        synchronized (this) {
            dead = true;
            reported = true;
            queue.clear();
            c = channel;
        }
        if (c != null) {
            c.close();
        }
    }

    /** Messages waiting for the socket right now: queued here, or written but not yet taken by the connection. */
    public synchronized int backlog() {
        return queue.size() + (loop.inEventLoop() ? onTheWire() : 0);
    }

    /** Most messages ever waiting at once: above a few, the application reads slower than Twilio writes. */
    public synchronized int maxBacklog() {
        return maxBacklog;
    }

    /** Writes the connection has not taken yet (the kernel's buffer is full); on the loop only. */
    private int onTheWire() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.size();
    }

    /** Under the lock: true when the caller must start a drain (the socket is open and none is pending). */
    private boolean scheduleDrain() {
        if (!open || drainScheduled) {
            return false;
        }
        drainScheduled = true;
        return true;
    }

    private void drain(boolean onLoop) {
        if (onLoop) {
            drain();
            return;
        }
        try {
            loop.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the pool is closing: its connections are being dropped
            synchronized (this) {
                dead = true;
                queue.clear();
            }
        }
    }

    /** On the loop: writes the queued messages (then the Close, if asked for) and flushes once. */
    private void drain() {
        Channel c;
        synchronized (this) {
            drainScheduled = false;
            c = channel;
        }
        boolean wrote = false;
        while (true) {
            String next;
            boolean sendClose = false;
            synchronized (this) {
                if (dead || !open) {
                    break;
                }
                next = queue.poll();
                if (next == null) {
                    if (!closeRequested || closeSent) {
                        break;
                    }
                    closeSent = true;
                    sendClose = true;
                }
            }
            if (sendClose) {
                c.write(new CloseWebSocketFrame(closeCode, closeReason), c.voidPromise());
                wrote = true;
                break;
            }
            c.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(c.alloc(), next)), c.voidPromise());
            wrote = true;
        }
        if (wrote) {
            c.flush();
        }
    }

    /** The application's Close: answered (unless it answers ours), the connection closed, and reported. */
    private void closeReceived(Channel c, int code, String reason) {
        boolean answer;
        synchronized (this) {
            dead = true;
            queue.clear();
            answer = !closeSent;
            closeSent = true;
        }
        if (answer) {
            CloseWebSocketFrame echo = code == NO_STATUS_CODE || !WebSocketCloseStatus.isValidStatusCode(code)
                    ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
            c.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
        } else {
            c.close();
        }
        if (report()) {
            handler.onClosed(code, reason);
        }
    }

    /** True the first time: the handler hears of the end once, and not at all after an abort. */
    private synchronized boolean report() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }

    /** The channel's last handler: the upgrade, then the application's frames. */
    private final class Connection extends ChannelInboundHandlerAdapter {

        private final TwilioUpgrade upgrade;

        Connection(TwilioUpgrade upgrade) {
            this.upgrade = upgrade;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            upgrade.request(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!upgrade.complete()) {
                try {
                    if (msg instanceof FullHttpResponse response && upgrade.accepted(ctx, response)) {
                        opened();
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
            if (msg instanceof PingWebSocketFrame ping) {
                // the pong carries the ping's payload, which it now owns
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content()), ctx.voidPromise());
                return;
            }
            try {
                if (dead) {
                    return;
                }
                if (msg instanceof TextWebSocketFrame text) {
                    handler.onText(text.text());
                } else if (msg instanceof BinaryWebSocketFrame binary) {
                    handler.onBinary(binary.content().readableBytes());
                } else if (msg instanceof CloseWebSocketFrame close) {
                    int code = close.statusCode();
                    closeReceived(ctx.channel(), code < 0 ? NO_STATUS_CODE : code, close.reasonText());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The upgrade was accepted: sends what was queued meanwhile, and completes the socket's future. */
        private void opened() {
            boolean drain;
            synchronized (TwilioWebSocket.this) {
                open = true;
                drain = !queue.isEmpty() || closeRequested ? scheduleDrain() : false;
            }
            upgrade.opened(TwilioWebSocket.this);
            if (drain) {
                drain();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!upgrade.failed(cause) && failure == null) {
                // reported when the connection is gone, after what was read before it
                failure = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (TwilioWebSocket.this) {
                dead = true;
                queue.clear();
            }
            if (!upgrade.closedEarly() && report()) {
                handler.onFailure(failure != null ? failure
                        : new IOException("the connection closed without a close handshake"));
            }
            ctx.fireChannelInactive();
        }
    }
}
