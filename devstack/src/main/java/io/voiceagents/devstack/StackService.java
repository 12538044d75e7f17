package io.voiceagents.devstack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The five services of the suite, in start order, with their offset from the base port. With the
 * default base port 8181 the ports match the table in DESIGN.md, Helm and docker-compose.
 */
public enum StackService {
    // agent and tts first: call-gateway is their gRPC client and is most useful once they are up
    AGENT_SERVICE("agent-service", 1),
    TTS_SERVICE("tts-service", 2),
    CALL_GATEWAY("call-gateway", 0),
    KNOWLEDGE_SERVICE("knowledge-service", 3),
    OUTBOUND_SERVICE("outbound-service", 4);

    public static final int DEFAULT_BASE_PORT = 8181;
    /** agent-service's and tts-service's gRPC ports sit this far above their HTTP ports (8182 → 9182). */
    public static final int GRPC_PORT_DISTANCE = 1000;

    private final String moduleName;
    private final int portOffset;

    StackService(String moduleName, int portOffset) {
        this.moduleName = moduleName;
        this.portOffset = portOffset;
    }

    /** The Maven module (and front door route target) name, e.g. {@code call-gateway}. */
    public String moduleName() {
        return moduleName;
    }

    public int portOffset() {
        return portOffset;
    }

    /**
     * Whether the service serves gRPC on a port of its own (grpc-java's server, which copes with call-gateway's
     * stream resets) rather than on its HTTP port.
     */
    public boolean hasOwnGrpcPort() {
        return this == AGENT_SERVICE || this == TTS_SERVICE;
    }

    public static List<StackService> all() {
        return List.of(values());
    }

    public static Optional<StackService> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.moduleName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return moduleName;
    }
}
