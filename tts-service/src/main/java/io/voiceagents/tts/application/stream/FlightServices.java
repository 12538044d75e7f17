package io.voiceagents.tts.application.stream;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.voiceagents.tts.application.PhraseMemoryCache;
import io.voiceagents.tts.application.SynthesisMetrics;
import io.voiceagents.tts.application.port.PhraseStore;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer;

/**
 * What every {@link AudioFlight} works with, handed over once by {@link StreamPhrase}.
 *
 * @param provider   the streaming provider
 * @param store      the phrase table, looked up and written off the caller's path
 * @param memory     the in-memory phrase cache, filled as soon as a sentence is complete
 * @param metrics    meters
 * @param settings   chunk sizes, timeouts and retries
 * @param timers     runs the first-byte and total timeouts
 * @param background blocking work (database) off the event loop and provider threads
 */
record FlightServices(StreamingSpeechSynthesizer provider, PhraseStore store, PhraseMemoryCache memory,
                      SynthesisMetrics metrics, StreamSettings settings, ScheduledExecutorService timers,
                      Executor background) {
}
