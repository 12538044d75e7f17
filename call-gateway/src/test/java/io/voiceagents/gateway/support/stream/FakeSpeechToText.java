package io.voiceagents.gateway.support.stream;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.SpeechToTextException;

/**
 * Speech-to-text in tests: records every recognition and the audio it got; when a recognition is finished it
 * returns the next transcript queued with {@link #willHear}, else nothing until the test answers by hand.
 * Enabled per test profile only.
 */
@Alternative
@Singleton
public class FakeSpeechToText implements SpeechToText {

    public final List<FakeRecognition> recognitions = new CopyOnWriteArrayList<>();
    private final Queue<String> transcripts = new ConcurrentLinkedQueue<>();
    private volatile Executor callbacks = Runnable::run;

    public void reset() {
        recognitions.clear();
        transcripts.clear();
    }

    /** Answers from another thread, as a real adapter does. */
    public void callbacksOn(Executor executor) {
        this.callbacks = executor;
    }

    /** The finals of the next recognitions to finish, in order ("" for noise). */
    public void willHear(String... finals) {
        transcripts.addAll(List.of(finals));
    }

    public FakeRecognition last() {
        return recognitions.get(recognitions.size() - 1);
    }

    @Override
    public Recognition open(Options options, Listener listener) {
        FakeRecognition recognition = new FakeRecognition(options, listener);
        recognitions.add(recognition);
        return recognition;
    }

    public final class FakeRecognition implements Recognition {
        public final Options options;
        private final Listener listener;
        public final AtomicInteger bytes = new AtomicInteger();
        public volatile boolean finished;
        public volatile boolean cancelled;

        FakeRecognition(Options options, Listener listener) {
            this.options = options;
            this.listener = listener;
        }

        @Override
        public void sendAudio(byte[] muLaw, int offset, int length) {
            bytes.addAndGet(length);
        }

        @Override
        public void finish() {
            finished = true;
            String transcript = transcripts.poll();
            if (transcript != null) {
                callbacks.execute(() -> listener.onFinal(transcript, 0.9f));
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        public void interim(String transcript) {
            callbacks.execute(() -> listener.onInterim(transcript, 0.5f));
        }

        public void hear(String transcript, float confidence) {
            callbacks.execute(() -> listener.onFinal(transcript, confidence));
        }

        public void fail() {
            callbacks.execute(() -> listener.onError(new SpeechToTextException("scripted failure", true, null)));
        }
    }
}
