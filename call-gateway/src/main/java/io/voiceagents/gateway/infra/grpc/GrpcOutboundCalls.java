package io.voiceagents.gateway.infra.grpc;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.voiceagents.contracts.outbound.v1.GetOutboundCallRequest;
import io.voiceagents.contracts.outbound.v1.OutboundCallInstructions;
import io.voiceagents.contracts.outbound.v1.OutboundCallServiceGrpc;
import io.voiceagents.gateway.application.port.OutboundCalls;
import io.voiceagents.gateway.application.port.OutboundServiceException;
import io.voiceagents.gateway.config.GatewayConfig;

/**
 * outbound-service over gRPC (client "outbound"), bounded by the call-start budget (AGENT_START_BUDGET):
 * the callee is already on the line, so a late answer is a failed one.
 */
@ApplicationScoped
public class GrpcOutboundCalls implements OutboundCalls {

    private final OutboundCallServiceGrpc.OutboundCallServiceBlockingStub outbound;
    private final Duration budget;

    @Inject
    public GrpcOutboundCalls(@GrpcClient("outbound") OutboundCallServiceGrpc.OutboundCallServiceBlockingStub outbound,
            GatewayConfig config) {
        this.outbound = outbound;
        this.budget = config.agent().startBudget();
    }

    @Override
    public Optional<Instructions> find(UUID outboundCallId) {
        try {
            GetOutboundCallRequest request = GetOutboundCallRequest.newBuilder()
                    .setOutboundCallId(outboundCallId.toString()).build();
            OutboundCallInstructions response = outbound.withDeadlineAfter(budget.toMillis(), TimeUnit.MILLISECONDS)
                    .getOutboundCall(request);
            return Optional.of(new Instructions(outboundCallId, blankToNull(response.getAgentId()),
                    blankToNull(response.getInitialMessage()), blankToNull(response.getMetadataJson())));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            String description = e.getStatus().getDescription();
            throw new OutboundServiceException("GetOutboundCall failed: " + code
                    + (description == null ? "" : " " + description), code == Status.Code.DEADLINE_EXCEEDED, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
