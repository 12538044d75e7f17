package io.voiceagents.testkit.twilio.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.ScheduledFuture;
import io.voiceagents.testkit.twilio.TwilioSignature;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The opening of one {@link TwilioWebSocket}: the connection (TLS for {@code wss://}) on the socket's loop, the
 * upgrade request signed as Twilio signs it, and the check of the application's answer, all within one deadline.
 * Completes the socket's future once it is open, or fails it with a {@link StreamConnectException}. Called on the
 * socket's loop once connected.
 */
final class TwilioUpgrade {

    /** Largest message taken in: the JDK's client had no limit, and a whole reply in one message is legal. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    /** Body of a refused upgrade kept for the error message. */
    private static final int MAX_REFUSAL_BYTES = 64 * 1024;

    private static SslContext tls;

    private final URI uri;
    private final WebSocketClientHandshaker handshaker;
    private final CompletableFuture<TwilioWebSocket> opened;

    private TwilioUpgrade(URI uri, WebSocketClientHandshaker handshaker, CompletableFuture<TwilioWebSocket> opened) {
        this.uri = uri;
        this.handshaker = handshaker;
        this.opened = opened;
    }

    /** See {@link TwilioWebSocket#connect}. */
    static CompletableFuture<TwilioWebSocket> connect(TwilioSockets sockets, URI connectUri, String signedUrl,
                                                      String authToken, SignatureMode mode, Duration timeout,
                                                      TwilioWebSocket.Handler handler) {
        CompletableFuture<TwilioWebSocket> opened = new CompletableFuture<>();
        String scheme = connectUri.getScheme() == null ? "" : connectUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || connectUri.getHost() == null) {
            opened.completeExceptionally(new StreamConnectException("cannot open " + connectUri
                    + ": not a ws:// or wss:// URL", -1, null));
            return opened;
        }
        boolean secure = scheme.equals("wss");
        String host = connectUri.getHost();
        int port = connectUri.getPort() != -1 ? connectUri.getPort() : secure ? 443 : 80;
        HttpHeaders headers = new DefaultHttpHeaders().add(HttpHeaderNames.USER_AGENT, TwilioWebSocket.USER_AGENT);
        if (mode == SignatureMode.VALID) {
            headers.add(TwilioSignature.HEADER, TwilioSignature.sign(authToken, signedUrl, Map.of()));
        } else if (mode == SignatureMode.FORGED) {
            headers.add(TwilioSignature.HEADER, TwilioSignature.sign(authToken + "-forged", signedUrl, Map.of()));
        }
        // no Origin header (Twilio sends none), masked frames as a client must, no extensions
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(connectUri,
                WebSocketVersion.V13, null, false, headers, MAX_MESSAGE_BYTES, true, false, -1, false, false);
        EventLoop loop = sockets.next();
        TwilioWebSocket socket = new TwilioWebSocket(handler, loop);
        InetSocketAddress address;
        SslContext sslContext;
        try {
            address = new InetSocketAddress(host, port);
            sslContext = secure ? tls() : null;
        } catch (RuntimeException | SSLException e) {
            opened.completeExceptionally(new StreamConnectException("cannot open " + connectUri + ": " + e, -1, e));
            return opened;
        }
        TwilioUpgrade upgrade = new TwilioUpgrade(connectUri, handshaker, opened);
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // known before anything can be read: the upgrade's answer may come before connect() returns
                        socket.attach(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (sslContext != null) {
                            p.addLast(sslContext.newHandler(ch.alloc(), host, port));
                        }
                        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_REFUSAL_BYTES),
                                socket.connection(upgrade));
                    }
                });
        Channel channel = bootstrap.connect(address).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(failure(connectUri, f.cause()));
            }
        }).channel();
        // an abort before the channel was registered closes it all the same
        socket.attach(channel);
        try {
            ScheduledFuture<?> deadline = loop.schedule(() -> {
                if (opened.completeExceptionally(new StreamConnectException("no answer to the upgrade at " + connectUri
                        + " within " + timeout.toMillis() + " ms", -1, null))) {
                    channel.close();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            opened.whenComplete((s, e) -> deadline.cancel(false));
        } catch (RejectedExecutionException e) {
            opened.completeExceptionally(failure(connectUri, e));
        }
        return opened;
    }

    private static synchronized SslContext tls() throws SSLException {
        if (tls == null) {
            tls = SslContextBuilder.forClient().build();
        }
        return tls;
    }

    private static StreamConnectException failure(URI uri, Throwable error) {
        return new StreamConnectException("cannot open " + uri + ": " + error, -1, error);
    }

    /** The connection is up: sends the upgrade request. */
    void request(Channel channel) {
        handshaker.handshake(channel).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(failure(uri, f.cause()));
                f.channel().close();
            }
        });
    }

    /** True once the application has accepted the upgrade: what is read from then on are its frames. */
    boolean complete() {
        return handshaker.isHandshakeComplete();
    }

    /**
     * The application's answer to the upgrade: true when it was accepted (the channel now carries whole messages,
     * and {@link #opened(TwilioWebSocket)} must be called); on a refusal, or a 101 that is not RFC 6455's, fails the socket's future
     * and closes the channel.
     */
    boolean accepted(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (opened.isDone()) {
            // timed out meanwhile: the channel is closing
            return false;
        }
        int status = response.status().code();
        if (status != 101) {
            String body = response.content().toString(StandardCharsets.UTF_8).strip();
            String message = "upgrade to " + uri + " answered HTTP " + status
                    + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
            opened.completeExceptionally(new StreamConnectException(message, status,
                    new WebSocketClientHandshakeException("upgrade refused: " + response.status())));
            ctx.close();
            return false;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (RuntimeException e) {
            opened.completeExceptionally(new StreamConnectException("upgrade to " + uri
                    + " answered HTTP 101 but not as RFC 6455 asks: " + e.getMessage(), status, e));
            ctx.close();
            return false;
        }
        // messages split into continuation frames arrive whole
        ctx.pipeline().addBefore(ctx.name(), "ws-message-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
        return true;
    }

    /** The socket is ready for sends: completes its future. */
    void opened(TwilioWebSocket socket) {
        opened.complete(socket);
    }

    /** Fails the socket's future with {@code cause}; false when it was already complete (the socket opened). */
    boolean failed(Throwable cause) {
        if (opened.isDone()) {
            return false;
        }
        opened.completeExceptionally(failure(uri, cause));
        return true;
    }

    /** The connection closed: fails the socket's future if the upgrade was not answered; false when it was. */
    boolean closedEarly() {
        if (opened.isDone()) {
            return false;
        }
        opened.completeExceptionally(new StreamConnectException("cannot open " + uri
                + ": the connection closed before the upgrade was answered", -1, null));
        return true;
    }
}
