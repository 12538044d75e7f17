package io.voiceagents.outbound;

import static io.voiceagents.outbound.support.OutboundTestResource.FRONT;
import static io.voiceagents.outbound.support.OutboundTestResource.TWILIO;
import static io.voiceagents.outbound.support.TestApi.freshNumber;
import static io.voiceagents.outbound.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.outbound.support.EndedRecorder;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.Kafka;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.outbound.support.TwilioFront;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;

/** DELETE /api/calls/outbound/{id}: before, during and after dialing. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OutboundTestResource.class, restrictToAnnotatedClass = false)
class CancelTest {

    private static final String CALLS = "/api/calls/outbound/";
    private static final String AGENT_NUMBER = FakeAgentService.AGENT_NUMBERS.get(0);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    DataSource dataSource;

    @Inject
    EndedRecorder ended;

    Rows rows;

    @BeforeEach
    void setUp() {
        rows = new Rows(dataSource);
    }

    @AfterEach
    void endCallsOfTheGeneralKey() {
        rows.endAll(TestApi.tenant(TestApi.KEY));
    }

    @Test
    void aQueuedCallIsCanceledHereAndNeverDialed() {
        String to = freshNumber();
        UUID id = rows.insert(TestApi.tenant(TestApi.KEY), to, AGENT_NUMBER, "next_dial_at = now() + interval '1 hour'");
        given().delete(CALLS + id).then().statusCode(200)
                .body("status", equalTo("canceled"))
                .body("endedAt", notNullValue())
                .body("callSid", equalTo(null));
        rows.update(id, "next_dial_at = now()");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> FRONT.createsTo(to).isEmpty());
        assertThat(ended.of(id)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo("canceled"));
        given().delete(CALLS + id).then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("canceled"));
    }

    @Test
    void aRingingCallIsCanceledAtTwilio() {
        String to = freshNumber();
        UUID id = post(to);
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        String sid = rows.row(id).get("twilio_call_sid");
        TWILIO.setStatus(sid, "ringing");
        Kafka.publishCallEvent(sid, id, "ringing", null, null);
        await().atMost(WAIT).until(() -> "ringing".equals(rows.status(id)));
        given().delete(CALLS + id).then().statusCode(200)
                .body("status", equalTo("canceled"))
                .body("callSid", equalTo(sid))
                .body("ringingAt", notNullValue());
        assertThat(TWILIO.call(sid).orElseThrow().status()).isEqualTo("canceled");
        assertThat(ended.of(id)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("canceled");
            assertThat(e.callSid()).isEqualTo(sid);
        });
        // Twilio's own "canceled" callback arrives afterwards and changes nothing
        Kafka.publishCallEvent(sid, id, "canceled", null, null);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> ended.of(id).size() == 1);
    }

    @Test
    void aCancelWhileTheCreateIsInFlightIsAppliedOnceTheSidIsKnown() {
        String to = freshNumber();
        // the create is answered only once the cancel has been accepted (below the dialer's 2 s time-out)
        java.util.concurrent.CompletableFuture<Void> release = new java.util.concurrent.CompletableFuture<>();
        FRONT.script(to, new TwilioFront.Fault.HoldAfterCreate(release, Duration.ofMillis(1900)));
        UUID id = post(to);
        await().atMost(WAIT).until(() -> FRONT.createsTo(to).size() == 1);
        try {
            given().delete(CALLS + id).then().statusCode(202)
                    .body("status", equalTo("dialing"))
                    .body("cancelRequestedAt", notNullValue());
        } finally {
            release.complete(null);
        }
        await().atMost(WAIT).until(() -> "canceled".equals(rows.status(id)));
        String sid = rows.row(id).get("twilio_call_sid");
        assertThat(sid).isNotNull();
        assertThat(TWILIO.call(sid).orElseThrow().status()).isEqualTo("canceled");
        assertThat(FRONT.createsTo(to)).hasSize(1);
        assertThat(ended.of(id)).hasSize(1);
    }

    @Test
    void anAnsweredOrEndedCallCannotBeCanceled() {
        UUID live = rows.insert(TestApi.tenant(TestApi.KEY), freshNumber(), AGENT_NUMBER,
                "status = 'in-progress', status_rank = 3, twilio_call_sid = 'CA" + hex() + "', answered_at = now()");
        given().delete(CALLS + live).then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("in progress"));
        UUID done = rows.insert(TestApi.tenant(TestApi.KEY), freshNumber(), AGENT_NUMBER,
                "status = 'no-answer', status_rank = 4");
        given().delete(CALLS + done).then().statusCode(409).body("detail", containsString("no-answer"));
        given().delete(CALLS + UUID.randomUUID()).then().statusCode(404);
        assertThat(rows.status(live)).isEqualTo("in-progress");
    }

    @Test
    void aCallTheCalleeAnsweredMeanwhileIsNotCanceled() {
        String to = freshNumber();
        Call atTwilio = Call.creator(new PhoneNumber(to), new PhoneNumber(AGENT_NUMBER),
                URI.create("https://gateway.example.test/twilio/voice/outbound")).create(TWILIO.restClient());
        TWILIO.setStatus(atTwilio.getSid(), "in-progress");
        UUID id = rows.insert(TestApi.tenant(TestApi.KEY), to, AGENT_NUMBER,
                "status = 'ringing', status_rank = 2, twilio_call_sid = '" + atTwilio.getSid() + "'");
        given().delete(CALLS + id).then().statusCode(409).body("detail", containsString("in-progress"));
        assertThat(rows.status(id)).isEqualTo("in-progress");
        assertThat(TWILIO.call(atTwilio.getSid()).orElseThrow().status()).isEqualTo("in-progress");
    }

    private static UUID post(String to) {
        return UUID.fromString(given().body(TestApi.call(to)).post("/api/calls/outbound")
                .then().statusCode(201).extract().path("id"));
    }

    static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
