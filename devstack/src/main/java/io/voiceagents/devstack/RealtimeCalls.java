package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.voiceagents.testkit.twilio.TwilioSignature;
import io.voiceagents.testkit.twilio.TwimlParser;
import io.voiceagents.testkit.twilio.media.ConnectTwiml;
import io.voiceagents.testkit.twilio.media.MediaStreamsCall;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCall;

/**
 * Places simulated real-time calls the way Twilio does: the signed voice webhook of an inbound call, the answer's
 * {@code <Connect>} followed to the gateway's socket (Media Streams or ConversationRelay) with its
 * {@code <Parameter>}s, the {@code <Connect action>} webhook when a relay session ends, and the {@code completed}
 * status callback when the call is over. Signatures are computed over the public URLs (PUBLIC_BASE_URL and the
 * TwiML's {@code wss://} URL) while the requests may go elsewhere: through the front door, straight to call-gateway,
 * or to a stack on another machine. Used by the sandbox's simulated calls, the end-to-end tests and the
 * stream-calls bench. Thread-safe.
 *
 * <p>Usage: {@code Answer a = calls.answer(from, to); MediaStreamsCaller c = callers.connect(calls.stream(a).build());}
 */
public final class RealtimeCalls {

    /** Twilio's RFC 2822 timestamps in status callbacks. */
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

    /**
     * The answer to a voice webhook.
     *
     * @param callSid {@code CA…} of the call
     * @param from    caller
     * @param to      called number
     * @param status  HTTP status
     * @param body    the TwiML (or an error body)
     */
    public record Answer(String callSid, String from, String to, int status, String body) {

        /** The {@code <Connect><Stream>} of the answer, if it has one. */
        public Optional<ConnectTwiml> stream() {
            return connect(true);
        }

        /** The {@code <Connect><ConversationRelay>} of the answer, if it has one. */
        public Optional<ConnectTwiml> relay() {
            return connect(false);
        }

        private Optional<ConnectTwiml> connect(boolean stream) {
            if (status != 200) {
                return Optional.empty();
            }
            try {
                return stream ? ConnectTwiml.stream(body) : ConnectTwiml.conversationRelay(body);
            } catch (TwimlParser.InvalidTwimlException e) {
                return Optional.empty();
            }
        }
    }

    private final String accountSid;
    private final String authToken;
    private final String publicBaseUrl;
    private final String httpBase;
    private final String socketBase;
    private final HttpClient http;

