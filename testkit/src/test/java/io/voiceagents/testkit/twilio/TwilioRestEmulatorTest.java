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
        // the listener runs after the 201 has been written, so the client can see the answer first
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(seen).extracting(RestCall::sid).containsExactly(ok.getSid());
    }

    @Test
    void listFiltersByToFromAndStatusNewestFirst() {
        Call a = create("+14155550110");
        Call b = create("+14155550111");
        Call c = create("+14155550110");
        emulator.setStatus(b.getSid(), "busy");
        Call.creator(new PhoneNumber("+14155550110"), new PhoneNumber("+15005550007"), URI.create("https://example.test/v")).create(client);

        List<String> toA = sids(Call.reader().setTo(new PhoneNumber("+14155550110")).setFrom(new PhoneNumber("+15005550006")).read(client));
        assertThat(toA).containsExactly(c.getSid(), a.getSid());
        assertThat(sids(Call.reader().setStatus(Call.Status.BUSY).read(client))).containsExactly(b.getSid());
        assertThat(sids(Call.reader().setTo(new PhoneNumber("+14155559999")).read(client))).isEmpty();
        assertThat(sids(Call.reader().read(client))).hasSize(4);
        Call listed = Call.reader().setTo(new PhoneNumber("+14155550111")).read(client).iterator().next();
        assertThat(listed.getStatus()).isEqualTo(Call.Status.BUSY);
        assertThat(listed.getEndTime()).isNotNull();
    }

    @Test
    void listPagesAreFollowedByTheSdkAndStayStableWhileCallsAreCreated() {
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create("+14155550120").getSid());
        }
        com.twilio.base.Page<Call> first = Call.reader().setTo(new PhoneNumber("+14155550120")).setPageSize(3L).firstPage(client);
        assertThat(first.getRecords()).extracting(Call::getSid).containsExactly(created.get(6), created.get(5), created.get(4));
        assertThat(first.getPageSize()).isEqualTo(3);
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.getFirstPageUrl("api")).contains("To=%2B14155550120").contains("PageSize=3").contains("Page=0");
        // a call created between pages does not shift the next page (PageToken names the last call seen)
        create("+14155550120");
        com.twilio.base.Page<Call> second = Call.reader().nextPage(first, client);
        assertThat(second.getRecords()).extracting(Call::getSid).containsExactly(created.get(3), created.get(2), created.get(1));
        com.twilio.base.Page<Call> third = Call.reader().nextPage(second, client);
        assertThat(third.getRecords()).extracting(Call::getSid).containsExactly(created.get(0));
        assertThat(third.hasNextPage()).isFalse();
        // read() follows next_page_uri by itself
        assertThat(sids(Call.reader().setTo(new PhoneNumber("+14155550120")).setPageSize(2L).read(client))).hasSize(8);
    }

    @Test
    void listFiltersByStartTime() {
        java.time.ZonedDateTime before = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1);
        Call a = create("+14155550130");
        assertThat(sids(Call.reader().setStartTimeAfter(before).read(client))).containsExactly(a.getSid());
        assertThat(sids(Call.reader().setStartTimeAfter(before.plusMinutes(5)).read(client))).isEmpty();
        assertThat(sids(Call.reader().setStartTimeBefore(before.minusMinutes(5)).read(client))).isEmpty();
        assertThat(sids(Call.reader().setStartTimeBefore(before.plusMinutes(5)).read(client))).containsExactly(a.getSid());
        // a plain UTC date, as in Twilio's documentation
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String json = get("/Calls.json?StartTime=" + today);
        assertThat(json).contains(a.getSid()).contains("\"first_page_uri\"").contains("\"next_page_uri\":null");
        assertThat(get("/Calls.json?StartTime%3E=2001-01-01&StartTime%3C=2001-01-02")).contains("\"calls\":[]");
    }

    @Test
    void aLostCreateAnswerStillCreatesTheCallAndTheListFindsIt() {
        emulator.loseNextCreateResponses(1);
        assertThatThrownBy(() -> create("+14155550140")).isInstanceOf(ApiException.class);
        assertThat(emulator.requestCount()).as("the SDK does not retry a broken answer").isEqualTo(1);
        List<Call> found = new java.util.ArrayList<>();
        Call.reader().setTo(new PhoneNumber("+14155550140")).setFrom(new PhoneNumber("+15005550006")).read(client).forEach(found::add);
        assertThat(found).singleElement().extracting(Call::getSid).isEqualTo(emulator.createdCalls().get(0).sid());
        assertThat(create("+14155550141").getStatus()).isEqualTo(Call.Status.QUEUED);
    }

    private static List<String> sids(Iterable<Call> calls) {
        List<String> out = new java.util.ArrayList<>();
        calls.forEach(c -> out.add(c.getSid()));
        return out;
    }

    private static String get(String pathAfterAccount) {
        try {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                            + "/2010-04-01/Accounts/" + emulator.accountSid() + pathAfterAccount))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (emulator.accountSid() + ":" + emulator.authToken()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .GET().build();
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
