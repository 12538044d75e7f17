package io.voiceagents.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AnsweredByTest {

    @Test
    void everyMachineValueTwilioSendsIsAMachine() {
        assertThat(List.of("machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", " MACHINE_END_BEEP "))
                .allSatisfy(value -> assertThat(AnsweredBy.fromWire(value)).isEqualTo(AnsweredBy.MACHINE));
    }

    @Test
    void humansFaxesAndEverythingElse() {
        assertThat(AnsweredBy.fromWire("human")).isEqualTo(AnsweredBy.HUMAN);
        assertThat(AnsweredBy.fromWire("fax")).isEqualTo(AnsweredBy.FAX);
        // undecided, absent (no machine detection) or a value Twilio adds later: talk to whoever is there
        assertThat(AnsweredBy.fromWire("unknown")).isEqualTo(AnsweredBy.UNKNOWN);
        assertThat(AnsweredBy.fromWire(null)).isEqualTo(AnsweredBy.UNKNOWN);
        assertThat(AnsweredBy.fromWire("machine_end_whistle")).isEqualTo(AnsweredBy.UNKNOWN);
    }

    @Test
    void theVoicemailTextFallsBackToTheGreeting() {
        AgentProfile withMessage = new AgentProfile("a", "Bea", "Hi!", "", "en-US", CallMode.GATHER, null,
                MachineAction.LEAVE_MESSAGE, "Please call back.");
        AgentProfile withoutMessage = new AgentProfile("a", "Bea", "Hi!", "", "en-US", CallMode.GATHER, null,
                null, " ");

        assertThat(withMessage.voicemailText()).isEqualTo("Please call back.");
        assertThat(withoutMessage.voicemailText()).isEqualTo("Hi!");
        assertThat(withoutMessage.machineAction()).isEqualTo(MachineAction.UNSPECIFIED);
        assertThat(withoutMessage.phoneNumbers()).isEmpty();
    }
}
