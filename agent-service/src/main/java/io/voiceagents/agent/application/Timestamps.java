package io.voiceagents.agent.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

final class Timestamps {

    private Timestamps() {
    }

    /** Postgres keeps microseconds: truncating here makes what a write returns equal what a read returns. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
