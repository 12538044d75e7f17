package io.voiceagents.devstack.bench;

import java.util.Set;

import io.voiceagents.devstack.Args;

/**
 * Options of the campaign dial bench, with hard bounds: it dials only its own sandbox stack's Twilio
 * emulator, but must stay a bench and not become a way to tie up a machine for hours.
 *
 * @param contacts       contacts in the campaign (unique numbers)
 * @param concurrency    the campaign's maxConcurrentCalls
 * @param cps            calls per second: the account's (OUTBOUND_TWILIO_CALLS_PER_SECOND) and the campaign's
 * @param talkSeconds    how long each callee stays on the line after the opening
 * @param warmup         contacts of an unmeasured campaign run first (JIT, connection pools, phrase cache)
 * @param timeoutSeconds how long the campaign may take before the bench gives up
 * @param keepData       keep the stack's data directory (logs, database) after the run
 */
record CampaignBenchOptions(int contacts, int concurrency, double cps, double talkSeconds, int warmup,
        int timeoutSeconds, boolean keepData) {

    static final int MAX_CONTACTS = 10_000;
    static final int MAX_CONCURRENCY = 500;
    static final double MAX_CPS = 100;
    /** Allowed deviation of the achieved calls per second from the configured one. */
    static final double MAX_CPS_ERROR_PERCENT = 2.0;

    static final String USAGE = """
            Usage: bench/campaign-dial [options]
            Starts its own sandbox stack (free ports, fresh temporary data directory), runs one campaign against
            the Twilio REST emulator and reports pacing, duplicates, concurrency, drain time, CPU and memory.
              --contacts N      contacts in the campaign, unique numbers (default 1000, at most 10000)
              --concurrency N   the campaign's maximum concurrent calls (default 50, at most 500)
              --cps X           calls per second, of the account and the campaign (default 10, at most 100)
              --talk S          seconds each callee stays on the line after hearing the opening (default 3)
              --warmup N        contacts of an unmeasured campaign run first, same settings (default 100; 0: none)
              --timeout S       give up when the campaign has not completed after S seconds (default 1800)
              --keep-data       keep the stack's data directory (service logs, database) afterwards
              --help            this text
            Exit code: 0 when the campaign completed, every contact was dialed exactly once, no more calls were
            live at once than the limit and the achieved CPS is within 2% of the configured one; 1 otherwise;
            2 for bad options.
            """;

    static CampaignBenchOptions from(Args a) {
        int contacts = a.getInt("--contacts", 1000);
        int concurrency = a.getInt("--concurrency", 50);
        double cps = a.getDouble("--cps", 10);
        double talk = a.getDouble("--talk", 3);
        int warmup = a.getInt("--warmup", 100);
        int timeout = a.getInt("--timeout", 1800);
        check(contacts >= 2 && contacts <= MAX_CONTACTS, "--contacts must be 2.." + MAX_CONTACTS);
        check(concurrency >= 1 && concurrency <= MAX_CONCURRENCY, "--concurrency must be 1.." + MAX_CONCURRENCY);
        check(cps > 0 && cps <= MAX_CPS, "--cps must be in (0, " + MAX_CPS + "]");
        check(talk >= 0 && talk <= 600, "--talk must be 0..600");
        check(warmup >= 0 && warmup <= 1000, "--warmup must be 0..1000");
        check(timeout >= 10 && timeout <= 7200, "--timeout must be 10..7200");
        return new CampaignBenchOptions(contacts, concurrency, cps, talk, warmup, timeout, a.flag("--keep-data"));
    }

    static Set<String> flags() {
        return Set.of("--keep-data", "--help");
    }

    static Set<String> names() {
        return Set.of("--contacts", "--concurrency", "--cps", "--talk", "--warmup", "--timeout", "--keep-data",
                "--help");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
