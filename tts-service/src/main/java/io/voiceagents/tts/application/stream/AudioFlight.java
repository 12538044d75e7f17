package io.voiceagents.tts.application.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.voiceagents.audio.InvalidWavException;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer.AudioSink;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer.ProviderStream;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;
import io.voiceagents.tts.application.port.TransientSynthesisException;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.Phrase;
import io.voiceagents.tts.domain.PhraseKey;
import org.jboss.logging.Logger;

/**
 * One sentence on its way from the provider, shared by every caller who asks for it meanwhile (a campaign's
 * calls all greeting at once pay for one synthesis). Audio is kept as it arrives, so a late joiner gets what
 * was produced so far at once, then the rest live.
 *
 * <p>The phrase table is looked up in parallel with the provider request rather than before it, keeping the
 * database off the path to the first byte: if the table has the phrase before the provider's first audio, the
 * provider request is cancelled and the stored audio sent instead. A complete sentence goes to the memory cache
 * at once and to the table in the background, after the last chunk went out.
 *
 * <p>Every state change holds this object's lock, whichever thread brings it (provider, database lookup,
 * timer, a caller leaving); writers are only called under it, so each caller's chunks are ordered and never
 * concurrent. Provider callbacks carry their attempt number, so a late callback of a replaced or cancelled
 * attempt changes nothing.
 */
final class AudioFlight {

    private static final Logger LOG = Logger.getLogger(AudioFlight.class);

    private final FlightServices services;
    private final AudioId id;
    private final PhraseKey key;
    private final String mode;
    private final Consumer<AudioFlight> forget;
    private final List<ChunkWriter> writers = new ArrayList<>(2);
    private byte[] audio = new byte[MuLaw.SAMPLE_RATE];
    private int length;
    private ChunkWriter.Origin origin;
    private boolean complete;
    private boolean ended;
    private boolean inStore;
    private int attempt;
    private ProviderStream provider;
    private long providerStartedNanos;
    private boolean providerMeasured;
    private ScheduledFuture<?> firstByteTimer;
    private ScheduledFuture<?> totalTimer;

    /** @param forget removes this flight from the running ones, so the next caller starts afresh or hits the cache */
    AudioFlight(FlightServices services, AudioId id, PhraseKey key, Consumer<AudioFlight> forget) {
        this.services = services;
        this.id = id;
        this.key = key;
        this.mode = services.provider().streams(key.voice()) ? "streaming" : "unary";
        this.forget = forget;
    }

    /**
     * Adds a caller and sends it what exists already.
     *
     * @return false when the flight has ended meanwhile: the caller looks again (the cache has it, or a new
     * flight is needed)
     */
    synchronized boolean join(ChunkWriter writer, boolean startsIt) {
        if (ended) {
            return false;
        }
        writers.add(writer);
        writer.joined(this, startsIt);
        if (origin != null) {
            writer.offer(audio, 0, length, false, origin);
        }
        return true;
    }

    /** Starts the provider request and, alongside, the phrase table lookup. */
    synchronized void start() {
        if (ended) {
            return;
        }
        totalTimer = schedule(services.settings().totalTimeout(), this::totalTimeout);
        startProvider();
        lookUpStore();
    }

    /** A caller went away; the last one to leave stops the provider. */
    synchronized void leave(ChunkWriter writer) {
        if (!writers.remove(writer)) {
            return;
        }
        writer.cancelled();
        if (writers.isEmpty() && !ended) {
            LOG.debugf("every caller left phrase %s: cancelling the provider request", id);
            measureProvider("cancelled");
            end();
        }
    }

    private void startProvider() {
        int current = ++attempt;
        providerStartedNanos = System.nanoTime();
        providerMeasured = false;
        firstByteTimer = schedule(services.settings().firstByteTimeout(), () -> firstByteTimeout(current));
        SynthesisRequest request = new SynthesisRequest(key.text(), key.voice(), key.language(), key.format());
        try {
            ProviderStream started = services.provider().start(request, new Attempt(current));
            if (attempt == current && !ended) {
                provider = started;
            } else {
                // it failed (and was retried) or was superseded while starting
                started.cancel();
            }
        } catch (RuntimeException e) {
            providerFailed(current, e instanceof SynthesisFailedException failed ? failed
                    : new SynthesisFailedException("the provider request could not start: " + e, e));
        }
    }

    private synchronized void audioArrived(int from, byte[] bytes) {
        if (ended || from != attempt || bytes.length == 0) {
            return;
        }
        if (origin == null) {
            long firstByte = System.nanoTime() - providerStartedNanos;
            cancel(firstByteTimer);
            origin = new ChunkWriter.Origin(ChunkWriter.Origin.PROVIDER, false,
                    TimeUnit.NANOSECONDS.toMillis(firstByte), firstByte);
            services.metrics().streamProviderFirstByte(mode, firstByte);
        }
        append(bytes, 0, bytes.length);
        for (ChunkWriter writer : List.copyOf(writers)) {
            writer.offer(audio, 0, length, false, origin);
        }
    }

    private synchronized void providerCompleted(int from) {
        if (ended || from != attempt) {
            return;
        }
        if (length == 0) {
            providerFailed(from, new SynthesisFailedException("the provider finished without any audio"));
            return;
        }
        measureProvider("ok");
        provider = null;
        // into memory before this flight is forgotten, so no caller finds neither and starts another synthesis
        Phrase phrase = keepInMemory();
        completeWithAudio();
        if (!inStore) {
            storeLater(phrase);
        }
    }

