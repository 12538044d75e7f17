package io.voiceagents.outbound.api.grpc;

import java.util.Optional;
import java.util.UUID;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.voiceagents.contracts.outbound.v1.GetOutboundCallRequest;
import io.voiceagents.contracts.outbound.v1.OutboundCallInstructions;
import io.voiceagents.contracts.outbound.v1.OutboundCallService;
import io.voiceagents.outbound.application.OutboundCallQueries;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.inject.Inject;

/**
 * What call-gateway needs when Twilio connects an outbound call: the agent, the numbers, the initial message and
 * the metadata for the agent's context. NOT_FOUND for an unknown (or malformed) id.
 */
@GrpcService
public class OutboundCallGrpcService implements OutboundCallService {

    @Inject
    OutboundCallQueries queries;

    @Override
    @Blocking
    public Uni<OutboundCallInstructions> getOutboundCall(GetOutboundCallRequest request) {
        Optional<OutboundCallQueries.Instructions> found = parse(request.getOutboundCallId())
                .flatMap(queries::instructions);
        if (found.isEmpty()) {
            return Uni.createFrom().failure(Status.NOT_FOUND
                    .withDescription("no outbound call " + request.getOutboundCallId()).asRuntimeException());
        }
        OutboundCall call = found.get().call();
        OutboundCallInstructions.Builder reply = OutboundCallInstructions.newBuilder()
                .setOutboundCallId(call.id().toString())
                .setAgentId(call.agentId().toString())
                .setToNumber(call.to())
                .setFromNumber(call.from())
                .setInitialMessage(nullToEmpty(call.initialMessage()))
                .setMetadataJson(nullToEmpty(found.get().metadataJson()));
        if (call.campaignId() != null) {
            reply.setCampaignId(call.campaignId().toString());
        }
        if (call.contactId() != null) {
            reply.setContactId(call.contactId().toString());
        }
        return Uni.createFrom().item(reply.build());
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id.strip()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
