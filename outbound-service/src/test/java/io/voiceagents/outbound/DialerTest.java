package io.voiceagents.outbound;

import static io.voiceagents.outbound.support.OutboundTestResource.FRONT;
import static io.voiceagents.outbound.support.OutboundTestResource.TWILIO;
import static io.voiceagents.outbound.support.TestApi.freshNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.outbound.application.DialRecovery;
import io.voiceagents.outbound.support.EndedRecorder;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.outbound.support.TwilioFront;
import io.voiceagents.testkit.twilio.RestCall;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;

/**
 * The dialer against the Twilio emulator through the official SDK: pacing across workers, what each kind of
 * Twilio failure does, and zero duplicate dials when the answer to a create request is unclear or lost.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OutboundTestResource.class, restrictToAnnotatedClass = false)
class DialerTest {

    private static final String CALLS = "/api/calls/outbound";
    private static final String AGENT_NUMBER = FakeAgentService.AGENT_NUMBERS.get(0);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    DataSource dataSource;

    @Inject
    DialRecovery recovery;

    @Inject
    EndedRecorder ended;

    Rows rows;

    @BeforeEach
    void setUp() {
        rows = new Rows(dataSource);
    }

    @AfterEach
    void endCallsOfThisTenant() {
        // the emulator never ends the calls it created: free the tenant's concurrency for the next test
        rows.endAll(TestApi.tenant(TestApi.DIALER_KEY));
    }

    @Test
    void pacesCreateRequestsToTheConfiguredCallsPerSecond() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String to = freshNumber();
            numbers.add(to);
            post(TestApi.call(to));
        }
        await().atMost(WAIT).until(() -> numbers.stream().allMatch(n -> FRONT.createsTo(n).size() == 1));
        List<Long> arrivals = numbers.stream().map(n -> FRONT.createsTo(n).get(0).nanoTime()).sorted().toList();
        long interval = (long) (1_000_000_000L / OutboundTestResource.CALLS_PER_SECOND);
        long tolerance = 25_000_000L;
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1))
                    .as("gap between create %d and %d in ns", i, i + 1)
                    .isGreaterThanOrEqualTo(interval - tolerance);
        }
        long total = arrivals.get(arrivals.size() - 1) - arrivals.get(0);
        assertThat(total).as("10 calls at 5 CPS").isGreaterThanOrEqualTo(9 * interval - tolerance)
                .isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(numbers).allMatch(n -> FRONT.callsTo(n).size() == 1);
        io.restassured.RestAssured.given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("outbound_calls_queued_total{kind=\"single\""))
                .body(org.hamcrest.Matchers.containsString("outbound_calls_dialed_total"))
                .body(org.hamcrest.Matchers.containsString("outbound_twilio_create_seconds_count{outcome=\"created\""))
                .body(org.hamcrest.Matchers.containsString("outbound_dial_pacer_wait_seconds_count"));
    }

    @Test
    void sendsTheWebhookUrlsStatusEventsRingTimeoutAndMachineDetection() {
        String leaves = freshNumber();
        String hangsUp = freshNumber();
        String plain = freshNumber();
        UUID leavesId = post("{\"to\":\"" + leaves + "\",\"agentId\":\"" + FakeAgentService.AGENT
                + "\",\"machineDetection\":true}");
        post("{\"to\":\"" + hangsUp + "\",\"agentId\":\"" + FakeAgentService.HANG_UP_AGENT + "\",\"machineDetection\":true}");
        post(TestApi.call(plain));
        await().atMost(WAIT).until(() -> FRONT.callsTo(leaves).size() == 1 && FRONT.callsTo(hangsUp).size() == 1
                && FRONT.callsTo(plain).size() == 1);
        RestCall call = FRONT.callsTo(leaves).get(0);
        String query = "?oc=" + leavesId + "&agent=" + FakeAgentService.AGENT;
        assertThat(call.url()).isEqualTo(OutboundTestResource.PUBLIC_BASE_URL + "/twilio/voice/outbound" + query);
        assertThat(call.statusCallback()).isEqualTo(OutboundTestResource.PUBLIC_BASE_URL + "/twilio/voice/status" + query);
        assertThat(call.statusCallbackEvents()).containsExactly("initiated", "ringing", "answered", "completed");
        assertThat(call.statusCallbackMethod()).isEqualTo("POST");
        assertThat(call.timeoutSeconds()).isEqualTo(30);
        assertThat(call.from()).isEqualTo(AGENT_NUMBER);
        assertThat(call.machineDetection()).isEqualTo("DetectMessageEnd");
        assertThat(FRONT.callsTo(hangsUp).get(0).machineDetection()).isEqualTo("Enable");
        assertThat(FRONT.callsTo(hangsUp).get(0).from()).isEqualTo(FakeAgentService.HANG_UP_NUMBER);
        assertThat(FRONT.callsTo(plain).get(0).machineDetection()).isNull();
    }

    @Test
    void retriesA429AfterBackoffAndDialsOnce() {
        String to = freshNumber();
        FRONT.script(to, new TwilioFront.Fault.Reject(429, 20429, "Too Many Requests"));
        UUID id = post(TestApi.call(to));
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        Map<String, String> row = rows.row(id);
        assertThat(row.get("status")).isEqualTo("dialing");
        assertThat(row.get("dial_requests")).isEqualTo("2");
        assertThat(row.get("failure_reason")).isNull();
        assertThat(FRONT.createsTo(to)).hasSize(2);
        assertThat(FRONT.callsTo(to)).extracting(RestCall::sid).containsExactly(row.get("twilio_call_sid"));
    }

    @Test
    void aCreateThatFailsAfterTwilioCreatedTheCallIsAdoptedNotRepeated() {
        String to = freshNumber();
        FRONT.script(to, new TwilioFront.Fault.FailAfterCreate());
        UUID id = post(TestApi.call(to));
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        assertThat(FRONT.callsTo(to)).hasSize(1);
        assertThat(rows.row(id).get("twilio_call_sid")).isEqualTo(FRONT.callsTo(to).get(0).sid());
        // nothing is left to retry: no second create request, ever
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> FRONT.createsTo(to).size() == 1);
        assertThat(rows.row(id).get("dial_requests")).isEqualTo("1");
    }

    @Test
    void aCreateThatTimesOutAfterTwilioCreatedTheCallIsAdoptedNotRepeated() {
        String to = freshNumber();
        FRONT.script(to, new TwilioFront.Fault.HangAfterCreate(Duration.ofMillis(3500)));
        UUID id = post(TestApi.call(to));
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        assertThat(rows.row(id).get("twilio_call_sid")).isEqualTo(FRONT.callsTo(to).get(0).sid());
        assertThat(FRONT.createsTo(to)).hasSize(1);
    }

    @Test
    void a503BeforeTwilioCreatedAnythingIsRetriedAfterReconciling() {
        String to = freshNumber();
        FRONT.script(to, new TwilioFront.Fault.Reject(503, 20503, "Service unavailable"));
        UUID id = post(TestApi.call(to));
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        assertThat(FRONT.createsTo(to)).hasSize(2);
        assertThat(FRONT.callsTo(to)).hasSize(1);
    }

    @Test
    void aPermanentTwilioErrorFailsTheCallWithTwilioCodeAndMessage() {
        // Twilio's magic invalid number: the emulator answers 400 / 21211 like Twilio
        UUID invalid = post(TestApi.call("+15005550001"));
        String geo = freshNumber();
        FRONT.script(geo, new TwilioFront.Fault.Reject(400, 21215, "Account not authorized to call " + geo));
        UUID refused = post(TestApi.call(geo));
        await().atMost(WAIT).until(() -> "failed".equals(rows.status(invalid)) && "failed".equals(rows.status(refused)));
        assertThat(rows.row(invalid).get("twilio_error_code")).isEqualTo("21211");
        assertThat(rows.row(invalid).get("failure_reason")).contains("21211").contains("Invalid 'To' Phone Number");
        assertThat(rows.row(refused).get("twilio_error_code")).isEqualTo("21215");
        assertThat(rows.row(refused).get("failure_reason")).contains("not authorized");
        assertThat(FRONT.createsTo(geo)).hasSize(1);
        await().atMost(WAIT).until(() -> ended.of(refused).size() == 1);
        assertThat(ended.of(refused).get(0).status()).isEqualTo("failed");
        assertThat(ended.of(refused).get(0).callSid()).isNull();
    }

    @Test
    void givesUpAfterTheMaximumNumberOfCreateRequests() {
        String to = freshNumber();
        TwilioFront.Fault busy = new TwilioFront.Fault.Reject(429, 20429, "Too Many Requests");
        FRONT.script(to, busy, busy, busy);
        UUID id = post(TestApi.call(to));
        await().atMost(WAIT).until(() -> "failed".equals(rows.status(id)));
        assertThat(rows.row(id).get("failure_reason")).contains("gave up after 3 create requests").contains("20429");
        assertThat(FRONT.createsTo(to)).hasSize(3);
        assertThat(FRONT.callsTo(to)).isEmpty();
        assertThat(ended.of(id)).hasSize(1);
    }

    @Test
    void aCallLeftDialingByACrashedReplicaAdoptsTheCallTwilioCreated() {
        String to = freshNumber();
        Call atTwilio = Call.creator(new PhoneNumber(to), new PhoneNumber(AGENT_NUMBER),
                URI.create("https://gateway.example.test/twilio/voice/outbound")).create(TWILIO.restClient());
        UUID id = rows.insert(TestApi.tenant(TestApi.DIALER_KEY), to, AGENT_NUMBER, crashedWhileDialing());
        recovery.recoverStale();
        await().atMost(WAIT).until(() -> atTwilio.getSid().equals(rows.row(id).get("twilio_call_sid")));
        assertThat(rows.status(id)).isEqualTo("dialing");
        assertThat(FRONT.createsTo(to)).isEmpty();
        assertThat(FRONT.callsTo(to)).hasSize(1);
    }

    @Test
    void aCallLeftDialingByACrashedReplicaIsDialedAgainOnlyWhenTwilioHasNoSuchCall() {
        String to = freshNumber();
        // an older call to the same number that another outbound call owns is not this one's
        Call older = Call.creator(new PhoneNumber(to), new PhoneNumber(AGENT_NUMBER),
                URI.create("https://gateway.example.test/twilio/voice/outbound")).create(TWILIO.restClient());
        rows.insert(TestApi.tenant(TestApi.DIALER_KEY), to, AGENT_NUMBER,
                "status = 'completed', status_rank = 4, twilio_call_sid = '" + older.getSid() + "'");
        UUID id = rows.insert(TestApi.tenant(TestApi.DIALER_KEY), to, AGENT_NUMBER, crashedWhileDialing());
        recovery.recoverStale();
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        assertThat(rows.row(id).get("twilio_call_sid")).isNotEqualTo(older.getSid());
        assertThat(FRONT.createsTo(to)).hasSize(1);
        assertThat(FRONT.callsTo(to)).hasSize(2);
        assertThat(rows.row(id).get("dial_requests")).isEqualTo("2");
    }

    @Test
    void aCallLeftDialingFailsWhenTwilioCannotSayForLongerThanTheStatusTimeout() {
        String to = freshNumber();
        UUID id = rows.insert(TestApi.tenant(TestApi.DIALER_KEY), to, AGENT_NUMBER,
                "status = 'dialing', status_rank = 1, dial_requests = 1, created_at = now() - interval '2 minutes', "
                        + "dial_started_at = now() - interval '2 minutes'");
        FRONT.setListFailing(true);
        try {
            await().atMost(WAIT).until(() -> {
                recovery.recoverStale();
                return "failed".equals(rows.status(id));
            });
        } finally {
            FRONT.setListFailing(false);
        }
        assertThat(rows.row(id).get("failure_reason")).contains("could not confirm with Twilio");
        assertThat(FRONT.createsTo(to)).isEmpty();
        assertThat(ended.of(id)).hasSize(1);
    }

    private static String crashedWhileDialing() {
        return "status = 'dialing', status_rank = 1, dial_requests = 1, created_at = now() - interval '20 seconds', "
                + "dial_started_at = now() - interval '20 seconds'";
    }

    private static UUID post(String body) {
        return UUID.fromString(TestApi.given(TestApi.DIALER_KEY).body(body).post(CALLS)
                .then().statusCode(201).extract().path("id"));
    }
}
