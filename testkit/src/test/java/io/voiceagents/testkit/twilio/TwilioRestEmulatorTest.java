package io.voiceagents.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the emulator with the official Twilio SDK, as outbound-service does. */
class TwilioRestEmulatorTest {

    private static TwilioRestEmulator emulator;
    private static TwilioRestClient client;

    @BeforeAll
    static void start() {
        emulator = TwilioRestEmulator.start(0);
        client = emulator.restClient();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static Call create(String to) {
        return Call.creator(new PhoneNumber(to), new PhoneNumber("+15005550006"), URI.create("https://example.test/twilio/voice"))
                .setStatusCallback(URI.create("https://example.test/twilio/status"))
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .setStatusCallbackMethod(com.twilio.http.HttpMethod.POST)
                .setMachineDetection("Enable")
                .setTimeout(25)
                .setRecord(true)
                .create(client);
    }

    @Test
    void createFetchAndCancelACallWithTheSdk() {
        Call created = create("+14155550100");
        assertThat(created.getSid()).matches("CA[0-9a-f]{32}");
        assertThat(created.getStatus()).isEqualTo(Call.Status.QUEUED);
        assertThat(created.getDirection()).isEqualTo("outbound-api");
        assertThat(created.getAccountSid()).isEqualTo(emulator.accountSid());
        assertThat(created.getTo()).isEqualTo("+14155550100");
        assertThat(created.getDateCreated()).isNotNull();

        RestCall recorded = emulator.createdCalls().get(0);
        assertThat(recorded.url()).isEqualTo("https://example.test/twilio/voice");
        assertThat(recorded.statusCallback()).isEqualTo("https://example.test/twilio/status");
        assertThat(recorded.statusCallbackEvents()).containsExactly("initiated", "ringing", "answered", "completed");
        assertThat(recorded.statusCallbackMethod()).isEqualTo("POST");
        assertThat(recorded.machineDetection()).isEqualTo("Enable");
        assertThat(recorded.timeoutSeconds()).isEqualTo(25);
        assertThat(recorded.record()).isTrue();

        Call fetched = Call.fetcher(created.getSid()).fetch(client);
        assertThat(fetched.getSid()).isEqualTo(created.getSid());
        assertThat(fetched.getFrom()).isEqualTo("+15005550006");

        Call canceled = Call.updater(created.getSid()).setStatus(Call.UpdateStatus.CANCELED).update(client);
        assertThat(canceled.getStatus()).isEqualTo(Call.Status.CANCELED);
        assertThat(emulator.call(created.getSid())).get().extracting(RestCall::status).isEqualTo("canceled");
    }

    @Test
    void completedHangsUpALiveCallAndRedirectOfAnEndedCallFails() {
        Call created = create("+14155550101");
        emulator.setStatus(created.getSid(), "in-progress");
        Call redirected = Call.updater(created.getSid()).setUrl(URI.create("https://example.test/next")).update(client);
        assertThat(redirected.getStatus()).isEqualTo(Call.Status.IN_PROGRESS);
        assertThat(emulator.call(created.getSid()).orElseThrow().url()).isEqualTo("https://example.test/next");
        assertThat(Call.updater(created.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client).getStatus())
                .isEqualTo(Call.Status.COMPLETED);
        assertThatThrownBy(() -> Call.updater(created.getSid()).setTwiml("<Response><Hangup/></Response>").update(client))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(21220));
    }

    @Test
    void errorsBecomeApiExceptionsWithTwilioCodes() {
        assertThatThrownBy(() -> create("12345"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(21211);
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/21211");
                });
        assertThatThrownBy(() -> create("+15005550001"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(21211));
        assertThatThrownBy(() -> Call.fetcher("CA00000000000000000000000000000000").fetch(client))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThat(emulator.createdCalls()).isEmpty();
    }

    @Test
    void wrongCredentialsAre401() {
        TwilioRestClient wrong = emulator.restClient(emulator.accountSid(), "not-the-token");
        assertThatThrownBy(() -> Call.fetcher("CA00000000000000000000000000000000").fetch(wrong))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getCode()).isEqualTo(20003);
                });
    }

    @Test
    void injectedFailuresLatencyAndListener() {
        emulator.failNext(1, 429);
        assertThatThrownBy(() -> create("+14155550102"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(20429));
        // the SDK retries 5xx three times: three injected 503s exhaust it
        emulator.failNext(3, 503);
        assertThatThrownBy(() -> create("+14155550102"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
        assertThat(emulator.requestCount()).isEqualTo(4);

        List<RestCall> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        emulator.onCallCreated(seen::add);
        emulator.setLatency(Duration.ofMillis(200));
        long t0 = System.nanoTime();
        Call ok = create("+14155550102");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(seen).extracting(RestCall::sid).containsExactly(ok.getSid());
    }
}
