package io.voiceagents.testkit.twilio;

import java.util.List;
import java.util.Map;

/**
 * Which status callbacks to send and how unreliably: Twilio may deliver them out of order and more than once.
 *
 * @param events              events in generation order: {@code initiated}, {@code ringing}, {@code answered}
 *                            (sent as CallStatus {@code in-progress}), {@code completed}, {@code busy},
 *                            {@code no-answer}, {@code failed}, {@code canceled}
 * @param duplicates          how many deliveries to send a second time (retries)
 * @param shuffle             deliver in a random order
 * @param seed                seed of the Random used for shuffling and picking duplicates
 * @param callDurationSeconds {@code CallDuration} sent with {@code completed}
 * @param extraParams         added to every callback
 */
public record StatusCallbackPlan(List<String> events, int duplicates, boolean shuffle, long seed,
                                 int callDurationSeconds, Map<String, String> extraParams) {

    public StatusCallbackPlan {
        events = List.copyOf(events);
        extraParams = Map.copyOf(extraParams);
    }

    /** In-order, once each, 1 second long. */
    public static StatusCallbackPlan of(String... events) {
        return new StatusCallbackPlan(List.of(events), 0, false, 0L, 1, Map.of());
    }

    public StatusCallbackPlan withDuplicates(int count) {
        return new StatusCallbackPlan(events, count, shuffle, seed, callDurationSeconds, extraParams);
    }

    public StatusCallbackPlan shuffled(long randomSeed) {
        return new StatusCallbackPlan(events, duplicates, true, randomSeed, callDurationSeconds, extraParams);
    }

    public StatusCallbackPlan withSeed(long randomSeed) {
        return new StatusCallbackPlan(events, duplicates, shuffle, randomSeed, callDurationSeconds, extraParams);
    }

    public StatusCallbackPlan withCallDuration(int seconds) {
        return new StatusCallbackPlan(events, duplicates, shuffle, seed, seconds, extraParams);
    }

    public StatusCallbackPlan withParams(Map<String, String> params) {
        return new StatusCallbackPlan(events, duplicates, shuffle, seed, callDurationSeconds, params);
    }
}
