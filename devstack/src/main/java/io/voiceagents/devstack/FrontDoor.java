package io.voiceagents.devstack;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;

/**
 * One port in front of the services, routing like the Helm ingress ({@link FrontDoorRoutes}). The
 * request goes through unchanged — method, path and query, headers, body — because Twilio's
 * signature covers the URL and parameters; WebSocket upgrades are tunnelled for Media Streams and
 * ConversationRelay. Paths under {@link FrontDoorRoutes#SANDBOX_PREFIX} are answered here.
 */
final class FrontDoor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FrontDoor.class.getName());
    private static final String ORIGIN_FAILURE = "origin-failure";

    private final Vertx vertx;
    private final HttpServer server;

    private FrontDoor(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Binds the front door. Services need not be up yet: until they are, their paths answer 502.
     *
     * @param ports    service → port, for the services of this stack
     * @param logHint  service → where to look when it does not answer
     * @param sandbox  handler for {@code /sandbox/...}
     */
    static FrontDoor start(Vertx vertx, String host, int port, Map<StackService, Integer> ports,
            Function<StackService, String> logHint, SandboxEndpoints sandbox) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(64)
                .setKeepAlive(true)
                .setConnectTimeout(5_000));
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client);
        proxy.origin(OriginRequestProvider.selector(context -> Future.succeededFuture(SocketAddress.inetSocketAddress(
                ports.get(routeOf(context.request().proxiedRequest()).orElseThrow()), "127.0.0.1"))));
        proxy.addInterceptor(new ProblemOnOriginFailure(logHint));

        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(false));
        server.requestHandler(request -> {
            String path = request.path();
            if (path.equals(FrontDoorRoutes.SANDBOX_PREFIX) || path.startsWith(FrontDoorRoutes.SANDBOX_PREFIX + "/")) {
                sandbox.handle(request);
                return;
            }
            Optional<StackService> service = routeOf(request);
            if (service.isEmpty()) {
                Problems.send(request.response(), 404, "Not Found", "No service serves " + path
                        + ". Routed prefixes: " + FrontDoorRoutes.ROUTES.stream().map(FrontDoorRoutes.Route::prefix).toList()
                        + " (and " + FrontDoorRoutes.SANDBOX_PREFIX + " in the local sandbox).");
                return;
            }
            if (!ports.containsKey(service.get())) {
                Problems.send(request.response(), 502, "Bad Gateway",
                        service.get() + " is not part of this local stack (it was not started).");
                return;
            }
            proxy.handle(request);
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new LocalStackException("the front door cannot listen on " + host + ":" + port + " ("
                    + e.getCause().getMessage() + "); is another devstack running? Use --port to pick another", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting the front door", e);
        } catch (TimeoutException e) {
            throw new LocalStackException("the front door did not start listening within 30 s", e);
        }
        LOG.fine(() -> "front door listening on " + host + ":" + server.actualPort());
        return new FrontDoor(vertx, server);
    }

    private static Optional<StackService> routeOf(HttpServerRequest request) {
        return FrontDoorRoutes.serviceFor(request.path()).flatMap(StackService::byName);
    }

    int port() {
        return server.actualPort();
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.fine(() -> "front door close: " + e);
        }
    }

    /**
     * Turns "could not reach the service" into a problem document. The proxy itself answers an empty
     * 502 then; a 502 that the service sent is left alone.
     */
    private static final class ProblemOnOriginFailure implements ProxyInterceptor {
        private final Function<StackService, String> logHint;

        ProblemOnOriginFailure(Function<StackService, String> logHint) {
            this.logHint = logHint;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().onFailure(err -> context.set(ORIGIN_FAILURE, err));
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            Throwable failure = context.get(ORIGIN_FAILURE, Throwable.class);
            if (failure != null) {
                String path = context.request().proxiedRequest().path();
                String service = FrontDoorRoutes.serviceFor(path).orElse("the service");
                String hint = StackService.byName(service).map(logHint).orElse("");
                context.response()
                        .setStatusCode(502)
                        .putHeader("Content-Type", Problems.CONTENT_TYPE)
                        .setBody(Body.body(Problems.body(502, "Bad Gateway", service
                                + " did not answer (" + failure.getMessage() + "): it may be starting, stopped or crashed. "
                                + hint)));
            }
            return context.sendResponse();
        }
    }
}
