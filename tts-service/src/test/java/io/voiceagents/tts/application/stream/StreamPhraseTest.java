package io.voiceagents.tts.application.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voiceagents.audio.WavFile;
import io.voiceagents.tts.application.PhraseMemoryCache;
import io.voiceagents.tts.application.SynthesisCommand;
import io.voiceagents.tts.application.SynthesisMetrics;
import io.voiceagents.tts.application.SynthesisSettings;
import io.voiceagents.tts.application.port.PhraseStore;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;
import io.voiceagents.tts.application.port.TransientSynthesisException;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.InvalidPhraseException;
import io.voiceagents.tts.domain.Phrase;
import io.voiceagents.tts.domain.PhraseKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** StreamPhrase with a scripted provider and store: chunking, sharing, cancellation, retries, timeouts, caching. */
class StreamPhraseTest {

    private static final SynthesisSettings SYNTHESIS =
            new SynthesisSettings("en-US-Neural2-F", "en-US", 1000, Duration.ofSeconds(3), Duration.ofSeconds(30));
    private static final StreamSettings SETTINGS =
            new StreamSettings(1280, 8000, Duration.ofSeconds(5), Duration.ofSeconds(20), 1);

    private final ScriptedProvider provider = new ScriptedProvider();
    private final ScriptedStore store = new ScriptedStore();
    private final PhraseMemoryCache memory = new PhraseMemoryCache(1 << 20);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private StreamPhrase streams = newStreams(SETTINGS);

    private StreamPhrase newStreams(StreamSettings settings) {
        return new StreamPhrase(provider, store, memory, SYNTHESIS, settings, new SynthesisMetrics(registry));
    }

    @AfterEach
    void stop() {
        store.release.countDown();
        streams.shutdown();
    }

    @Test
    void aCachedPhraseIsCutIntoASmallFirstChunkThenLargerOnes() {
        Phrase phrase = cache("Welcome back", 20_000);
        Recorder caller = new Recorder();

        streams.stream(command("Welcome back"), caller);

        assertThat(caller.sizes()).containsExactly(1280, 8000, 8000, 2720);
        assertThat(caller.audio()).isEqualTo(WavFile.data(phrase.audio(), WavFile.parse(phrase.audio())));
        StreamedChunk first = caller.chunks.getFirst();
        assertThat(first.first()).isTrue();
        assertThat(first.cached()).isTrue();
        assertThat(first.providerFirstByteMs()).isZero();
        assertThat(caller.chunks.getLast().last()).isTrue();
        assertThat(caller.chunks.getLast().durationMs()).isEqualTo(2500);
        assertThat(caller.chunks.subList(0, 3)).noneMatch(StreamedChunk::last);
        assertThat(provider.starts).isEmpty();
        assertThat(timerCount("tts.stream.first.byte", "source", "memory")).isEqualTo(1);
    }

