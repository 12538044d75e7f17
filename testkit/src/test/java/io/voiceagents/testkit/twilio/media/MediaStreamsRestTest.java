package io.voiceagents.testkit.twilio.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams tied to the REST emulator: the application hangs up or transfers the call with the official SDK. */
class MediaStreamsRestTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestGateway gateway;
    private TwilioRestEmulator rest;
    private MediaStreamsCallers callers;
    private TwilioRestClient sdk;

    @BeforeEach
    void start() {
        gateway = new TestGateway();
        rest = TwilioRestEmulator.start(0);
        callers = MediaStreamsCallers.create(rest);
        sdk = rest.restClient();
    }

    @AfterEach
    void stop() {
        callers.close();
        rest.close();
        gateway.close();
    }

    private MediaStreamsCaller connect() {
        return callers.connect(MediaStreamsCall.to(gateway.url("/twilio/media"))
                .signedUrl(MediaStreamsCallerTest.SIGNED_URL).from("+14155550111").toNumber("+14155550122").build());
    }

    @Test
    void aConnectedCallIsKnownToTheRestApiAsLive() {
        MediaStreamsCaller caller = connect();

        Call fetched = Call.fetcher(caller.callSid()).fetch(sdk);

        assertThat(fetched.getStatus()).isEqualTo(Call.Status.IN_PROGRESS);
        assertThat(fetched.getDirection()).isEqualTo("inbound");
        assertThat(fetched.getFrom()).isEqualTo("+14155550111");
    }

    @Test
    void aRestHangUpSendsStopAndClosesTheStream() {
        MediaStreamsCaller caller = connect();
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        Call.updater(caller.callSid()).setStatus(Call.UpdateStatus.COMPLETED).update(sdk);

        JsonNode stop = conn.awaitFirst("event", "stop", WAIT).json();
        assertThat(stop.path("stop").path("callSid").asText()).isEqualTo(caller.callSid());
        assertThat(conn.closed().orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo((short) 1000);
        assertThat(caller.awaitEnd(WAIT).end()).isEqualTo(StreamEnd.HUNG_UP_BY_REST);
        assertThat(rest.call(caller.callSid()).orElseThrow().status()).isEqualTo("completed");
    }

    @Test
    void aRestDialUpdateEndsTheStreamAsATransfer() {
        MediaStreamsCaller caller = connect();
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        Call.updater(caller.callSid())
                .setTwiml(new com.twilio.type.Twiml("<Response><Dial><Number>+14155550177</Number></Dial></Response>"))
                .update(sdk);

        conn.awaitFirst("event", "stop", WAIT);
        MediaStreamsReport report = caller.awaitEnd(WAIT);
        assertThat(report.end()).isEqualTo(StreamEnd.REDIRECTED_BY_REST);
        assertThat(report.transferredTo()).isEqualTo("+14155550177");
    }

    @Test
    void theCallerHangingUpCompletesTheCall() {
        MediaStreamsCaller caller = connect();
        gateway.awaitConnection(WAIT);

        caller.hangUp().awaitEnd(WAIT);

        assertThat(rest.call(caller.callSid()).orElseThrow().status()).isEqualTo("completed");
        assertThat(callers.live()).isEmpty();
    }
}
