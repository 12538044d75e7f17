package io.voiceagents.gateway.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.domain.LatencyLedger;

class TurnLatencyTest {

    private static final long MS = 1_000_000L;

    @Test
    void serverAddedIsWhatNoProviderNorTheEndpointingWaitExplains() {
        long decided = 10_000 * MS;
        TurnLatency latency = TurnLatency.spoken(decided, 700);
        latency.sttFinal(decided + 150 * MS);            // STT provider: 150
        latency.firstDelta(decided + 520 * MS, 350);     // LLM first token 350 (+20 of our own hops)
        latency.firstSentence(decided + 600 * MS);       // the provider wrote the rest of the sentence: 80
        latency.firstAudio(decided + 765 * MS, 150, false); // TTS first byte 150 (+15 of our own hops)
        latency.firstFrameSent(decided + 770 * MS);      // 5 more of our own
        latency.firstFrameSent(decided + 900 * MS);      // later frames do not count

        LatencyLedger ledger = latency.ledger();

        assertThat(ledger.endpointingMs()).isEqualTo(700);
        assertThat(ledger.sttFinalMs()).isEqualTo(150);
        assertThat(ledger.llmFirstTokenMs()).isEqualTo(350);
        assertThat(ledger.ttsFirstByteMs()).isEqualTo(150);
        assertThat(ledger.firstAudioMs()).isEqualTo(700 + 770);
        // 1470 - 700 - 150 - (350 + 80) - 150
        assertThat(ledger.serverAddedMs()).isEqualTo(40);
        assertThat(latency.serverAddedParts()).isEqualTo(new TurnLatency.ServerAddedParts(20, 15, 5));
    }

    @Test
    void onlyTheFirstOfEachMomentCountsAndACachedSentenceHasNoTtsTime() {
        long decided = 5_000 * MS;
        TurnLatency latency = TurnLatency.spoken(decided, 600);
        latency.sttFinal(decided + 100 * MS);
        latency.sttFinal(decided + 400 * MS);
        latency.firstDelta(decided + 300 * MS, 200);
        latency.firstDelta(decided + 350 * MS, 999);
        latency.firstSentence(decided + 300 * MS);
        latency.firstAudio(decided + 304 * MS, 0, true);
        latency.firstAudio(decided + 309 * MS, 500, false);
        latency.firstFrameSent(decided + 310 * MS);

        LatencyLedger ledger = latency.ledger();

        assertThat(ledger.sttFinalMs()).isEqualTo(100);
        assertThat(ledger.llmFirstTokenMs()).isEqualTo(200);
        assertThat(ledger.ttsFirstByteMs()).isZero();
        assertThat(ledger.serverAddedMs()).isEqualTo(910 - 600 - 100 - 200);
        // reply: 300 - 100 - 200; speech: a cached sentence, all ours; playout: the last 6
        assertThat(latency.serverAddedParts()).isEqualTo(new TurnLatency.ServerAddedParts(0, 4, 6));
    }

    @Test
    void keyedTurnsHaveNoEndpointingNorRecognition() {
        long decided = 1_000 * MS;
        TurnLatency latency = TurnLatency.keyed(decided);
        latency.sttFinal(decided + 5 * MS);
        latency.firstDelta(decided + 330 * MS, 300);
        latency.firstSentence(decided + 330 * MS);
        latency.firstAudio(decided + 460 * MS, 120, false);
        latency.firstFrameSent(decided + 470 * MS);

        LatencyLedger ledger = latency.ledger();

        assertThat(ledger.endpointingMs()).isNull();
        assertThat(ledger.sttFinalMs()).isNull();
        assertThat(ledger.firstAudioMs()).isEqualTo(470);
        assertThat(ledger.serverAddedMs()).isEqualTo(50);
        // keys ask the agent at once: reply 330 - 300, speech 460 - 330 - 120, playout 10
        assertThat(latency.serverAddedParts()).isEqualTo(new TurnLatency.ServerAddedParts(30, 10, 10));
    }

    @Test
    void beforeTheFirstFrameThereIsNoAudioTimeAndProviderFiguresAboveOursAreNotNegative() {
        TurnLatency latency = TurnLatency.spoken(0, 700);
        assertThat(latency.ledger().firstAudioMs()).isNull();
        assertThat(latency.ledger().serverAddedMs()).isNull();
        assertThat(latency.firstFrameSent()).isFalse();

        latency.firstDelta(10 * MS, 5_000);
        latency.firstFrameSent(20 * MS);
        assertThat(latency.ledger().serverAddedMs()).isZero();
        assertThat(latency.serverAddedParts()).as("no sentence nor audio reached the gateway: no parts").isNull();
    }
}
