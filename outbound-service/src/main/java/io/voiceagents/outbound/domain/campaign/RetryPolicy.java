package io.voiceagents.outbound.domain.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which call outcomes are tried again, how many calls a contact gets in all, and how long to wait between them.
 *
 * @param retryOn      outcomes worth another call: busy, no-answer, failed
 * @param maxAttempts  calls per contact in all, the first one included (1 = never retry), 1 to {@link #MAX_ATTEMPTS}
 * @param delay        wait after an unsuccessful call before the next one
 */
public record RetryPolicy(Set<CallOutcome> retryOn, int maxAttempts, Duration delay) {

    public static final int MAX_ATTEMPTS = 10;
    /** A retry a week later is a new campaign, not a retry. */
    public static final Duration MAX_DELAY = Duration.ofDays(7);

    public static final RetryPolicy NEVER = new RetryPolicy(Set.of(), 1, Duration.ZERO);

    public RetryPolicy {
        if (retryOn == null) {
            throw new IllegalArgumentException("retry outcomes are required");
        }
        if (retryOn.stream().anyMatch(outcome -> !outcome.isRetriable())) {
            throw new IllegalArgumentException("only busy, no-answer and failed calls can be retried");
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS);
        }
        if (delay == null || delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be between 0 and " + MAX_DELAY.toSeconds() + " seconds");
        }
        retryOn = retryOn.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(retryOn));
    }

    /**
     * What becomes of a contact after a call ended.
     *
     * @param outcome         how the call ended
     * @param attemptsMade    calls the contact has had, this one included
     * @param campaignStatus  the campaign's status now: a canceled campaign retries nobody
     * @param now             when the call ended
     */
    public ContactNext afterCall(CallOutcome outcome, int attemptsMade, CampaignStatus campaignStatus, Instant now) {
        return switch (outcome) {
            case COMPLETED -> ContactNext.done(ContactStatus.COMPLETED);
            case CANCELED -> ContactNext.done(ContactStatus.CANCELED);
            case BUSY, NO_ANSWER, FAILED -> {
                if (!retryOn.contains(outcome) || attemptsMade >= maxAttempts) {
                    yield ContactNext.done(ContactStatus.FAILED);
                }
                if (campaignStatus == CampaignStatus.CANCELED) {
                    // would have been retried: the campaign's cancel stopped it, so it did not fail on its own
                    yield ContactNext.done(ContactStatus.CANCELED);
                }
                yield new ContactNext(ContactStatus.WAITING_RETRY, now.plus(delay));
            }
        };
    }

    /**
     * @param status         the contact's status after the call
     * @param nextAttemptAt  when to call again (waiting-retry only), else null
     */
    public record ContactNext(ContactStatus status, Instant nextAttemptAt) {

        static ContactNext done(ContactStatus status) {
            return new ContactNext(status, null);
        }
    }
}
