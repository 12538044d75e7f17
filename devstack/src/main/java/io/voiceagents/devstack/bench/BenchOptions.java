package io.voiceagents.devstack.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.voiceagents.devstack.Args;
import io.voiceagents.devstack.SandboxCredentials;

/**
 * Options of the TwiML latency bench, with hard bounds: it is a local tool and must never turn
 * into a load generator pointed at someone else's server.
 */
record BenchOptions(URI url, String publicBaseUrl, String accountSid, String authToken, double rate,
        int durationSeconds, int warmupSeconds, double gatherShare, int turnsPerCall, String to,
        int timeoutSeconds) {

    static final double MAX_RATE = 200;
    static final int MAX_DURATION = 600;
    static final int MAX_WARMUP = 120;

    static final String USAGE = """
            Usage: bench/twiml-latency [options]   (against a running bin/run stack)
              --url URL              front door (default http://localhost:8080; loopback only)
              --data-dir DIR         where sandbox.env is (default <repo>/.devstack-data)
              --auth-token TOKEN     Twilio auth token to sign with (default: TWILIO_AUTH_TOKEN of sandbox.env)
              --public-base-url URL  URL the services sign against (default: PUBLIC_BASE_URL of sandbox.env, else --url)
              --rate N               requests per second, open loop (default 20, at most 200)
              --duration S           measured seconds (default 30, at most 600)
              --warmup S             unmeasured seconds first (default 5)
              --gather-share F       share of requests that are caller turns on calls in progress (default 0.75)
              --turns-per-call N     turns before a call is completed (default 4)
              --to NUMBER            called number (default the demo agent's +15005550006)
              --timeout S            per-request timeout (default 15, Twilio's webhook timeout)
            """;

    /** Validates and fills defaults; {@code sandboxEnv} supplies the token and public base URL. */
    static BenchOptions from(Args a, Map<String, String> sandboxEnv) {
        URI url = URI.create(stripSlash(a.get("--url", "http://localhost:8080")));
        requireLoopback(url);
        String token = a.get("--auth-token", sandboxEnv.get(SandboxCredentials.AUTH_TOKEN));
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no auth token: start the stack in sandbox (bin/run writes "
                    + "<data>/sandbox.env) or pass --auth-token");
        }
        String base = stripSlash(a.get("--public-base-url",
                sandboxEnv.getOrDefault(SandboxCredentials.PUBLIC_BASE_URL, url.toString())));
        String sid = sandboxEnv.getOrDefault(SandboxCredentials.ACCOUNT_SID, "AC" + "0".repeat(32));
        double rate = a.getDouble("--rate", 20);
        int duration = (int) a.getDouble("--duration", 30);
        int warmup = (int) a.getDouble("--warmup", 5);
        double share = a.getDouble("--gather-share", 0.75);
        int turns = (int) a.getDouble("--turns-per-call", 4);
        int timeout = (int) a.getDouble("--timeout", 15);
        check(rate > 0 && rate <= MAX_RATE, "--rate must be in (0, " + MAX_RATE + "]");
        check(duration >= 1 && duration <= MAX_DURATION, "--duration must be 1.." + MAX_DURATION);
        check(warmup >= 0 && warmup <= MAX_WARMUP, "--warmup must be 0.." + MAX_WARMUP);
        check(share >= 0 && share < 1, "--gather-share must be in [0, 1)");
        check(turns >= 1 && turns <= 100, "--turns-per-call must be 1..100");
        check(timeout >= 1 && timeout <= 60, "--timeout must be 1..60");
        return new BenchOptions(url, base, sid, token, rate, duration, warmup, share, turns,
                a.get("--to", "+15005550006"), timeout);
    }

    static Set<String> names() {
        return Set.of("--url", "--data-dir", "--auth-token", "--public-base-url", "--rate", "--duration",
                "--warmup", "--gather-share", "--turns-per-call", "--to", "--timeout", "--help");
    }

    long totalRequests() {
        return (long) Math.ceil(rate * (warmupSeconds + durationSeconds));
    }

    private static void requireLoopback(URI url) {
        if (url.getHost() == null || !List.of("http", "https").contains(url.getScheme())) {
            throw new IllegalArgumentException("--url must be an http(s) URL, not " + url);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("--url must point at this machine (loopback); "
                            + url.getHost() + " resolves to " + address.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in --url: " + url.getHost());
        }
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
