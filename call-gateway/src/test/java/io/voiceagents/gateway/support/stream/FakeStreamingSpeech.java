package io.voiceagents.gateway.support.stream;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.domain.AgentVoice;

/**
 * tts-service's streaming synthesis in tests: by default every sentence becomes one chunk of tone, one 20 ms
 * frame per character (so a sentence's length in the playout is predictable); sentences matching
 * {@link #failWhen} fail; in manual mode the test delivers audio itself. Enabled per test profile only.
 */
@Alternative
@Singleton
public class FakeStreamingSpeech implements StreamingSpeech {

    public static final long PROVIDER_FIRST_BYTE_MS = 150;
    public static final byte TONE = (byte) 0x55;

    public final List<FakeSynthesis> syntheses = new CopyOnWriteArrayList<>();
    private volatile boolean manual;
    private volatile Predicate<String> failWhen = text -> false;
    private volatile Executor callbacks = Runnable::run;

    public void reset() {
        syntheses.clear();
        manual = false;
        failWhen = text -> false;
    }

    public void manual(boolean value) {
        this.manual = value;
    }

    public void failWhen(Predicate<String> value) {
        this.failWhen = value;
    }

    public void callbacksOn(Executor executor) {
        this.callbacks = executor;
    }

    public List<String> texts() {
        return syntheses.stream().map(s -> s.text).toList();
    }

    public static int framesFor(String text) {
        return Math.max(1, text.length());
    }

    @Override
    public SynthesisStream synthesize(String sentence, AgentVoice voice, AudioListener listener) {
        FakeSynthesis synthesis = new FakeSynthesis(sentence, voice, listener);
        syntheses.add(synthesis);
        if (!manual) {
            callbacks.execute(synthesis::play);
        }
        return synthesis;
    }

    public final class FakeSynthesis implements SynthesisStream {
        public final String text;
        public final AgentVoice voice;
        private final AudioListener listener;
        private boolean first = true;
        public volatile boolean cancelled;

        FakeSynthesis(String text, AgentVoice voice, AudioListener listener) {
            this.text = text;
            this.voice = voice;
            this.listener = listener;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        public void audio(int frames) {
            byte[] chunk = new byte[frames * 160];
            Arrays.fill(chunk, TONE);
            boolean isFirst = first;
            first = false;
            callbacks.execute(() -> listener.onAudio(chunk, isFirst, false, isFirst ? PROVIDER_FIRST_BYTE_MS : 0));
        }

        public void complete() {
            callbacks.execute(() -> listener.onComplete(text.length() * 20L));
        }

        public void fail() {
            callbacks.execute(() -> listener.onError(new SpeechSynthesisException("scripted failure", false, null)));
        }

        void play() {
            if (failWhen.test(text)) {
                fail();
                return;
            }
            audio(framesFor(text));
            complete();
        }
    }
}
