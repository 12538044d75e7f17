package io.voiceagents.outbound.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Backoff, machine detection and the webhook URLs of a dial. */
class DialRulesTest {

    @Test
    void backoffDoublesPerRequestUpToTheMaximum() {
        DialBackoff backoff = new DialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(1000)).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new DialBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void machineDetectionWaitsForTheBeepOnlyWhenTheAgentLeavesAMessage() {
        assertThat(MachineDetection.forCall(false, true)).isNull();
        assertThat(MachineDetection.forCall(true, true)).isEqualTo("DetectMessageEnd");
        assertThat(MachineDetection.forCall(true, false)).isEqualTo("Enable");
        assertThat(MachineDetection.toTwilio("DetectMessageEnd")).isEqualTo("DetectMessageEnd");
        assertThat(MachineDetection.toTwilio("true")).isEqualTo("Enable");
        assertThat(MachineDetection.toTwilio("false")).isNull();
        assertThat(MachineDetection.toTwilio(null)).isNull();
    }

    @Test
    void webhookUrlsCarryTheOutboundCallAndAgent() {
        UUID call = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID agent = UUID.fromString("00000000-0000-0000-0000-000000000002");
        WebhookUrls urls = new WebhookUrls("https://voice.example.com/");
        assertThat(urls.voiceUrl(call, agent)).isEqualTo("https://voice.example.com/twilio/voice/outbound"
                + "?oc=00000000-0000-0000-0000-000000000001&agent=00000000-0000-0000-0000-000000000002");
        assertThat(urls.statusCallbackUrl(call, agent)).isEqualTo("https://voice.example.com/twilio/voice/status"
                + "?oc=00000000-0000-0000-0000-000000000001&agent=00000000-0000-0000-0000-000000000002");
        assertThatThrownBy(() -> new WebhookUrls(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
