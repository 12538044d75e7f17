package io.voiceagents.testkit.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.WavFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny voice application for testing the caller emulator: validates every request's signature with the official
 * Twilio RequestValidator (403 when invalid) and serves scripted TwiML and audio.
 */
final class ScriptedTwimlApp implements AutoCloseable {

    record Received(String method, String uri, Map<String, String> params, Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    private final RequestValidator validator;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> rejected = new CopyOnWriteArrayList<>();

    ScriptedTwimlApp(String authToken) throws IOException {
        validator = new RequestValidator(authToken);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.uri().startsWith(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = parse(body);
            String fullUrl = url(ex.getRequestURI().toString()).toString();
            String signature = ex.getRequestHeaders().getFirst("X-Twilio-Signature");
            if (signature == null || !validator.validate(fullUrl, params, signature)) {
                rejected.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                send(ex, 403, "text/plain", "invalid signature".getBytes(StandardCharsets.UTF_8));
                return;
            }
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), params, Map.copyOf(ex.getRequestHeaders())));
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/twilio/voice" -> twiml(ex, """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <Response>
                          <Say voice="Polly.Joanna" language="en-US">Welcome to Acme Dental.</Say>
                          <Gather input="speech" action="/twilio/gather" method="POST" speechTimeout="auto">
                            <Say>How can I help?</Say>
                          </Gather>
                          <Say>We did not hear anything.</Say>
                          <Hangup/>
                        </Response>""");
                case "/twilio/gather" -> {
                    String speech = params.getOrDefault("SpeechResult", "");
                    if (speech.contains("bye")) {
                        twiml(ex, "<Response><Say>Goodbye!</Say><Hangup/></Response>");
                    } else {
                        // relative Play URL: resolved against this request's URL
                        twiml(ex, "<Response><Gather input=\"speech\" action=\"gather\"><Play>../audio/reply.wav</Play></Gather></Response>");
                    }
                }
                case "/twilio/bad-audio" -> twiml(ex, "<Response><Play>/audio/octet.wav</Play><Play>/audio/cd.wav</Play><Play>/audio/missing.wav</Play><Play>/audio/ok.mp3</Play></Response>");
                case "/twilio/loop" -> twiml(ex, "<Response><Pause length=\"1\"/><Redirect>/twilio/loop</Redirect></Response>");
                case "/twilio/mixed" -> twiml(ex, "<Response><Dial>+14155550100</Dial><Redirect method=\"GET\">/twilio/get?step=1</Redirect></Response>");
                case "/twilio/get" -> twiml(ex, "<Response><Record action=\"/twilio/recorded\" maxLength=\"30\"/></Response>");
                case "/twilio/recorded" -> twiml(ex, "<Response><Say>Thanks for the message.</Say></Response>");
                case "/twilio/broken" -> twiml(ex, "<Response><Say>unclosed</Response>");
                case "/twilio/error" -> send(ex, 500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8));
                case "/twilio/status" -> send(ex, 204, "text/plain", new byte[0]);
                case "/audio/reply.wav" -> send(ex, 200, "audio/wav", WavFile.muLaw8kMono(tone(1600)));
                case "/audio/octet.wav" -> send(ex, 200, "application/octet-stream", WavFile.muLaw8kMono(tone(800)));
                case "/audio/cd.wav" -> send(ex, 200, "audio/x-wav", WavFile.pcm16Mono(new short[4410], 44100));
                case "/audio/ok.mp3" -> send(ex, 200, "audio/mpeg", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0});
                default -> send(ex, 404, "text/plain", new byte[0]);
            }
        }
    }

    private static byte[] tone(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return MuLaw.encode(pcm);
    }

    private static void twiml(HttpExchange ex, String xml) throws IOException {
        send(ex, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
