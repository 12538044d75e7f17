package io.voiceagents.testkit.twilio;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Twilio acting as the caller for an application's voice webhooks.
 *
 * <h2>Placing a call</h2>
 * {@link #placeCall(CallScript)} does what Twilio does when a call arrives on a number:
 * <ol>
 *   <li>POSTs the voice URL with Twilio's form parameters (AccountSid, ApiVersion=2010-04-01, CallSid,
 *       CallStatus=ringing (in-progress when the script's direction is outbound-api: Twilio requests an
 *       outbound call's Url once answered), Called, Caller, Direction, From, To, plus {@link CallScript.Builder#param extra ones}
 *       such as FromCity), signed with {@code X-Twilio-Signature} over the exact URL posted to;</li>
 *   <li>executes the TwiML answered: {@code <Say>} (recorded with voice and language), {@code <Play>} (GETs the
 *       URL, relative URLs resolved against the request URL, and checks it is HTTP 200, an audio Content-Type and
 *       WAV mu-law/PCM16 8 kHz mono or MP3 — see {@link PlayedAudioCheck}; an unplayable file is an error),
 *       {@code <Pause>} (recorded, not slept), {@code <Gather>} (nested Say/Play/Pause first, then the next
 *       scripted {@link Utterance} is POSTed to {@code action} — the current URL when absent, as Twilio does — with
 *       SpeechResult and Confidence, or Digits; no utterance left means the caller hangs up; a silent utterance
 *       falls through to the next verb unless {@code actionOnEmptyResult="true"}), {@code <Redirect>} (POST or GET),
 *       {@code <Record>} (POSTs action with RecordingUrl, RecordingSid, RecordingDuration), {@code <Hangup/>},
 *       {@code <Reject/>}; any other verb is recorded as an error and skipped;</li>
 *   <li>stops after {@code maxSteps} HTTP exchanges (Redirect loops), on a non-200 answer or invalid TwiML;</li>
 *   <li>then, if the script has a status callback URL, sends the status callbacks of
 *       {@link CallScript.Options#statusCallbackEvents()} (default {@code completed} with CallDuration).</li>
 * </ol>
 * Every exchange is a {@link CallStep}; the result is a {@link SimulatedCall}. GET requests carry the parameters
 * in the query string and are signed over the full URL, as Twilio does.
 *
 * <h2>Status callbacks</h2>
 * {@link #sendStatusCallbacks(URI, Map, StatusCallbackPlan)} sends any sequence of callbacks, optionally shuffled
 * and with retries, each signed, with SequenceNumber, Timestamp (RFC 2822) and an {@code I-Twilio-Idempotency-Token}
 * header that a retry repeats unchanged.
 *
 * <h2>Negative tests</h2>
 * {@link #postUnsigned} and {@link #postWithForgedSignature} send a webhook without a signature or signed with a
 * wrong token; {@link #postSigned} sends a correctly signed one.
 *
 * <p>Requests carry {@code User-Agent: TwilioProxy/1.1 (twilio-caller-emulator)}. Thread-safe: calls may run in
 * parallel.
 */
public final class TwilioCallerEmulator {

    /** Twilio's webhook timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    static final String USER_AGENT = "TwilioProxy/1.1 (twilio-caller-emulator)";
    static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final String accountSid;
    private final String authToken;
    private final Duration timeout;
    private final HttpClient http;

    public TwilioCallerEmulator(String accountSid, String authToken) {
        this(accountSid, authToken, DEFAULT_TIMEOUT);
    }

    public TwilioCallerEmulator(String accountSid, String authToken, Duration timeout) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String accountSid() {
        return accountSid;
    }

    /** Runs a whole call (see class documentation). Never throws for HTTP problems: they end up in the result. */
    public SimulatedCall placeCall(CallScript script) {
        return new CallRunner(this, script).run();
    }

    /** The parameters Twilio sends with every voice webhook of this call. */
    public Map<String, String> voiceParams(CallScript script, String callStatus) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", script.callSid());
        p.put("CallStatus", callStatus);
        p.put("Called", script.to());
        p.put("Caller", script.from());
        p.put("Direction", script.direction());
        p.put("From", script.from());
        p.put("To", script.to());
        p.putAll(script.options().extraParams());
        return p;
    }

    /** Sends a correctly signed POST. */
    public WebhookResponse postSigned(URI url, Map<String, String> params) {
        return send("POST", url, params, TwilioSignature.sign(authToken, url.toString(), params), Map.of());
    }

    /** Sends a POST without {@code X-Twilio-Signature}; the application must refuse it. */
    public WebhookResponse postUnsigned(URI url, Map<String, String> params) {
        return send("POST", url, params, null, Map.of());
    }

    /** Sends a POST signed with a wrong auth token; the application must refuse it. */
    public WebhookResponse postWithForgedSignature(URI url, Map<String, String> params) {
        String forged = TwilioSignature.sign(authToken + "-forged", url.toString(), params);
        return send("POST", url, params, forged, Map.of());
    }

    /** Status callbacks for a call described by its base parameters (see {@link #voiceParams}). */
    public List<StatusCallbackDelivery> sendStatusCallbacks(URI url, Map<String, String> baseParams, StatusCallbackPlan plan) {
        String callSid = baseParams.getOrDefault("CallSid", CallScript.newCallSid());
        List<StatusCallbackDelivery> planned = new ArrayList<>();
        ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC);
        for (int seq = 0; seq < plan.events().size(); seq++) {
            String event = plan.events().get(seq);
            String status = "answered".equals(event) ? "in-progress" : event;
            Map<String, String> p = new LinkedHashMap<>(baseParams);
            p.put("CallStatus", status);
            p.put("CallbackSource", "call-progress-events");
            p.put("SequenceNumber", Integer.toString(seq));
            p.put("Timestamp", RFC_2822.format(start.plusSeconds(seq)));
            if ("completed".equals(status)) {
                p.put("CallDuration", Integer.toString(plan.callDurationSeconds()));
                p.put("Duration", Integer.toString((plan.callDurationSeconds() + 59) / 60));
                p.put("SipResponseCode", "200");
            }
            p.putAll(plan.extraParams());
            String token = UUID.nameUUIDFromBytes((callSid + "/" + seq + "/" + status).getBytes(StandardCharsets.UTF_8)).toString();
            planned.add(new StatusCallbackDelivery(status, seq, false, token, p, null));
        }
        List<StatusCallbackDelivery> sent = new ArrayList<>();
        for (StatusCallbackDelivery d : deliveryOrder(planned, plan.shuffle(), plan.duplicates(), plan.seed())) {
            sent.add(d.withResponse(statusCallback("POST", url, d)));
        }
        return sent;
    }

    /**
     * The order in which planned callbacks are delivered: shuffled if asked, and {@code duplicates} of them (picked
     * at random) delivered again, each retry placed somewhere after its original.
     */
    static List<StatusCallbackDelivery> deliveryOrder(List<StatusCallbackDelivery> planned, boolean shuffle,
                                                      int duplicates, long seed) {
        Random random = new Random(seed);
        List<StatusCallbackDelivery> order = new ArrayList<>(planned);
        if (shuffle) {
            Collections.shuffle(order, random);
        }
        for (int i = 0; i < duplicates && !planned.isEmpty(); i++) {
            StatusCallbackDelivery original = planned.get(random.nextInt(planned.size()));
            int originalIndex = order.indexOf(original);
            // a retry always comes after the first attempt
            int at = originalIndex + 1 + random.nextInt(order.size() - originalIndex);
            order.add(at, original.asDuplicate());
        }
        return order;
    }

    /** Sends one status callback, signed, with its idempotency token; GET puts the parameters in the query. */
    WebhookResponse statusCallback(String method, URI url, StatusCallbackDelivery d) {
        Map<String, String> token = Map.of(IDEMPOTENCY_HEADER, d.idempotencyToken());
        if ("GET".equalsIgnoreCase(method)) {
            URI withQuery = appendQuery(url, d.params());
            return send("GET", withQuery, Map.of(), TwilioSignature.sign(authToken, withQuery.toString(), Map.of()), token);
        }
        return send("POST", url, d.params(), TwilioSignature.sign(authToken, url.toString(), d.params()), token);
    }

    /** Status callbacks for a call with default numbers; see {@link #sendStatusCallbacks(URI, Map, StatusCallbackPlan)}. */
    public List<StatusCallbackDelivery> sendStatusCallbacks(URI url, String callSid, StatusCallbackPlan plan) {
        CallScript script = CallScript.builder(url).callSid(callSid).build();
        return sendStatusCallbacks(url, voiceParams(script, "completed"), plan);
    }

    /** Signed GET as Twilio fetches {@code <Play>} media (signature over the URL, no parameters). */
    WebhookResponseBytes fetch(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", USER_AGENT)
                .header(TwilioSignature.HEADER, TwilioSignature.sign(authToken, url.toString(), Map.of()));
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new WebhookResponseBytes(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Location").orElse(null), millisSince(t0), null);
        } catch (IOException e) {
            return new WebhookResponseBytes(0, new byte[0], null, null, millisSince(t0), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResponseBytes(0, new byte[0], null, null, millisSince(t0), "interrupted");
        }
    }

    /** A webhook request as Twilio makes it: POST form or GET query, signed over the exact URL requested. */
    WebhookResponse webhook(String method, URI url, Map<String, String> params) {
        if ("GET".equalsIgnoreCase(method)) {
            URI withQuery = appendQuery(url, params);
            return send("GET", withQuery, Map.of(), TwilioSignature.sign(authToken, withQuery.toString(), Map.of()), Map.of());
        }
        return postSigned(url, params);
    }

    static URI appendQuery(URI url, Map<String, String> params) {
        String q = form(params);
        if (q.isEmpty()) {
            return url;
        }
        String s = url.toString();
        return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + q);
    }

    private WebhookResponse send(String method, URI url, Map<String, String> params, String signature,
                                 Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "*/*");
        if ("POST".equals(method)) {
            b.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        } else {
            b.GET();
        }
        if (signature != null) {
            b.header(TwilioSignature.HEADER, signature);
        }
        headers.forEach(b::header);
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new WebhookResponse(r.statusCode(), r.body(), r.headers().map(), millisSince(t0), null);
        } catch (IOException e) {
            return new WebhookResponse(0, "", Map.of(), millisSince(t0), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResponse(0, "", Map.of(), millisSince(t0), "interrupted");
        }
    }

    static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** A binary response (Play media). */
    record WebhookResponseBytes(int status, byte[] body, String contentType, String location, long durationMillis,
                                String failure) {
    }
}