    private synchronized void providerFailed(int from, SynthesisFailedException error) {
        if (ended || from != attempt) {
            return;
        }
        provider = null;
        cancel(firstByteTimer);
        measureProvider(error instanceof RejectedSynthesisException ? "rejected" : "failed");
        boolean retriable = error instanceof TransientSynthesisException;
        if (retriable && length == 0 && attempt <= services.settings().providerRetries() && !writers.isEmpty()) {
            LOG.debugf("provider attempt %d for phrase %s failed, trying again: %s", from, id, error.getMessage());
            startProvider();
            return;
        }
        failAll(error);
    }

    private synchronized void firstByteTimeout(int from) {
        if (ended || from != attempt || origin != null) {
            return;
        }
        measureProvider("timeout");
        failAll(new TransientSynthesisException("no audio from the provider within "
                + services.settings().firstByteTimeout().toMillis() + " ms", null));
    }

    private synchronized void totalTimeout() {
        if (ended) {
            return;
        }
        measureProvider("timeout");
        failAll(new TransientSynthesisException("the provider did not finish the sentence within "
                + services.settings().totalTimeout().toMillis() + " ms", null));
    }

    private void lookUpStore() {
        try {
            services.background().execute(() -> {
                long started = System.nanoTime();
                Optional<Phrase> found;
                String result;
                try {
                    found = services.store().find(id);
                    result = found.isPresent() ? "hit" : "miss";
                } catch (RuntimeException e) {
                    LOG.warnf("phrase table lookup of %s failed, the provider answers instead: %s", id, e.toString());
                    found = Optional.empty();
                    result = "error";
                }
                services.metrics().storeLookup(result, System.nanoTime() - started);
                storeAnswered(found);
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("shutting down: phrase table not consulted for %s", id);
        }
    }

    private synchronized void storeAnswered(Optional<Phrase> found) {
        if (found.isEmpty()) {
            services.metrics().cacheMiss();
            return;
        }
        inStore = true;
        if (ended || origin != null) {
            // the provider spoke first; its audio is the same sentence, so carry on with it
            return;
        }
        Phrase phrase = found.get();
        WavFormat format;
        try {
            format = WavFile.parse(phrase.audio());
        } catch (InvalidWavException e) {
            LOG.warnf("phrase %s in the table is not a readable WAV file, the provider answers instead: %s", id, e.getMessage());
            return;
        }
        if (!format.isMuLaw8kMono() || format.dataLength() == 0) {
            return;
        }
        services.metrics().cacheHit("database");
        measureProvider("superseded");
        origin = ChunkWriter.Origin.cache(ChunkWriter.Origin.DATABASE);
        append(phrase.audio(), format.dataOffset(), format.dataLength());
        services.memory().put(phrase);
        completeWithAudio();
    }

    /** Sends every caller the rest of the audio and its last chunk. */
    private void completeWithAudio() {
        complete = true;
        List<ChunkWriter> waiting = List.copyOf(writers);
        end();
        for (ChunkWriter writer : waiting) {
            writer.offer(audio, 0, length, true, origin);
        }
    }

    private void failAll(RuntimeException error) {
        List<ChunkWriter> waiting = List.copyOf(writers);
        end();
        for (ChunkWriter writer : waiting) {
            writer.fail(error);
        }
    }

    /** No state change follows: timers and the provider stop, and the next caller will not find this flight. */
    private void end() {
        ended = true;
        cancel(firstByteTimer);
        cancel(totalTimer);
        if (provider != null) {
            provider.cancel();
            provider = null;
        }
        writers.clear();
        forget.accept(this);
    }

    /** The complete sentence as a phrase, like the ones unary synthesis makes, in the memory cache. */
    private Phrase keepInMemory() {
        byte[] wav = WavFile.write(audio, 0, length, WavFile.FORMAT_MULAW, 1, MuLaw.SAMPLE_RATE, 8);
        Phrase phrase = new Phrase(id, key, wav, length * 1000L / MuLaw.SAMPLE_RATE);
        services.memory().put(phrase);
        return phrase;
    }

    /** Into the phrase table, off every caller's path: other instances and restarts find it there. */
    private void storeLater(Phrase phrase) {
        try {
            services.background().execute(() -> {
                try {
                    services.store().saveIfAbsent(phrase);
                } catch (RuntimeException e) {
                    LOG.warnf("could not store streamed phrase %s, it stays in this instance's memory only: %s", id, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("shutting down: streamed phrase %s not stored", id);
        }
    }

    private void append(byte[] bytes, int offset, int count) {
        if (length + count > audio.length) {
            audio = Arrays.copyOf(audio, Math.max(audio.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, audio, length, count);
        length += count;
    }

    private void measureProvider(String outcome) {
        if (!providerMeasured && attempt > 0) {
            providerMeasured = true;
            services.metrics().streamProvider(mode, outcome, System.nanoTime() - providerStartedNanos);
        }
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        try {
            return services.timers().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** The sink of one provider attempt. */
    private final class Attempt implements AudioSink {

        private final int number;

        Attempt(int number) {
            this.number = number;
        }

        @Override
        public void onAudio(byte[] muLaw) {
            audioArrived(number, muLaw);
        }

        @Override
        public void onComplete() {
            providerCompleted(number);
        }

        @Override
        public void onError(SynthesisFailedException error) {
            providerFailed(number, error);
        }
    }
}
