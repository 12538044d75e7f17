package io.voiceagents.testkit.twilio.relay;

import io.voiceagents.testkit.twilio.media.ConnectTwiml;
import io.voiceagents.testkit.twilio.media.SignatureMode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one emulated {@code <Connect><ConversationRelay>} looks like from Twilio's side: where to connect, the URL
 * to sign, what the {@code setup} message says, and how fast Twilio's text-to-speech speaks the agent's tokens (which
 * decides what an {@code interrupt} reports as heard). Build with {@link #to(String)}.
 *
 * @param connectUri         where the socket is opened (e.g. {@code ws://127.0.0.1:8081/twilio/relay})
 * @param signedUrl          the public {@code wss://} URL Twilio signs
 * @param callSid            {@code CA…}
 * @param sessionId          {@code VX…}
 * @param parentCallSid      {@code parentCallSid} ("" when none, as Twilio sends it)
 * @param from               caller
 * @param to                 called number
 * @param forwardedFrom      {@code forwardedFrom}, null to leave it out
 * @param callerName         {@code callerName} ("" when unknown)
 * @param direction          {@code inbound} or {@code outbound-api}
 * @param callType           {@code PSTN}, {@code SIP}, {@code CLIENT}
 * @param callStatus         as Twilio reports it in setup ({@code RINGING} for a new inbound call)
 * @param customParameters   the {@code <Parameter>}s
 * @param lang               {@code lang} of prompts
 * @param ttsCharsPerSecond  how fast Twilio speaks the agent's text (15 ≈ natural speech)
 * @param signature          how the upgrade is signed
 * @param connectTimeout     for the WebSocket upgrade
 * @param waitTimeout        default limit of the script's wait steps
 */
public record ConversationRelayCall(URI connectUri, String signedUrl, String callSid, String sessionId,
                                    String parentCallSid, String from, String to, String forwardedFrom,
                                    String callerName, String direction, String callType, String callStatus,
                                    Map<String, String> customParameters, String lang, double ttsCharsPerSecond,
                                    SignatureMode signature, Duration connectTimeout, Duration waitTimeout) {

    public ConversationRelayCall {
        Objects.requireNonNull(connectUri, "connectUri");
        customParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customParameters));
    }

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
        private String sessionId = newSid("VX");
        private String parentCallSid = "";
        private String from = "+14155550100";
        private String to = "+14155550199";
        private String forwardedFrom;
        private String callerName = "";
        private String direction = "inbound";
        private String callType = "PSTN";
        private String callStatus = "RINGING";
        private final Map<String, String> customParameters = new LinkedHashMap<>();
        private String lang = "en-US";
        private double ttsCharsPerSecond = 15;
        private SignatureMode signature = SignatureMode.VALID;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration waitTimeout = Duration.ofSeconds(30);

        private Builder(URI connectUri) {
            this.connectUri = connectUri;
        }

        public Builder signedUrl(String url) {
            this.signedUrl = url;
            return this;
        }

        public Builder callSid(String sid) {
            this.callSid = sid;
            return this;
        }

        public Builder sessionId(String id) {
            this.sessionId = id;
            return this;
        }

        public Builder parentCallSid(String sid) {
            this.parentCallSid = sid;
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

        public Builder forwardedFrom(String number) {
            this.forwardedFrom = number;
            return this;
        }

        public Builder callerName(String name) {
            this.callerName = name;
            return this;
        }

        /** An outbound call ({@code outbound-api}, status {@code IN-PROGRESS}). */
        public Builder outbound() {
            this.direction = "outbound-api";
            this.callStatus = "IN-PROGRESS";
            return this;
        }

        public Builder callType(String type) {
            this.callType = type;
            return this;
        }

        public Builder callStatus(String status) {
            this.callStatus = status;
            return this;
        }

        public Builder customParameter(String name, String value) {
            customParameters.put(name, value);
            return this;
        }

        /** Takes the URL, {@code language} and parameters of a {@code <Connect><ConversationRelay>} answer. */
        public Builder connect(ConnectTwiml twiml) {
            this.signedUrl = twiml.url();
            customParameters.putAll(twiml.parameters());
            String language = twiml.attributes().get("language");
            if (language != null) {
                this.lang = language;
            }
            return this;
        }

        public Builder lang(String language) {
            this.lang = language;
            return this;
        }

        public Builder ttsCharsPerSecond(double rate) {
            this.ttsCharsPerSecond = rate;
            return this;
        }

        public Builder signature(SignatureMode mode) {
            this.signature = mode;
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

        public ConversationRelayCall build() {
            return new ConversationRelayCall(connectUri, signedUrl == null ? connectUri.toString() : signedUrl, callSid,
                    sessionId, parentCallSid, from, to, forwardedFrom, callerName, direction, callType, callStatus,
                    customParameters, lang, ttsCharsPerSecond, signature, connectTimeout, waitTimeout);
        }
    }
}
