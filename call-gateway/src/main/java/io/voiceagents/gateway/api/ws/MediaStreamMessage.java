package io.voiceagents.gateway.api.ws;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A message Twilio sends on a Media Streams socket ({@code connected}, {@code start}, {@code media},
 * {@code dtmf}, {@code mark}, {@code stop}). Fields Twilio adds later are ignored; absent ones are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record MediaStreamMessage(String event, String sequenceNumber, String streamSid, String protocol, Start start,
        Media media, Dtmf dtmf, Mark mark, Stop stop) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Start(String streamSid, String accountSid, String callSid, java.util.List<String> tracks,
            Map<String, String> customParameters, MediaFormat mediaFormat) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MediaFormat(String encoding, Integer sampleRate, Integer channels) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Media(String track, String chunk, String timestamp, String payload) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dtmf(String track, String digit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Mark(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stop(String accountSid, String callSid) {
    }
}
