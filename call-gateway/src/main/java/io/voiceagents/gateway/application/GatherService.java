package io.voiceagents.gateway.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.AgentConversations;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.config.GatewaySettings;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.twiml.Prompt;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * One caller turn of a gather-mode call. Silence is re-prompted, then ended politely; speech goes to
 * the agent and its reply is spoken. A retried webhook replays the stored turn instead of adding one,
 * and any agent failure becomes a short apology: the caller never hears dead air or a Twilio error.
 */
@ApplicationScoped
public class GatherService {

    private static final Logger LOG = Logger.getLogger(GatherService.class);

    private final AgentConversations agents;
    private final CallRepository calls;
    private final TurnRepository turns;
    private final CallEventPublisher events;
    private final GatewayMetrics metrics;
    private final Speaker speaker;
    private final GatewaySettings settings;
    private final LiveCallFeed live;

    @Inject
    public GatherService(AgentConversations agents, CallRepository calls, TurnRepository turns,
            CallEventPublisher events, GatewayMetrics metrics, Speaker speaker, GatewaySettings settings,
            LiveCallFeed live) {
        this.agents = agents;
        this.calls = calls;
        this.turns = turns;
        this.events = events;
        this.metrics = metrics;
        this.speaker = speaker;
        this.settings = settings;
        this.live = live;
    }

    /**
     * @param speechResult     Twilio's transcription; null or blank means the caller said nothing
     * @param idempotencyToken I-Twilio-Idempotency-Token, null when absent
     */
    public record GatherInput(String callSid, String speechResult, float confidence, String idempotencyToken) {
    }

    public TwimlResponse handle(GatherInput input) {
        long start = System.nanoTime();
        Optional<Call> found = calls.find(input.callSid());
        if (found.isEmpty()) {
            LOG.warnf("gather for unknown call %s: ending it", input.callSid());
            return TwimlResponse.create()
                    .prompt(speaker.say(messages().unavailable(), AgentVoice.defaults()))
                    .hangup();
        }
        Call call = found.get();
        if (input.speechResult() == null || input.speechResult().isBlank()) {
            return silence(call, input.idempotencyToken());
        }
        calls.resetSilences(call.callSid());
        String utterance = input.speechResult().trim();
        Optional<Turn> last = turns.lastTurn(call.callSid());
        Optional<Turn> retried = last.filter(turn -> isRetryOf(turn, utterance, input.idempotencyToken()));
        if (retried.isPresent()) {
            LOG.infof("call %s: gather webhook retried, replaying turn %d", call.callSid(), retried.get().turnIndex());
            Turn replayed = retried.get();
            return render(call, replayed, speakAgain(replayed, call.voice()), storedTransferTarget(call, replayed));
        }
        int turnIndex = last.map(turn -> turn.turnIndex() + 1).orElse(Turn.GREETING_INDEX + 1);
        return newTurn(call, turnIndex, utterance, input, start);
    }

