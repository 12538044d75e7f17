package io.voiceagents.testkit.twilio.media;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one emulated {@code <Connect><Stream>} looks like from Twilio's side: where to connect, what URL to sign, the
 * call it belongs to and the {@code <Parameter>}s, plus how the caller measures what it hears. Build with
 * {@link #to(String)}.
 *
 * @param connectUri        where the socket is opened (e.g. {@code ws://127.0.0.1:8081/twilio/media})
 * @param signedUrl         the URL Twilio signs: the public {@code wss://} URL from the TwiML
 * @param callSid           {@code CA…}
 * @param streamSid         {@code MZ…}
 * @param from              caller's number (used when the call is registered with the REST emulator)
 * @param to                called number
 * @param customParameters  the {@code <Parameter>}s, sent in {@code start.customParameters}
 * @param signature         how the upgrade is signed
 * @param lineNoise         when true the caller's line carries quiet noise between utterances instead of digital
 *                          silence (0xFF), like a real phone line
 * @param keepAudio         keep the agent audio received, per utterance (tests); off for benchmarks
 * @param utteranceGap      an audible gap at least this long ends an agent utterance
 * @param underrunThreshold a message arriving this much after the queued audio ran out counts as an underrun
 * @param connectTimeout    for the WebSocket upgrade
 * @param waitTimeout       default limit of the script's wait steps
 */
public record MediaStreamsCall(URI connectUri, String signedUrl, String callSid, String streamSid, String from,
                               String to, Map<String, String> customParameters, SignatureMode signature,
                               boolean lineNoise, boolean keepAudio, Duration utteranceGap, Duration underrunThreshold,
                               Duration connectTimeout, Duration waitTimeout) {

    public MediaStreamsCall {
        Objects.requireNonNull(connectUri, "connectUri");
        customParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customParameters));
    }

    /** A call streaming to {@code connectUrl}; by default the signed URL is the same URL. */
    public static Builder to(String connectUrl) {
        return new Builder(URI.create(connectUrl));
    }

    static String newSid(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return prefix + String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    public static final class Builder {
        private final URI connectUri;
        private String signedUrl;
        private String callSid = newSid("CA");
        private String streamSid = newSid("MZ");
        private String from = "+14155550100";
        private String to = "+14155550199";
        private final Map<String, String> customParameters = new LinkedHashMap<>();
        private SignatureMode signature = SignatureMode.VALID;
        private boolean lineNoise;
        private boolean keepAudio = true;
        private Duration utteranceGap = Duration.ofMillis(500);
        private Duration underrunThreshold = Duration.ofMillis(20);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration waitTimeout = Duration.ofSeconds(30);

        private Builder(URI connectUri) {
            this.connectUri = connectUri;
        }

        /** The public URL Twilio was given in the TwiML (and signs), e.g. {@code wss://voice.example.com/twilio/media}. */
        public Builder signedUrl(String url) {
            this.signedUrl = url;
            return this;
        }

        public Builder callSid(String sid) {
            this.callSid = sid;
            return this;
        }

        public Builder streamSid(String sid) {
            this.streamSid = sid;
            return this;
        }

        public Builder from(String number) {
            this.from = number;
            return this;
        }

        public Builder toNumber(String number) {
            this.to = number;
            return this;
        }

        /** One {@code <Parameter name value>} (e.g. the per-call token). */
        public Builder customParameter(String name, String value) {
            customParameters.put(name, value);
            return this;
        }

        public Builder customParameters(Map<String, String> parameters) {
            customParameters.putAll(parameters);
            return this;
        }

        /** Takes the URL and parameters of a {@code <Connect><Stream>} answer (see {@link ConnectTwiml}). */
        public Builder connect(ConnectTwiml twiml) {
            this.signedUrl = twiml.url();
            customParameters.putAll(twiml.parameters());
            return this;
        }

        public Builder signature(SignatureMode mode) {
            this.signature = mode;
            return this;
        }

        public Builder lineNoise(boolean noise) {
            this.lineNoise = noise;
            return this;
        }

        public Builder keepAudio(boolean keep) {
            this.keepAudio = keep;
            return this;
        }

        public Builder utteranceGap(Duration gap) {
            this.utteranceGap = gap;
            return this;
        }

        public Builder underrunThreshold(Duration threshold) {
            this.underrunThreshold = threshold;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder waitTimeout(Duration timeout) {
            this.waitTimeout = timeout;
            return this;
        }

        public MediaStreamsCall build() {
            return new MediaStreamsCall(connectUri, signedUrl == null ? connectUri.toString() : signedUrl, callSid,
                    streamSid, from, to, customParameters, signature, lineNoise, keepAudio, utteranceGap,
                    underrunThreshold, connectTimeout, waitTimeout);
        }
    }
}
