package io.voiceagents.gateway.infra.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;

import io.voiceagents.gateway.application.port.CallControlException;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;

/** Hang-up and transfer through the real Twilio SDK against testkit's REST emulator (TWILIO_API_BASE_URL). */
class TwilioCallControlTest {

    private static final String TRANSFER_TO = "+15005550199";

    private final TwilioRestEmulator twilio = TwilioRestEmulator.start(0);
    private final TwilioCallControl control = new TwilioCallControl(config(twilio.accountSid(), twilio.authToken()));

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void hangUpCompletesTheLiveCall() {
        String sid = liveCall();

        control.hangUp(sid);

        assertThat(twilio.call(sid).orElseThrow().status()).isEqualTo("completed");
    }

    @Test
    void transferReplacesTheCallsTwimlWithADial() {
        String sid = liveCall();

        control.transfer(sid, TRANSFER_TO);

        var call = twilio.call(sid).orElseThrow();
        assertThat(call.twiml()).contains("<Response><Dial>" + TRANSFER_TO + "</Dial></Response>");
        assertThat(call.url()).isNull();
        assertThat(call.status()).isEqualTo("in-progress");
    }

    @Test
    void aTransferOfAnEndedCallIsRefusedWithTwiliosCodeAndNotRetriable() {
        String sid = liveCall();
        twilio.setStatus(sid, "completed");

        assertThatThrownBy(() -> control.transfer(sid, TRANSFER_TO))
                .isInstanceOfSatisfying(CallControlException.class, e -> {
                    assertThat(e.twilioCode()).isEqualTo(21220);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("transfer call " + sid).contains("21220");
                });
    }

    @Test
    void anUnknownCallIsNotFoundAndNotRetriable() {
        assertThatThrownBy(() -> control.hangUp("CA00000000000000000000000000000404"))
                .isInstanceOfSatisfying(CallControlException.class, e -> {
                    assertThat(e.twilioCode()).isEqualTo(20404);
                    assertThat(e.retriable()).isFalse();
                });
    }

    @Test
    void aTwilioOutageIsRetriableAndTriedOnlyOnce() {
        String sid = liveCall();
        int before = twilio.requestCount();
        twilio.failNext(3, 503);

        assertThatThrownBy(() -> control.hangUp(sid)).isInstanceOfSatisfying(CallControlException.class, e -> {
            assertThat(e.retriable()).isTrue();
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.twilioCode()).isEqualTo(20503);
        });
        // the SDK alone would have repeated the request: the session decides about retries
        assertThat(twilio.requestCount()).isEqualTo(before + 1);
        assertThat(twilio.call(sid).orElseThrow().status()).isEqualTo("in-progress");
    }

    @Test
    void wrongCredentialsAreRefusedAndNotRetriable() {
        String sid = liveCall();
        TwilioCallControl wrong = new TwilioCallControl(config(twilio.accountSid(), "not-the-token"));

        assertThatThrownBy(() -> wrong.hangUp(sid)).isInstanceOfSatisfying(CallControlException.class, e -> {
            assertThat(e.twilioCode()).isEqualTo(20003);
            assertThat(e.retriable()).isFalse();
        });
    }

    @Test
    void aNumberThatIsNotE164IsRefusedWithoutAsking() {
        String sid = liveCall();
        int before = twilio.requestCount();

        assertThatThrownBy(() -> control.transfer(sid, "0049 30 1234")).isInstanceOf(CallControlException.class)
                .hasMessageContaining("E.164");
        assertThat(twilio.requestCount()).isEqualTo(before);
    }

    private String liveCall() {
        Call created = Call.creator(new PhoneNumber("+15005550006"), new PhoneNumber("+15005550010"),
                URI.create("https://voice.example.com/twilio/voice")).create(twilio.restClient());
        twilio.setStatus(created.getSid(), "in-progress");
        return created.getSid();
    }

    private GatewayConfig.Twilio config(String accountSid, String authToken) {
        return new GatewayConfig.Twilio() {
            @Override
            public Optional<String> accountSid() {
                return Optional.of(accountSid);
            }

            @Override
            public Optional<String> authToken() {
                return Optional.of(authToken);
            }

            @Override
            public Optional<String> apiBaseUrl() {
                return Optional.of(twilio.baseUrl());
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
