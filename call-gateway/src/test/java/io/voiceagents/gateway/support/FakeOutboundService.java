package io.voiceagents.gateway.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.voiceagents.contracts.outbound.v1.GetOutboundCallRequest;
import io.voiceagents.contracts.outbound.v1.OutboundCallInstructions;
import io.voiceagents.contracts.outbound.v1.OutboundCallServiceGrpc;

/** Stands in for outbound-service: answers the outbound calls a test registered, NOT_FOUND for others, or fails. */
public final class FakeOutboundService extends OutboundCallServiceGrpc.OutboundCallServiceImplBase {

    public final Map<String, OutboundCallInstructions> calls = new ConcurrentHashMap<>();
    public final List<GetOutboundCallRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    public void reset() {
        calls.clear();
        requests.clear();
        failing = false;
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    public void register(OutboundCallInstructions instructions) {
        calls.put(instructions.getOutboundCallId(), instructions);
    }

    @Override
    public void getOutboundCall(GetOutboundCallRequest request, StreamObserver<OutboundCallInstructions> response) {
        requests.add(request);
        if (failing) {
            response.onError(Status.UNAVAILABLE.withDescription("scripted failure").asRuntimeException());
            return;
        }
        OutboundCallInstructions instructions = calls.get(request.getOutboundCallId());
        if (instructions == null) {
            response.onError(Status.NOT_FOUND.withDescription("no outbound call " + request.getOutboundCallId())
                    .asRuntimeException());
            return;
        }
        response.onNext(instructions);
        response.onCompleted();
    }
}