    /**
     * @param accountSid    the Twilio account (sandbox: the stack's)
     * @param authToken     signs every request
     * @param publicBaseUrl PUBLIC_BASE_URL of the stack: the URLs Twilio signs
     * @param httpBase      where webhooks are sent, e.g. {@code http://127.0.0.1:8080} (the front door)
     * @param socketBase    where sockets connect, e.g. {@code ws://127.0.0.1:8080}; the path is the TwiML URL's
     * @param http          the client for webhooks
     */
    public RealtimeCalls(String accountSid, String authToken, String publicBaseUrl, String httpBase, String socketBase,
            HttpClient http) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.publicBaseUrl = stripSlash(publicBaseUrl);
        this.httpBase = stripSlash(httpBase);
        this.socketBase = stripSlash(socketBase);
        this.http = http;
    }

    /** Webhooks and sockets through the stack's front door, as Twilio reaches the ingress. */
    public static RealtimeCalls throughFrontDoor(LocalStack stack) {
        String door = "127.0.0.1:" + stack.frontDoorPort();
        return new RealtimeCalls(stack.twilioAccountSid(), stack.twilioAuthToken(), stack.publicBaseUrl(),
                "http://" + door, "ws://" + door, stack.httpClient());
    }

    /**
     * Webhooks through the front door, sockets straight to call-gateway's own port (what a benchmark of the
     * gateway wants: the front door's proxying would share its CPU).
     */
    public static RealtimeCalls socketsToGateway(LocalStack stack) {
        return new RealtimeCalls(stack.twilioAccountSid(), stack.twilioAuthToken(), stack.publicBaseUrl(),
                "http://127.0.0.1:" + stack.frontDoorPort(), "ws://127.0.0.1:" + stack.servicePort(StackService.CALL_GATEWAY),
                stack.httpClient());
    }

    /** A new call SID as Twilio makes them. */
    public static String newCallSid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("CA%016x%016x", r.nextLong(), r.nextLong());
    }

    /** A new inbound call from {@code from} to {@code to}: Twilio's first voice webhook. */
    public Answer answer(String from, String to) {
        return answer(newCallSid(), from, to);
    }

    public Answer answer(String callSid, String from, String to) {
        Map<String, String> p = baseParams(callSid, from, to);
        p.put("CallStatus", "ringing");
        Reply r = post("/twilio/voice", p, Map.of());
        return new Answer(callSid, from, to, r.status(), r.body());
    }

    /**
     * The Media Streams call Twilio opens for a {@code <Connect><Stream>} answer: the socket's address, the signed
     * URL and the {@code <Parameter>}s from the TwiML, the call's SID and numbers. Add the script's settings and
     * connect it with {@code MediaStreamsCallers.connect}.
     *
     * @throws IllegalStateException when the answer has no {@code <Connect><Stream>}
     */
    public MediaStreamsCall.Builder stream(Answer answer) {
        ConnectTwiml twiml = answer.stream().orElseThrow(() -> new IllegalStateException(
                "the voice webhook did not answer with <Connect><Stream> (HTTP " + answer.status() + "): "
                        + answer.body()));
        return MediaStreamsCall.to(socketUrl(twiml.url())).connect(twiml).callSid(answer.callSid())
                .from(answer.from()).toNumber(answer.to());
    }

    /**
     * The ConversationRelay session Twilio opens for a {@code <Connect><ConversationRelay>} answer.
     *
     * @throws IllegalStateException when the answer has no {@code <Connect><ConversationRelay>}
     */
    public ConversationRelayCall.Builder relay(Answer answer) {
        ConnectTwiml twiml = answer.relay().orElseThrow(() -> new IllegalStateException(
                "the voice webhook did not answer with <Connect><ConversationRelay> (HTTP " + answer.status() + "): "
                        + answer.body()));
        return ConversationRelayCall.to(socketUrl(twiml.url())).connect(twiml).callSid(answer.callSid())
                .from(answer.from()).toNumber(answer.to());
    }

    /**
     * What Twilio does when a ConversationRelay session ends: a request to the {@code <Connect action>} URL with
     * the session's outcome ({@code HandoffData} when the agent sent {@code end}); the answer is the TwiML that
     * runs next ({@code <Hangup/>}, {@code <Dial>}).
     *
     * @param handoffData the {@code end} message's handoffData, null when the session ended otherwise
     */
    public Reply relayEnded(Answer answer, String sessionId, String handoffData) {
        ConnectTwiml twiml = answer.relay().orElseThrow(() -> new IllegalStateException("not a relay answer"));
        Map<String, String> p = baseParams(answer.callSid(), answer.from(), answer.to());
        p.put("CallStatus", "in-progress");
        p.put("SessionId", sessionId);
        p.put("SessionStatus", handoffData == null ? "ended" : "completed");
        if (handoffData != null) {
            p.put("HandoffData", handoffData);
        }
        String action = twiml.action() == null ? publicBaseUrl + "/twilio/voice/relay-ended" : twiml.action();
        if (!action.startsWith(publicBaseUrl)) {
            throw new IllegalStateException("<Connect action> " + action + " is not under " + publicBaseUrl);
        }
        return post(action.substring(publicBaseUrl.length()), p, Map.of());
    }

    /** The {@code completed} status callback Twilio sends when the call is over. */
    public Reply completed(String callSid, String from, String to, Duration length) {
        Map<String, String> p = baseParams(callSid, from, to);
        int seconds = (int) Math.max(1, length.toSeconds());
        p.put("CallStatus", "completed");
        p.put("CallbackSource", "call-progress-events");
        p.put("SequenceNumber", "3");
        p.put("Timestamp", RFC_2822.format(ZonedDateTime.now(ZoneOffset.UTC)));
        p.put("CallDuration", Integer.toString(seconds));
        p.put("Duration", Integer.toString((seconds + 59) / 60));
        p.put("SipResponseCode", "200");
        String token = UUID.nameUUIDFromBytes((callSid + "/3/completed").getBytes(StandardCharsets.UTF_8)).toString();
        return post("/twilio/voice/status", p, Map.of("I-Twilio-Idempotency-Token", token));
    }

    /** An HTTP answer: status and body. */
    public record Reply(int status, String body) {
    }

    /** A signed form POST to {@code path} (signed over the public URL, sent to {@code httpBase}). */
    public Reply post(String path, Map<String, String> params, Map<String, String> headers) {
        String form = params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(httpBase + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "TwilioProxy/1.1")
                .header(TwilioSignature.HEADER, TwilioSignature.sign(authToken, publicBaseUrl + path, params))
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("POST " + httpBase + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Map<String, String> baseParams(String callSid, String from, String to) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", callSid);
        p.put("Called", to);
        p.put("Caller", from);
        p.put("Direction", "inbound");
        p.put("From", from);
        p.put("To", to);
        return p;
    }

    /** The TwiML's socket URL with its scheme and authority replaced by {@code socketBase}. */
    String socketUrl(String twimlUrl) {
        URI u = URI.create(twimlUrl);
        return socketBase + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
