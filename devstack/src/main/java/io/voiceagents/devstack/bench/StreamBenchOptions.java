package io.voiceagents.devstack.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.voiceagents.devstack.Args;
import io.voiceagents.devstack.SandboxCredentials;

/**
 * Options of the stream-calls bench. Unlike the older benches the stack may be on another machine (so the load
 * generator does not share the suite's CPU), but the bench stays bounded: at most {@link #MAX_CALLS} calls, ten
 * minutes per level, and only ever the signed Twilio requests a real call would make.
 *
 * @param host          where the stack is
 * @param metricsHost   where the services' /q/metrics are reached (another host's services listen on loopback: a
 *                      tunnel)
 * @param frontDoorPort webhooks and GET /api/calls go there
 * @param gatewayPort   call-gateway's own port: the sockets (unless {@code viaFrontDoor}) and /q/metrics
 * @param agentPort     agent-service's port, for its /q/metrics (where the server-added time goes)
 * @param ttsPort       tts-service's port, likewise
 * @param viaFrontDoor  sockets through the front door instead of straight to call-gateway
 * @param local         the stack runs on this machine: CPU and memory are read from /proc
 */
record StreamBenchOptions(String host, String metricsHost, int frontDoorPort, int gatewayPort, int agentPort,
        int ttsPort, boolean viaFrontDoor, String publicBaseUrl, String accountSid, String authToken, String apiKey,
        String to, List<Integer> levels, int durationSeconds, int warmupSeconds, int warmupCalls, int rampUpSeconds, int settleSeconds,
        double bargeInShare, int pauseMinMillis, int pauseMaxMillis, boolean lineNoise, boolean stopOnFailure,
        int pacerThreads, boolean local, String dataDir) {

    static final int MAX_CALLS = 500;
    static final int MAX_DURATION = 600;

    static final String USAGE = """
            Usage: bench/stream-calls [options]   (against a running stack in sandbox: bin/run)
              --calls N              one level of N concurrent calls (default 50)
              --ramp N1,N2,...       several levels in turn, e.g. 50,100,150,200; reports the largest that holds
              --duration S           measured seconds per level, after every call has heard its greeting (default 60)
              --warmup S             an unreported level first, while the JVMs compile their hot paths and size
                                     their heaps (default 30; 0: none)
              --warmup-calls N       calls of that level (default: the first level's)
              --ramp-up S            seconds over which a level's calls are placed (default N/20, at least 2)
              --settle S             seconds between levels, after the previous calls ended (default 5)
              --barge-in-share F     share of turns where the caller speaks over the agent's reply (default 0.3)
              --pause MIN-MAX        ms the caller waits after the agent's reply before speaking (default 1000-2500)
              --quiet-line           digital silence between utterances instead of line noise (the VAD's energy
                                     gate then skips most frames)
              --keep-going           run every level of --ramp even after one fails
              --host HOST            where the stack runs (default 127.0.0.1; any host, for a load generator on
                                     another machine; CPU and memory are then not measured)
              --metrics-host HOST    where the services' ports are reached for /q/metrics (default --host; e.g.
                                     127.0.0.1 with an ssh tunnel to a remote stack)
              --port N               the front door's port (default: FRONT_DOOR_URL of sandbox.env, else 8080)
              --gateway-port N       call-gateway's port for sockets and /q/metrics (default: CALL_GATEWAY_URL of
                                     sandbox.env, else 8181)
              --agent-port N         agent-service's port, for its /q/metrics (default gateway port + 1)
              --tts-port N           tts-service's port, for its /q/metrics (default gateway port + 2)
              --via-front-door       open the sockets through the front door instead of straight to call-gateway
              --data-dir DIR         where bin/run wrote sandbox.env and its pid files (default <repo>/.devstack-data)
              --auth-token TOKEN     Twilio auth token to sign with (default: TWILIO_AUTH_TOKEN of sandbox.env)
              --account-sid SID      (default: TWILIO_ACCOUNT_SID of sandbox.env)
              --public-base-url URL  what the stack signs against (default: PUBLIC_BASE_URL of sandbox.env)
              --api-key KEY          for GET /api/calls when the stack has API_KEY (default: env API_KEY)
              --to NUMBER            called number (default the stream demo agent's +15005550007)
              --pacer-threads N      the callers' event loops: socket I/O and pacing (default 1, 2 above 150 calls)
            """;

    static Set<String> flags() {
        return Set.of("--help", "--quiet-line", "--keep-going", "--via-front-door");
    }

    static Set<String> names() {
        return Set.of("--calls", "--ramp", "--duration", "--warmup", "--warmup-calls", "--ramp-up", "--settle", "--barge-in-share",
                "--pause", "--quiet-line", "--keep-going", "--host", "--metrics-host", "--port", "--gateway-port",
                "--agent-port", "--tts-port", "--via-front-door", "--data-dir", "--auth-token", "--account-sid",
                "--public-base-url", "--api-key", "--to", "--pacer-threads", "--help");
    }

    static StreamBenchOptions from(Args a, Map<String, String> env, String dataDir) {
        String host = a.get("--host", "127.0.0.1");
        int door = a.getInt("--port", portOf(env.get(SandboxCredentials.FRONT_DOOR_URL), 8080));
        int gateway = a.getInt("--gateway-port", portOf(env.get(SandboxCredentials.CALL_GATEWAY_URL), 8181));
        String token = a.get("--auth-token", env.get(SandboxCredentials.AUTH_TOKEN));
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no auth token: start the stack in sandbox (bin/run writes "
                    + "<data>/sandbox.env) or pass --auth-token");
        }
        String sid = a.get("--account-sid", env.getOrDefault(SandboxCredentials.ACCOUNT_SID, "AC" + "0".repeat(32)));
        String base = a.get("--public-base-url",
                env.getOrDefault(SandboxCredentials.PUBLIC_BASE_URL, "http://" + host + ":" + door));
        List<Integer> levels = new ArrayList<>();
        if (a.get("--ramp", null) != null) {
            for (String n : a.get("--ramp", "").split(",")) {
                levels.add(Integer.parseInt(n.strip()));
            }
        } else {
            levels.add(a.getInt("--calls", 50));
        }
        int duration = a.getInt("--duration", 60);
        int warmup = a.getInt("--warmup", 30);
        int warmupCalls = a.getInt("--warmup-calls", levels.isEmpty() ? 1 : levels.getFirst());
        int maxLevel = levels.stream().mapToInt(Integer::intValue).max().orElse(0);
        int rampUp = a.getInt("--ramp-up", -1);
        String[] pause = a.get("--pause", "1000-2500").split("-");
        int pauseMin = Integer.parseInt(pause[0].strip());
        int pauseMax = pause.length > 1 ? Integer.parseInt(pause[1].strip()) : pauseMin;
        double share = a.getDouble("--barge-in-share", 0.3);
        int settle = a.getInt("--settle", 5);
        int pacers = a.getInt("--pacer-threads", maxLevel > 150 ? 2 : 1);
        check(!levels.isEmpty() && levels.stream().allMatch(n -> n >= 1 && n <= MAX_CALLS),
                "--calls and --ramp levels must be 1.." + MAX_CALLS);
        check(duration >= 5 && duration <= MAX_DURATION, "--duration must be 5.." + MAX_DURATION);
        check(warmup >= 0 && warmup <= 300, "--warmup must be 0..300");
        check(warmupCalls >= 1 && warmupCalls <= MAX_CALLS, "--warmup-calls must be 1.." + MAX_CALLS);
        check(rampUp == -1 || (rampUp >= 0 && rampUp <= 120), "--ramp-up must be 0..120");
        check(settle >= 0 && settle <= 120, "--settle must be 0..120");
        check(share >= 0 && share <= 1, "--barge-in-share must be in [0, 1]");
        // the gateway re-prompts after 8 s of silence: a longer pause would measure re-prompts, not turns
        check(pauseMin >= 0 && pauseMax >= pauseMin && pauseMax <= 6000,
                "--pause must be MIN-MAX ms within 0..6000");
        check(pacers >= 1 && pacers <= 4, "--pacer-threads must be 1..4");
        String apiKey = a.get("--api-key", System.getenv("API_KEY"));
        // bin/run lays the services out from one base port: call-gateway +0, agent-service +1, tts-service +2
        int agent = a.getInt("--agent-port", gateway + 1);
        int tts = a.getInt("--tts-port", gateway + 2);
        return new StreamBenchOptions(host, a.get("--metrics-host", host), door, gateway, agent, tts,
                a.flag("--via-front-door"), stripSlash(base), sid, token, apiKey == null || apiKey.isBlank() ? null : apiKey,
                a.get("--to", "+15005550007"), List.copyOf(levels), duration, warmup, warmupCalls, rampUp, settle, share, pauseMin,
                pauseMax, !a.flag("--quiet-line"), !a.flag("--keep-going"), pacers, isLoopback(host), dataDir);
    }

    /** Seconds over which {@code calls} calls are placed: about 20 new calls a second, as a busy line might see. */
    int rampUpFor(int calls) {
        return rampUpSeconds >= 0 ? rampUpSeconds : Math.max(2, calls / 20);
    }

    String httpBase() {
        return "http://" + hostForUrl() + ":" + frontDoorPort;
    }

    String socketBase() {
        return "ws://" + hostForUrl() + ":" + (viaFrontDoor ? frontDoorPort : gatewayPort);
    }

    String metricsUrl() {
        return metricsUrl(gatewayPort);
    }

    String metricsUrl(int port) {
        return "http://" + bracketed(metricsHost) + ":" + port + "/q/metrics";
    }

    private String hostForUrl() {
        return bracketed(host);
    }

    private static String bracketed(String h) {
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown --host " + host);
        }
    }

    private static int portOf(String url, int fallback) {
        if (url == null || url.isBlank()) {
            return fallback;
        }
        int port = URI.create(url.strip()).getPort();
        return port > 0 ? port : fallback;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