    private TwimlResponse newTurn(Call call, int turnIndex, String utterance, GatherInput input, long start) {
        String text;
        TurnOutcome outcome;
        Long llmLatencyMs;
        String transferTo = null;
        Speaker.Spoken spoken;
        try {
            AgentConversations.AgentReply reply = agents.reply(call.callSid(), utterance, input.confidence(),
                    Turn.turnId(call.callSid(), turnIndex));
            text = reply.text();
            outcome = reply.outcome();
            llmLatencyMs = reply.llmLatencyMs();
            transferTo = reply.transferTo();
            spoken = speaker.speak(text, call.voice());
        } catch (AgentServiceException e) {
            LOG.warnf("call %s turn %d: agent-service %s, the caller hears an apology: %s", call.callSid(), turnIndex,
                    e.timedOut() ? "missed the reply budget" : "failed", e.getMessage());
            text = messages().apology();
            outcome = TurnOutcome.FALLBACK;
            llmLatencyMs = null;
            // a fixed apology is spoken by Twilio directly: the turn has already used up its time
            spoken = new Speaker.Spoken(speaker.say(text, call.voice()), null, false);
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        Turn turn = new Turn(call.callSid(), turnIndex, utterance, input.confidence(), text, outcome, llmLatencyMs,
                spoken.ttsLatencyMs(), spoken.ttsFallback(), totalMs, Instant.now(), input.idempotencyToken());
        if (!turns.insertIfAbsent(turn)) {
            // a concurrent delivery of the same webhook stored this turn first: answer with its reply
            Turn stored = turns.find(call.callSid(), turnIndex).orElse(turn);
            return render(call, stored, stored.agentText().equals(text) ? spoken.prompt() : speakAgain(stored, call.voice()),
                    transferTo);
        }
        events.publish(CallEvents.of(turn, call.agentId()));
        metrics.turnCompleted(outcome, spoken.ttsFallback());
        // gather mode learns the caller's words and the whole reply at once: one line each for live viewers
        live.publish(new LiveCallEvent(call.callSid(), turn.createdAt(), LiveCallEvent.Type.CALLER_FINAL, utterance,
                turnIndex));
        live.publish(new LiveCallEvent(call.callSid(), turn.createdAt(), LiveCallEvent.Type.AGENT_DONE, text, turnIndex));
        return render(call, turn, spoken.prompt(), transferTo);
    }

    private TwimlResponse silence(Call call, String idempotencyToken) {
        int silences = calls.registerSilence(call.callSid(), idempotencyToken);
        if (silences > settings.config().silence().maxReprompts()) {
            LOG.infof("call %s: %d silent gathers in a row, saying goodbye", call.callSid(), silences);
            return TwimlResponse.create()
                    .prompt(speaker.speak(messages().goodbye(), call.voice()).prompt())
                    .hangup();
        }
        return gather(call, speaker.speak(messages().reprompt(), call.voice()).prompt());
    }

    private boolean isRetryOf(Turn last, String utterance, String idempotencyToken) {
        if (last.turnIndex() == Turn.GREETING_INDEX) {
            return false;
        }
        if (idempotencyToken != null && idempotencyToken.equals(last.idempotencyToken())) {
            return true;
        }
        Duration window = settings.config().gather().retryWindow();
        return Objects.equals(last.callerText(), utterance)
                && last.createdAt() != null
                && Duration.between(last.createdAt(), Instant.now()).compareTo(window) <= 0;
    }

    /** Replays a stored reply; tts-service caches phrases, so this is usually instant. */
    private Prompt speakAgain(Turn turn, AgentVoice voice) {
        return speaker.speak(turn.agentText(), voice).prompt();
    }

    /**
     * The number a replayed TRANSFER turn dials: the gateway does not keep it, agent-service does — asking again
     * with the same turn id returns the stored reply (no second LLM call). Null (the caller is hung up on) when
     * agent-service cannot say.
     */
    private String storedTransferTarget(Call call, Turn turn) {
        if (turn.outcome() != TurnOutcome.TRANSFER) {
            return null;
        }
        try {
            return agents.reply(call.callSid(), turn.callerText(), turn.confidence() == null ? 0f : turn.confidence(),
                    Turn.turnId(call.callSid(), turn.turnIndex())).transferTo();
        } catch (AgentServiceException e) {
            LOG.warnf("call %s turn %d: the transfer number of a replayed turn is unknown (%s); hanging up",
                    call.callSid(), turn.turnIndex(), e.getMessage());
            return null;
        }
    }

    /** A TRANSFER turn with a number dials it after the reply (Twilio ends the call when the dialled leg ends). */
    private TwimlResponse render(Call call, Turn turn, Prompt prompt, String transferTo) {
        if (turn.outcome() == TurnOutcome.TRANSFER && transferTo != null) {
            return TwimlResponse.create().prompt(prompt).dial(transferTo);
        }
        if (turn.endsCall()) {
            return TwimlResponse.create().prompt(prompt).hangup();
        }
        return gather(call, prompt);
    }

    private TwimlResponse gather(Call call, Prompt prompt) {
        return TwimlResponse.create()
                .gather(new TwimlResponse.SpeechGather(settings.gatherUrl(), call.voice().language()), prompt)
                .redirect(settings.gatherUrl());
    }

    private GatewayConfig.Messages messages() {
        return settings.config().messages();
    }
}
