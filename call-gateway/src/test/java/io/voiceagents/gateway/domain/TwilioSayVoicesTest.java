package io.voiceagents.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwilioSayVoicesTest {

    @Test
    void googleVoiceNamesAreSpokenByTwilioAsGoogleVoicesInTheirOwnLocale() {
        TwilioSayVoices.SayVoice voice = TwilioSayVoices.forAgent(new AgentVoice("en-GB-Neural2-A", "en-US"));

        assertThat(voice.voice()).isEqualTo("Google.en-GB-Neural2-A");
        assertThat(voice.language()).isEqualTo("en-GB");
        assertThat(TwilioSayVoices.forAgent(new AgentVoice("de-DE-Chirp3-HD-Aoede", "de-DE")).voice())
                .isEqualTo("Google.de-DE-Chirp3-HD-Aoede");
    }

    @Test
    void unknownOrEmptyVoicesLeaveTheChoiceToTwilio() {
        assertThat(TwilioSayVoices.forAgent(new AgentVoice("", "fr-FR")))
                .isEqualTo(new TwilioSayVoices.SayVoice(null, "fr-FR"));
        assertThat(TwilioSayVoices.forAgent(new AgentVoice("en-US-Studio-O", "en-US")).voice()).isNull();
        assertThat(TwilioSayVoices.forAgent(new AgentVoice("\"/><Hangup/>", "en-US")).voice()).isNull();
    }

    @Test
    void alreadyQualifiedTwilioVoicesAreKept() {
        assertThat(TwilioSayVoices.forAgent(new AgentVoice("Polly.Amy", "en-GB")).voice()).isEqualTo("Polly.Amy");
    }
}
