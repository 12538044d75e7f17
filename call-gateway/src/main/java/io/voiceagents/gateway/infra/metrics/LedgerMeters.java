package io.voiceagents.gateway.infra.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voiceagents.gateway.domain.LatencyLedger;

/**
 * One histogram per stage of the latency ledger, under one meter name ({@code stage} tag). Stages a turn did not go
 * through (null in its ledger) are not recorded, so a relay turn without STT or TTS stages does not count zeros.
 */
final class LedgerMeters {

    private final Timer endpointing;
    private final Timer sttFinal;
    private final Timer llmFirstToken;
    private final Timer ttsFirstByte;
    private final Timer firstAudio;
    private final Timer serverAdded;

    LedgerMeters(MeterRegistry registry, String name, String description) {
        this.endpointing = stage(registry, name, description, "endpointing");
        this.sttFinal = stage(registry, name, description, "stt_final");
        this.llmFirstToken = stage(registry, name, description, "llm_first_token");
        this.ttsFirstByte = stage(registry, name, description, "tts_first_byte");
        this.firstAudio = stage(registry, name, description, "first_audio");
        this.serverAdded = stage(registry, name, description, "server_added");
    }

    private static Timer stage(MeterRegistry registry, String name, String description, String stage) {
        return Timer.builder(name).description(description).tag("stage", stage).publishPercentileHistogram()
                .register(registry);
    }

    void record(LatencyLedger ledger) {
        record(endpointing, ledger.endpointingMs());
        record(sttFinal, ledger.sttFinalMs());
        record(llmFirstToken, ledger.llmFirstTokenMs());
        record(ttsFirstByte, ledger.ttsFirstByteMs());
        record(firstAudio, ledger.firstAudioMs());
        record(serverAdded, ledger.serverAddedMs());
    }

    private static void record(Timer timer, Long millis) {
        if (millis != null) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }
    }
}
