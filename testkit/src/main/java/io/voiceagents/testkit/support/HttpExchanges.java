package io.voiceagents.testkit.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Small helpers around the JDK HTTP server used by the HTTP emulators. */
public final class HttpExchanges {

    /** Header every emulator response carries so nobody mistakes it for the real provider. */
    public static final String EMULATOR_HEADER = "X-Emulator";

    private HttpExchanges() {
    }

    /** Creates (not starts) a server bound to 127.0.0.1 with a virtual-thread executor. */
    public static HttpServer loopbackServer(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind emulator to 127.0.0.1:" + port, e);
        }
    }

    /** Stops the server and its executor without waiting for idle keep-alive connections. */
    public static void stop(HttpServer server) {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }

    public static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body, String emulator)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set(EMULATOR_HEADER, emulator);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public static void sendJson(HttpExchange exchange, int status, String json, String emulator) throws IOException {
        send(exchange, status, "application/json; charset=UTF-8", json.getBytes(StandardCharsets.UTF_8), emulator);
    }

    /** Decodes an application/x-www-form-urlencoded body or query into ordered name/value pairs. */
    public static List<Map.Entry<String, String>> parseForm(String form) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return out;
    }
}
