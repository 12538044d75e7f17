package io.voiceagents.gateway.support.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.domain.TurnOutcome;

/**
 * agent-service's streaming replies in tests. By default it answers "You said: …." word by word ("bye" ends
 * the call); in manual mode the test sends deltas itself. Records requests, cancels and interruptions.
 * Enabled per test profile only.
 */
@Alternative
@Singleton
public class FakeConversationStreams implements ConversationStreams {

    public static final long FIRST_TOKEN_MS = 300;

    public record Request(String callSid, String utterance, float confidence, String dtmfDigits, String turnId) {
    }

    public record Interruption(String callSid, String turnId, String heardText) {
    }

    /** What an automatic reply says. */
    public record Script(List<String> deltas, TurnOutcome outcome, String transferTo) {

        public static Script say(String text, TurnOutcome outcome, String transferTo) {
            List<String> deltas = new ArrayList<>();
            for (String word : text.split("(?<= )")) {
                deltas.add(word);
            }
            return new Script(deltas, outcome, transferTo);
        }
    }

    public final List<FakeReply> replies = new CopyOnWriteArrayList<>();
    public final List<Interruption> interruptions = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Script> script = FakeConversationStreams::echo;
    private volatile boolean manual;
    private volatile Executor callbacks = Runnable::run;

    public static Script echo(Request request) {
        String utterance = request.utterance().strip();
        String said = request.dtmfDigits() != null ? "You pressed " + request.dtmfDigits() + "."
                : "You said: " + utterance + (utterance.matches(".*[.?!]$") ? "" : ".");
        boolean bye = request.utterance().toLowerCase().contains("bye");
        return bye ? Script.say("Goodbye, thanks for calling.", TurnOutcome.END_CALL, null)
                : Script.say(said, TurnOutcome.OK, null);
    }

    public void reset() {
        replies.clear();
        interruptions.clear();
        script = FakeConversationStreams::echo;
        manual = false;
    }

    public void manual(boolean value) {
        this.manual = value;
    }

    public void script(Function<Request, Script> value) {
        this.script = value;
    }

    public void callbacksOn(Executor executor) {
        this.callbacks = executor;
    }

    public FakeReply last() {
        return replies.get(replies.size() - 1);
    }

    @Override
    public ReplyStream streamReply(String callSid, String utterance, float confidence, String dtmfDigits, String turnId,
            ReplyListener listener) {
        FakeReply reply = new FakeReply(new Request(callSid, utterance, confidence, dtmfDigits, turnId), listener);
        replies.add(reply);
        if (!manual) {
            Script s = script.apply(reply.request);
            callbacks.execute(() -> reply.play(s));
        }
        return reply;
    }

    @Override
    public void recordInterruption(String callSid, String turnId, String heardText) {
        interruptions.add(new Interruption(callSid, turnId, heardText));
    }

    public final class FakeReply implements ReplyStream {
        public final Request request;
        private final ReplyListener listener;
        private boolean first = true;
        public volatile boolean cancelled;

        FakeReply(Request request, ReplyListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        public void delta(String text) {
            long firstToken = first ? FIRST_TOKEN_MS : 0;
            first = false;
            callbacks.execute(() -> listener.onDelta(text, firstToken));
        }

        public void complete(TurnOutcome outcome, String transferTo) {
            callbacks.execute(() -> listener.onComplete(new ReplyEnd(outcome, transferTo, 420, "m-" + request.turnId(), false)));
        }

        public void fail() {
            callbacks.execute(() -> listener.onError(new AgentServiceException("scripted failure", false, null)));
        }

        void play(Script s) {
            for (String d : s.deltas()) {
                if (cancelled) {
                    return;
                }
                delta(d);
            }
            if (!cancelled) {
                complete(s.outcome(), s.transferTo());
            }
        }
    }
}
