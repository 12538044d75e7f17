package io.voiceagents.gateway.application;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.Turn;

/** Read side of calls: pages of calls and one call with its transcript. */
@ApplicationScoped
public class CallQueryService {

    private final CallRepository calls;
    private final TurnRepository turns;

    @Inject
    public CallQueryService(CallRepository calls, TurnRepository turns) {
        this.calls = calls;
        this.turns = turns;
    }

    /** A call and every turn in order, greeting first. */
    public record CallWithTranscript(Call call, List<Turn> transcript) {
    }

    public CallRepository.CallPage list(CallRepository.CallFilter filter, int page, int size) {
        return calls.list(filter, page, size);
    }

    public Optional<CallWithTranscript> find(String callSid) {
        return calls.find(callSid).map(call -> new CallWithTranscript(call, turns.listForCall(callSid)));
    }
}
