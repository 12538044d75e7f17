package io.voiceagents.outbound.application;

import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.application.port.CallMetadataSource;
import io.voiceagents.outbound.application.port.OutboundCallRepository;
import io.voiceagents.outbound.application.port.OutboundCallRepository.CallFilter;
import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads of outbound calls: the REST API and the instructions call-gateway asks for when a call connects. */
@ApplicationScoped
public class OutboundCallQueries {

    /** What the agent needs when the callee answers. {@code metadataJson} is null when there is none. */
    public record Instructions(OutboundCall call, String metadataJson) {
    }

    private final OutboundCallRepository calls;
    private final CallMetadataSource metadata;

    @Inject
    public OutboundCallQueries(OutboundCallRepository calls, CallMetadataSource metadata) {
        this.calls = calls;
        this.metadata = metadata;
    }

    public Optional<OutboundCall> find(UUID id) {
        return calls.find(id);
    }

    public Page<OutboundCall> list(CallFilter filter, int page, int size) {
        return calls.list(filter, page, size);
    }

    public Optional<Instructions> instructions(UUID id) {
        return calls.find(id).map(call -> new Instructions(call, metadata.metadataJson(call)));
    }
}
