package io.voiceagents.outbound.infra.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.twilio.http.TwilioRestClient;

import io.voiceagents.outbound.application.port.TwilioCallException;
import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.application.port.TwilioCalls.DialRequest;
import io.voiceagents.outbound.domain.WebhookUrls;
import io.voiceagents.outbound.support.TwilioFront;
import io.voiceagents.testkit.twilio.RestCall;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/** The Twilio adapter with the official SDK against the emulator: one request per call, errors classified. */
class TwilioRestCallsTest {

    private static final String FROM = "+15005550006";
    private static TwilioRestEmulator emulator;
    private static TwilioFront front;
    private static TwilioCalls twilio;

    @BeforeAll
    static void start() {
        emulator = TwilioRestEmulator.start(0);
        front = new TwilioFront(emulator);
        TwilioRestClient client = new TwilioRestClient.Builder(emulator.accountSid(), emulator.authToken())
                .accountSid(emulator.accountSid())
                .httpClient(new TwilioApiHttpClient(front.baseUrl() + "/", Duration.ofSeconds(1)))
                .build();
        twilio = new TwilioRestCalls(client, new WebhookUrls("https://voice.example.com"));
    }

    @AfterAll
    static void stop() {
        front.close();
        emulator.close();
    }

    @Test
    void createsTheCallWithTheOfficialSdkAtTheConfiguredBaseUrl() {
        String to = number();
        UUID call = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        TwilioCalls.TwilioCall created = twilio.create(new DialRequest(call, agent, to, FROM, "Enable", 25));
        assertThat(created.sid()).startsWith("CA");
        assertThat(created.status()).isEqualTo("queued");
        assertThat(created.dateCreated()).isNotNull();
        RestCall atTwilio = emulator.call(created.sid()).orElseThrow();
        assertThat(atTwilio.url()).isEqualTo("https://voice.example.com/twilio/voice/outbound?oc=" + call + "&agent=" + agent);
        assertThat(atTwilio.machineDetection()).isEqualTo("Enable");
        assertThat(atTwilio.timeoutSeconds()).isEqualTo(25);
        assertThat(twilio.fetch(created.sid())).hasValueSatisfying(c -> assertThat(c.to()).isEqualTo(to));
    }

    @Test
    void sendsEachRequestOnceAndClassifiesTheAnswer() {
        String to = number();
        front.script(to, new TwilioFront.Fault.Reject(503, 20503, "down"), new TwilioFront.Fault.Reject(429, 20429, "slow"),
                new TwilioFront.Fault.Reject(400, 21215, "Account not authorized to call " + to));
        assertKind(to, TwilioCallException.Kind.UNCERTAIN, 20503);
        assertKind(to, TwilioCallException.Kind.RATE_LIMITED, 20429);
        assertThatThrownBy(() -> create(to)).isInstanceOfSatisfying(TwilioCallException.class, e -> {
            assertThat(e.kind()).isEqualTo(TwilioCallException.Kind.PERMANENT);
            assertThat(e.reason()).isEqualTo("Twilio error 21215: Account not authorized to call " + to);
        });
        // neither the SDK nor Apache HttpClient repeated any of them
        assertThat(front.createsTo(to)).hasSize(3);
        assertThat(front.callsTo(to)).isEmpty();
    }

    @Test
    void aResponseThatNeverComesIsUncertain() {
        String to = number();
        front.script(to, new TwilioFront.Fault.HangAfterCreate(Duration.ofMillis(1500)));
        assertThatThrownBy(() -> create(to)).isInstanceOfSatisfying(TwilioCallException.class,
                e -> assertThat(e.kind()).isEqualTo(TwilioCallException.Kind.UNCERTAIN));
        assertThat(front.callsTo(to)).hasSize(1);
    }

    @Test
    void anUnknownCallIsEmptyAndCannotBeCanceled() {
        assertThat(twilio.fetch("CA" + "0".repeat(32))).isEmpty();
        assertThatThrownBy(() -> twilio.cancel("CA" + "0".repeat(32))).isInstanceOfSatisfying(TwilioCallException.class,
                e -> assertThat(e.kind()).isEqualTo(TwilioCallException.Kind.NOT_FOUND));
    }

    @Test
    void listsTheCallsToANumberFromACallerIdCreatedSinceAGivenTime() {
        String to = number();
        Instant before = Instant.now().minusSeconds(5);
        String first = create(to).sid();
        String second = create(to).sid();
        create(number());
        assertThat(twilio.findCreatedSince(to, FROM, before)).extracting(TwilioCalls.TwilioCall::sid)
                .containsExactlyInAnyOrder(first, second);
        assertThat(twilio.findCreatedSince(to, "+15005550007", before)).isEmpty();
        assertThat(twilio.findCreatedSince(to, FROM, Instant.now().plusSeconds(60))).isEmpty();
        assertThat(twilio.cancel(first).status()).isEqualTo("canceled");
    }

    private static void assertKind(String to, TwilioCallException.Kind kind, int code) {
        assertThatThrownBy(() -> create(to)).isInstanceOfSatisfying(TwilioCallException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.twilioCode()).isEqualTo(code);
        });
    }

    private static TwilioCalls.TwilioCall create(String to) {
        return twilio.create(new DialRequest(UUID.randomUUID(), UUID.randomUUID(), to, FROM, null, 30));
    }

    private static String number() {
        return String.format("+1212%07d", (int) (Math.random() * 10_000_000));
    }
}
