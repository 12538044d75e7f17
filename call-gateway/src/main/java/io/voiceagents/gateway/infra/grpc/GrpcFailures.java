package io.voiceagents.gateway.infra.grpc;

import java.util.Set;

import io.grpc.Status;

/** Which gRPC failures are worth another request: the peer was unreachable, overloaded or late. */
final class GrpcFailures {

    private static final Set<Status.Code> RETRIABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    private GrpcFailures() {
    }

    static boolean retriable(Status status) {
        return RETRIABLE.contains(status.getCode());
    }

    static boolean timedOut(Status status) {
        return status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    static String describe(String rpc, Status status) {
        String description = status.getDescription();
        return rpc + " failed: " + status.getCode() + (description == null ? "" : " " + description);
    }
}
