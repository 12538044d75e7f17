package io.voiceagents.agent.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StreamBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final StreamBreaker breaker = new StreamBreaker(now::get);

    @Test
    void opensWhenThreeQuartersOfTheLastTwentyStartsFailed() {
        for (int i = 0; i < 5; i++) {
            breaker.success();
        }
        for (int i = 0; i < 14; i++) {
            breaker.failure();
        }
        assertThat(breaker.allows()).as("14 of 19").isTrue();
        breaker.failure();
        assertThat(breaker.allows()).as("15 of 20").isFalse();
    }

    @Test
    void fewerThanTwentyStartsNeverOpenIt() {
        for (int i = 0; i < 19; i++) {
            breaker.failure();
        }
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        for (int i = 0; i < 14; i++) {
            breaker.failure();
        }
        for (int i = 0; i < 20; i++) {
            breaker.success();
        }
        for (int i = 0; i < 14; i++) {
            breaker.failure();
        }
        assertThat(breaker.allows()).as("14 failures in the last 20").isTrue();
    }

    @Test
    void afterTenSecondsTrialsGoThroughAndTwoSuccessesCloseIt() {
        open();
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(breaker.allows()).isTrue();
        breaker.success();
        breaker.success();
        assertThat(breaker.isOpen()).isFalse();
        // Closed with a fresh window: one failure does not reopen it.
        breaker.failure();
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void aFailedTrialReopensIt() {
        open();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(breaker.allows()).isTrue();
        breaker.success();
        breaker.failure();
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(breaker.allows()).isTrue();
    }

    private void open() {
        for (int i = 0; i < 20; i++) {
            breaker.failure();
        }
        assertThat(breaker.allows()).isFalse();
    }
}
