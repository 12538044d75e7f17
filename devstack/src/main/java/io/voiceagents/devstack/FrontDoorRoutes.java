package io.voiceagents.devstack;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The path → service table of the front door. The Helm ingress must route exactly the same way
 * (a test renders the chart and compares). Longest prefix wins, as with Kubernetes Prefix paths.
 */
public final class FrontDoorRoutes {

    /** A path prefix (no trailing slash) and the service that owns it. */
    public record Route(String prefix, String service) {
        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    public static final List<Route> ROUTES = List.of(
            new Route("/twilio", "call-gateway"),
            new Route("/api/calls", "call-gateway"),
            new Route("/api/calls/outbound", "outbound-service"),
            new Route("/api/campaigns", "outbound-service"),
            new Route("/api/agents", "agent-service"),
            new Route("/api/knowledge-bases", "knowledge-service"),
            new Route("/tts", "tts-service"));

    /**
     * Served by the devstack front door itself (simulated calls). Deliberately not in {@link #ROUTES}:
     * production has no sandbox, so the ingress must not route it.
     */
    public static final String SANDBOX_PREFIX = "/sandbox";

    private static final List<Route> LONGEST_FIRST = ROUTES.stream()
            .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
            .toList();

    private FrontDoorRoutes() {
    }

    /** The service that serves a request path, if any route matches. */
    public static Optional<String> serviceFor(String path) {
        return LONGEST_FIRST.stream().filter(r -> r.matches(path)).map(Route::service).findFirst();
    }
}