    @Test
    void providerAudioIsForwardedInWholeFramesAsItArrivesThenCached() {
        Recorder caller = new Recorder();
        streams.stream(command("Hello there"), caller);
        Start start = provider.only();

        start.sink.onAudio(new byte[250]);
        assertThat(caller.sizes()).as("one whole frame at once").containsExactly(160);
        start.sink.onAudio(new byte[2000]);
        assertThat(caller.sizes()).containsExactly(160, 2080);
        start.sink.onComplete();

        assertThat(caller.sizes()).containsExactly(160, 2080, 10);
        StreamedChunk first = caller.chunks.getFirst();
        assertThat(first.cached()).isFalse();
        assertThat(first.providerFirstByteMs()).isGreaterThanOrEqualTo(0);
        assertThat(caller.chunks.getLast().last()).isTrue();
        assertThat(caller.chunks.getLast().durationMs()).isEqualTo(2250 / 8);
        assertThat(caller.errors).isEmpty();

        Phrase cached = memory.get(AudioId.of(key("Hello there")));
        assertThat(cached).as("in memory as soon as the last chunk is out").isNotNull();
        assertThat(WavFile.data(cached.audio(), WavFile.parse(cached.audio()))).isEqualTo(caller.audio());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(store.saved).containsExactly(cached));
        assertThat(streams.flightsInProgress()).isZero();
    }

    @Test
    void aSecondCallerJoinsTheRunningSynthesisAndGetsWhatExistsAtOnce() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        streams.stream(command("Please hold"), a);
        Start start = provider.only();
        start.sink.onAudio(new byte[1000]);

        streams.stream(command("Please  hold "), b);

        assertThat(provider.starts).hasSize(1);
        assertThat(b.sizes()).containsExactly(960);
        start.sink.onAudio(new byte[500]);
        start.sink.onComplete();
        assertThat(b.audio()).isEqualTo(a.audio()).hasSize(1500);
        assertThat(b.chunks.getLast().last()).isTrue();
    }

    @Test
    void theProviderStopsWhenItsLastCallerLeaves() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        StreamHandle ha = streams.stream(command("Goodbye"), a);
        StreamHandle hb = streams.stream(command("Goodbye"), b);
        Start start = provider.only();

        ha.cancel();
        assertThat(start.cancelled).as("b still listens").isFalse();
        start.sink.onAudio(new byte[320]);
        assertThat(a.chunks).isEmpty();
        assertThat(b.sizes()).containsExactly(320);

        hb.cancel();
        hb.cancel();
        assertThat(start.cancelled).isTrue();
        start.sink.onAudio(new byte[320]);
        assertThat(b.sizes()).as("nothing after cancel").containsExactly(320);
        assertThat(streams.flightsInProgress()).isZero();
        assertThat(memory.size()).isZero();
    }

    @Test
    void aRetriableFailureBeforeAnyAudioIsRetriedOnceThenReported() {
        Recorder caller = new Recorder();
        streams.stream(command("Try again"), caller);

        provider.starts.get(0).sink.onError(new TransientSynthesisException("overloaded", null));
        assertThat(provider.starts).hasSize(2);
        assertThat(caller.errors).isEmpty();
        provider.starts.get(1).sink.onError(new TransientSynthesisException("still overloaded", null));

        assertThat(provider.starts).hasSize(2);
        assertThat(caller.errors).singleElement().isInstanceOf(TransientSynthesisException.class);
        assertThat(streams.flightsInProgress()).isZero();
    }

    @Test
    void aRejectionIsNotRetried() {
        Recorder caller = new Recorder();
        streams.stream(command("Bad voice"), caller);

        provider.only().sink.onError(new RejectedSynthesisException("unknown voice", null));

        assertThat(provider.starts).hasSize(1);
        assertThat(caller.errors).singleElement().isInstanceOf(RejectedSynthesisException.class);
    }

    @Test
    void aFailureAfterAudioEndsTheStreamWithTheError() {
        Recorder caller = new Recorder();
        streams.stream(command("Half a sentence"), caller);
        Start start = provider.only();
        start.sink.onAudio(new byte[800]);

        start.sink.onError(new TransientSynthesisException("connection reset", null));

        assertThat(provider.starts).as("audio was sent: no retry").hasSize(1);
        assertThat(caller.sizes()).containsExactly(800);
        assertThat(caller.chunks).noneMatch(StreamedChunk::last);
        assertThat(caller.errors).hasSize(1);
        assertThat(memory.size()).isZero();
    }

    @Test
    void aProviderFailingWhileStartingIsAFailureToo() {
        provider.failOnStart = new SynthesisFailedException("no credentials");
        Recorder caller = new Recorder();

        streams.stream(command("Anyone there"), caller);

        assertThat(caller.errors).singleElement().isSameAs(provider.failOnStart);
    }

    @Test
    void aProviderWithoutAudioIsAFailure() {
        Recorder caller = new Recorder();
        streams.stream(command("Silence"), caller);

        provider.only().sink.onComplete();

        assertThat(caller.errors).singleElement().isInstanceOf(SynthesisFailedException.class);
    }

    @Test
    void noAudioWithinTheFirstByteTimeoutFailsAndCancelsTheProvider() {
        streams.shutdown();
        streams = newStreams(new StreamSettings(1280, 8000, Duration.ofMillis(200), Duration.ofSeconds(20), 0));
        Recorder caller = new Recorder();
        streams.stream(command("Too slow"), caller);

        await().atMost(Duration.ofSeconds(5)).until(() -> !caller.errors.isEmpty());

        assertThat(caller.errors.getFirst()).isInstanceOf(TransientSynthesisException.class)
                .hasMessageContaining("200 ms");
        assertThat(provider.only().cancelled).isTrue();
    }

    @Test
    void thePhraseTableAnsweringBeforeTheProviderWins() throws InterruptedException {
        Phrase stored = phrase("Stored earlier", 4000);
        store.found = Optional.of(stored);
        store.release.countDown();
        Recorder caller = new Recorder();

        streams.stream(command("Stored earlier"), caller);

        await().atMost(Duration.ofSeconds(5)).until(() -> !caller.chunks.isEmpty() && caller.chunks.getLast().last());
        assertThat(caller.chunks.getFirst().cached()).isTrue();
        assertThat(caller.audio()).hasSize(4000);
        assertThat(provider.only().cancelled).isTrue();
        assertThat(memory.get(stored.id())).isSameAs(stored);
        assertThat(store.saved).isEmpty();
    }

    @Test
    void theProviderSpeakingBeforeThePhraseTableAnswersKeepsGoing() throws InterruptedException {
        store.found = Optional.of(phrase("Race", 4000));
        Recorder caller = new Recorder();
        streams.stream(command("Race"), caller);
        Start start = provider.only();
        start.sink.onAudio(new byte[480]);

        store.release.countDown();
        assertThat(store.answered.await(5, TimeUnit.SECONDS)).isTrue();
        start.sink.onComplete();

        assertThat(caller.chunks.getFirst().cached()).isFalse();
        assertThat(caller.audio()).hasSize(480);
        assertThat(start.cancelled).isFalse();
    }

    @Test
    void invalidTextIsRejectedBeforeAnything() {
        assertThatThrownBy(() -> streams.stream(command("   "), new Recorder())).isInstanceOf(InvalidPhraseException.class);
        assertThat(provider.starts).isEmpty();
    }

    private static SynthesisCommand command(String text) {
        return new SynthesisCommand(text, "", "", AudioFormat.WAV_MULAW_8K);
    }

    private static PhraseKey key(String text) {
        return SYNTHESIS.keyOf(command(text));
    }

    private static Phrase phrase(String text, int samples) {
        byte[] audio = new byte[samples];
        for (int i = 0; i < samples; i++) {
            audio[i] = (byte) i;
        }
        return Phrase.of(key(text), WavFile.muLaw8kMono(audio), samples / 8);
    }

    private Phrase cache(String text, int samples) {
        Phrase phrase = phrase(text, samples);
        memory.put(phrase);
        return phrase;
    }

    private long timerCount(String name, String tag, String value) {
        var timer = registry.find(name).tag(tag, value).timer();
        return timer == null ? 0 : timer.count();
    }

    /** What one caller received. */
    private static final class Recorder implements ChunkListener {
        final List<StreamedChunk> chunks = new CopyOnWriteArrayList<>();
        final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onChunk(StreamedChunk chunk) {
            chunks.add(chunk);
        }

        @Override
        public void onError(RuntimeException error) {
            errors.add(error);
        }

        List<Integer> sizes() {
            return chunks.stream().map(c -> c.audio().length).toList();
        }

        byte[] audio() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.forEach(c -> all.writeBytes(c.audio()));
            return all.toByteArray();
        }
    }

    private static final class Start implements StreamingSpeechSynthesizer.ProviderStream {
        final SynthesisRequest request;
        final StreamingSpeechSynthesizer.AudioSink sink;
        volatile boolean cancelled;

        Start(SynthesisRequest request, StreamingSpeechSynthesizer.AudioSink sink) {
            this.request = request;
            this.sink = sink;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** A provider the test drives by hand through the sinks it was given. */
    private static final class ScriptedProvider implements StreamingSpeechSynthesizer {
        final List<Start> starts = new CopyOnWriteArrayList<>();
        SynthesisFailedException failOnStart;

        @Override
        public ProviderStream start(SynthesisRequest request, AudioSink sink) {
            Start start = new Start(request, sink);
            starts.add(start);
            if (failOnStart != null) {
                sink.onError(failOnStart);
            }
            return start;
        }

        @Override
        public boolean streams(String voice) {
            return voice.contains("Chirp3-HD");
        }

        Start only() {
            assertThat(starts).hasSize(1);
            return starts.getFirst();
        }
    }

    /** A phrase table that answers when released (never, unless the test says so). */
    private static final class ScriptedStore implements PhraseStore {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch answered = new CountDownLatch(1);
        final List<Phrase> saved = new CopyOnWriteArrayList<>();
        volatile Optional<Phrase> found = Optional.empty();

        @Override
        public Optional<Phrase> find(AudioId id) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Optional<Phrase> answer = found.filter(p -> p.id().equals(id));
            answered.countDown();
            return answer;
        }

        @Override
        public void saveIfAbsent(Phrase phrase) {
            saved.add(phrase);
        }

        @Override
        public void recordHit(AudioId id) {
        }
    }
}
