package io.voiceagents.devstack;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.voiceagents.testkit.twilio.CalleeBehaviour;
import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/**
 * The sandbox phone network: who picks up when outbound-service dials a number through the Twilio REST
 * emulator. By default a person answers after about a second, says a sentence or two to the agent and hangs
 * up; numbers ending in the digits below behave otherwise, so every branch of an outbound call or campaign
 * (busy, no answer, answering machine, failure, retries) can be tried without a phone. The banner and the
 * README print {@link #RULES}.
 */
public final class SandboxCallees {

    /** Twilio's magic invalid number: the emulator refuses to create the call (error 21211), as Twilio does. */
    public static final String INVALID_NUMBER = "+15005550001";

    /** A number ending in {@code suffix} gets {@code behaviour}. */
    public record Rule(String suffix, String example, String description, CalleeBehaviour behaviour) {

        boolean matches(String to) {
            return to != null && to.endsWith(suffix);
        }
    }

    public static final List<Rule> RULES = List.of(
            rule("1111", "busy: the line is busy, it never rings",
                    CalleeBehaviour.busy().ringingAfter(ms(300))),
            rule("2222", "no answer: rings until OUTBOUND_RING_TIMEOUT, then no-answer",
                    CalleeBehaviour.noAnswer().ringingAfter(ms(200))),
            rule("3333", "answering machine after 1 s: with machineDetection, the voicemail message or a hang-up",
                    CalleeBehaviour.machine().ringingAfter(ms(200)).answeredAfter(ms(1000))),
            rule("4444", "failed: the call cannot be connected",
                    CalleeBehaviour.failed().ringingAfter(ms(300))),
            rule("5555", "fax machine after 1 s: with machineDetection, the agent hangs up",
                    CalleeBehaviour.fax().ringingAfter(ms(200)).answeredAfter(ms(1000))));

    /** What the default callee says to the agent, one sentence per prompt, before hanging up. */
    public static final List<String> PERSON_SAYS = List.of("Hello, yes, speaking. What is this about?",
            "All right, thank you. Goodbye.");

    private SandboxCallees() {
    }

    /** Everyone else: a person who answers after about a second, says {@link #PERSON_SAYS} and hangs up. */
    public static CalleeBehaviour person() {
        return CalleeBehaviour.answer().ringingAfter(ms(300)).answeredAfter(ms(1000))
                .saying(PERSON_SAYS.toArray(String[]::new));
    }

    /** The rule for a dialed number, if its ending has one. */
    public static Optional<Rule> ruleFor(String to) {
        return RULES.stream().filter(r -> r.matches(to)).findFirst();
    }

    /**
     * Attaches the sandbox phone network to an emulator. Tests may still {@link TwilioCallProgress#route} single
     * numbers to other behaviours; routes win over the rules.
     */
    public static TwilioCallProgress attach(TwilioRestEmulator emulator) {
        return TwilioCallProgress.attach(emulator, person())
                .routing(to -> ruleFor(to).map(Rule::behaviour).orElse(null));
    }

    /** One line per kind of number (example, which numbers, what happens), for the banner. */
    static List<String> describe() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("%-13s %-17s %s", INVALID_NUMBER, "exactly", "invalid number: Twilio refuses the call"
                + " (21211), it fails"));
        RULES.forEach(r -> lines.add(String.format("%-13s %-17s %s", r.example(), "any ending " + r.suffix(),
                r.description())));
        lines.add(String.format("%-13s %-17s %s", "+14155550123", "any other number",
                "a person answers after ~1 s, says two sentences, hangs up"));
        return lines;
    }

    private static Rule rule(String suffix, String description, CalleeBehaviour behaviour) {
        return new Rule(suffix, "+1500555" + suffix, description, behaviour);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
