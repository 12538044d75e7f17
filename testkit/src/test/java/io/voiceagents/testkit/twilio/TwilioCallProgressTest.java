package io.voiceagents.testkit.twilio;

import static io.voiceagents.testkit.twilio.OutboundWebhookApp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.type.PhoneNumber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulated network after a create: driven with the official SDK, as outbound-service drives Twilio. */
class TwilioCallProgressTest {

    static final String FROM = "+15005550006";
    static final Duration WAIT = Duration.ofSeconds(10);

    private static TwilioRestEmulator emulator;
    private static TwilioRestClient client;
    private static OutboundWebhookApp app;
    private TwilioCallProgress progress;

    @BeforeAll
    static void start() {
        emulator = TwilioRestEmulator.start(0);
        client = emulator.restClient();
        app = new OutboundWebhookApp(emulator.authToken());
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    @BeforeEach
    void attach() {
        emulator.reset();
        app.received.clear();
        progress = TwilioCallProgress.attach(emulator, CalleeBehaviour.answer());
    }

    @AfterEach
    void detach() {
        progress.close();
    }

    private static CallCreator creator(String to, String machineDetection) {
        return creator(app, to, machineDetection);
    }

    static CallCreator creator(OutboundWebhookApp app, String to, String machineDetection) {
        CallCreator c = Call.creator(new PhoneNumber(to), new PhoneNumber(FROM), app.url("/twilio/voice/outbound?oc=oc-1&agent=ag-1"))
                .setStatusCallback(app.url("/twilio/voice/status?oc=oc-1&agent=ag-1"))
                .setStatusCallbackMethod(HttpMethod.POST)
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .setTimeout(20);
        return machineDetection == null ? c : c.setMachineDetection(machineDetection);
    }

    @Test
    void anAnsweredCallRequestsTheUrlAfterAnswerAndReportsEveryStepSigned() {
        progress.route("+14155550100", CalleeBehaviour.answerSaying("yes, go ahead")
                .ringingAfter(Duration.ofMillis(20)).answeredAfter(Duration.ofMillis(30)).talkingFor(Duration.ofMillis(50)));
        Call created = creator("+14155550100", "Enable").create(client);
        assertThat(created.getStatus()).isEqualTo(Call.Status.QUEUED);

        CallProgressResult result = progress.awaitResult(created.getSid(), WAIT);
        assertThat(result.finalStatus()).isEqualTo("completed");
        assertThat(result.errors()).isEmpty();
        assertThat(result.conversation().ok()).as(result.conversation().toString()).isTrue();
        assertThat(result.conversation().saidTexts())
                .containsExactly("Hello, this is Acme.", "Is now a good time?", "You said yes, go ahead.");
        assertThat(result.conversation().callerHungUp()).isTrue();

        // the voice Url: answered outbound call, AMD result, signed over the URL with its query
        List<OutboundWebhookApp.Received> voice = app.voiceRequests(created.getSid());
        assertThat(voice).hasSize(2).allMatch(OutboundWebhookApp.Received::signatureValid);
        assertThat(voice.get(0).url()).isEqualTo(app.url("/twilio/voice/outbound?oc=oc-1&agent=ag-1").toString());
        assertThat(voice.get(0).params()).containsEntry("CallStatus", "in-progress")
                .containsEntry("Direction", "outbound-api").containsEntry("AnsweredBy", "human")
                .containsEntry("From", FROM).containsEntry("To", "+14155550100")
                .containsEntry("AccountSid", emulator.accountSid()).containsEntry("ApiVersion", "2010-04-01");
        assertThat(voice.get(1).params()).containsEntry("SpeechResult", "yes, go ahead");

        // status callbacks: in order, numbered, signed over the URL with its query
        List<OutboundWebhookApp.Received> callbacks = app.callbacks(created.getSid());
        assertThat(callbacks).extracting(r -> r.params().get("CallStatus"))
                .containsExactly("initiated", "ringing", "in-progress", "completed");
        assertThat(callbacks).extracting(r -> r.params().get("SequenceNumber")).containsExactly("0", "1", "2", "3");
        assertThat(callbacks).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.url()).isEqualTo(app.url("/twilio/voice/status?oc=oc-1&agent=ag-1").toString());
            assertThat(r.idempotencyToken()).isNotBlank();
            assertThat(r.params()).containsEntry("Direction", "outbound-api").containsEntry("From", FROM)
                    .containsEntry("AccountSid", emulator.accountSid()).containsEntry("CallbackSource", "call-progress-events");
            assertThat(r.params().get("Timestamp")).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
        });
        assertThat(callbacks.get(0).params()).doesNotContainKeys("AnsweredBy", "CallDuration");
        assertThat(callbacks.get(2).params()).containsEntry("AnsweredBy", "human");
        Map<String, String> completed = callbacks.get(3).params();
        assertThat(completed).containsEntry("AnsweredBy", "human").containsEntry("SipResponseCode", "200");
        assertThat(Integer.parseInt(completed.get("CallDuration"))).isPositive().isEqualTo(result.durationSeconds());
        // the answered callback comes before the Url request
        assertThat(callbacks.get(2).receivedNanos()).isLessThan(voice.get(0).receivedNanos());

        Call fetched = Call.fetcher(created.getSid()).fetch(client);
        assertThat(fetched.getStatus()).isEqualTo(Call.Status.COMPLETED);
        assertThat(fetched.getAnsweredBy()).isEqualTo("human");
        assertThat(fetched.getDuration()).isEqualTo(completed.get("CallDuration"));
        assertThat(fetched.getStartTime()).isNotNull();
        assertThat(fetched.getEndTime()).isNotNull();
    }

    @Test
    void storedCallFollowsTheProgress() {
        progress.defaultBehaviour(CalleeBehaviour.answer().initiatedAfter(Duration.ofMillis(150))
                .ringingAfter(Duration.ofMillis(150)).answeredAfter(Duration.ofMillis(150)).talkingFor(Duration.ofMillis(300)));
        Call created = creator("+14155550101", null).create(client);
        String sid = created.getSid();
        assertThat(Call.fetcher(sid).fetch(client).getStatus()).isEqualTo(Call.Status.QUEUED);
        await("ringing", WAIT, () -> Call.fetcher(sid).fetch(client).getStatus() == Call.Status.RINGING);
        await("in-progress", WAIT, () -> Call.fetcher(sid).fetch(client).getStatus() == Call.Status.IN_PROGRESS);
        Call live = Call.fetcher(sid).fetch(client);
        assertThat(live.getAnsweredBy()).as("no machine detection asked").isNull();
        assertThat(live.getEndTime()).isNull();
        await("completed", WAIT, () -> Call.fetcher(sid).fetch(client).getStatus() == Call.Status.COMPLETED);
        CallProgressResult r = progress.awaitResult(sid, WAIT);
        assertThat(r.answeredBy()).isNull();
        assertThat(app.voiceRequests(sid).get(0).params()).doesNotContainKey("AnsweredBy");
    }

    @Test
    void machinesAndFaxesReportWhatDetectionFound() {
        progress.route("+14155550110", CalleeBehaviour.machine())
                .routing(to -> to.endsWith("11") ? CalleeBehaviour.machine() : to.endsWith("12") ? CalleeBehaviour.fax() : null)
                .route("+14155550113", CalleeBehaviour.machine("machine_end_silence"));
        String enable = creator("+14155550110", "Enable").create(client).getSid();
        String messageEnd = creator("+14155550111", "DetectMessageEnd").create(client).getSid();
        String fax = creator("+14155550112", "Enable").create(client).getSid();
        String silence = creator("+14155550113", "DetectMessageEnd").create(client).getSid();

        assertThat(progress.awaitResult(enable, WAIT).answeredBy()).isEqualTo("machine_start");
        assertThat(progress.awaitResult(messageEnd, WAIT).answeredBy()).isEqualTo("machine_end_beep");
        assertThat(progress.awaitResult(fax, WAIT).answeredBy()).isEqualTo("fax");
        assertThat(progress.awaitResult(silence, WAIT).answeredBy()).isEqualTo("machine_end_silence");
        CallProgressResult machine = progress.awaitResult(messageEnd, WAIT);
        assertThat(machine.finalStatus()).isEqualTo("completed");
        assertThat(machine.conversation().saidTexts()).containsExactly("Sorry we missed you, please call Acme back.");
        assertThat(machine.conversation().endedByHangup()).isTrue();
        assertThat(app.voiceRequests(messageEnd).get(0).params()).containsEntry("AnsweredBy", "machine_end_beep");
        assertThat(app.callbacks(messageEnd)).last().satisfies(r -> assertThat(r.params()).containsEntry("AnsweredBy", "machine_end_beep"));
        assertThat(Call.fetcher(fax).fetch(client).getAnsweredBy()).isEqualTo("fax");
    }

    @Test
    void busyNoAnswerAndFailedNeverRequestTheUrl() {
        progress.route("+14155550120", CalleeBehaviour.busy().ringingAfter(Duration.ofMillis(20)))
                .route("+14155550121", CalleeBehaviour.noAnswer().answeredAfter(Duration.ofMillis(50)))
                .route("+14155550122", CalleeBehaviour.failed())
                .route("+14155550123", CalleeBehaviour.answer().answeredAfter(Duration.ofSeconds(30)));
        String busy = creator("+14155550120", "Enable").create(client).getSid();
        String noAnswer = creator("+14155550121", null).create(client).getSid();
        String failed = creator("+14155550122", null).create(client).getSid();
        long t0 = System.nanoTime();
        // answers too late: the call's own Timeout (1 s) makes it no-answer
        String tooLate = creator("+14155550123", null).setTimeout(1).create(client).getSid();

        assertThat(progress.awaitResult(busy, WAIT).callbackStatuses()).containsExactly("initiated", "busy");
        assertThat(progress.awaitResult(noAnswer, WAIT).callbackStatuses()).containsExactly("initiated", "ringing", "no-answer");
        assertThat(progress.awaitResult(failed, WAIT).callbackStatuses()).containsExactly("initiated", "failed");
        CallProgressResult late = progress.awaitResult(tooLate, WAIT);
        assertThat(late.finalStatus()).isEqualTo("no-answer");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
        for (String sid : List.of(busy, noAnswer, failed, tooLate)) {
            assertThat(progress.awaitResult(sid, WAIT).voiceUrlRequested()).isFalse();
            assertThat(app.voiceRequests(sid)).isEmpty();
            assertThat(app.callbacks(sid)).allMatch(OutboundWebhookApp.Received::signatureValid);
        }
        assertThat(app.callbacks(busy).get(1).params()).containsEntry("SipResponseCode", "486")
                .containsEntry("CallDuration", "0").doesNotContainKey("AnsweredBy");
        assertThat(Call.fetcher(busy).fetch(client).getStatus()).isEqualTo(Call.Status.BUSY);
        assertThat(Call.fetcher(noAnswer).fetch(client).getStatus()).isEqualTo(Call.Status.NO_ANSWER);
        assertThat(Call.fetcher(failed).fetch(client).getStatus()).isEqualTo(Call.Status.FAILED);
    }

    @Test
    void withoutStatusCallbackEventsOnlyTheFinalStatusIsSentAndGetIsHonoured() {
        Call created = Call.creator(new PhoneNumber("+14155550130"), new PhoneNumber(FROM), app.url("/twilio/voice/outbound?oc=2"))
                .setStatusCallback(app.url("/twilio/voice/status?oc=2")).setStatusCallbackMethod(HttpMethod.GET)
                .create(client);
        CallProgressResult r = progress.awaitResult(created.getSid(), WAIT);
        List<OutboundWebhookApp.Received> callbacks = app.callbacks(created.getSid());
        assertThat(callbacks).singleElement().satisfies(cb -> {
            assertThat(cb.method()).isEqualTo("GET");
            assertThat(cb.signatureValid()).isTrue();
            assertThat(cb.url()).startsWith(app.url("/twilio/voice/status?oc=2&AccountSid=").toString());
            assertThat(cb.params()).containsEntry("CallStatus", "completed").containsEntry("SequenceNumber", "0");
        });
        assertThat(r.callbackStatuses()).containsExactly("completed");
    }

    @Test
    void aSilentNetworkSendsNothingEvenWhenCanceled() throws Exception {
        progress.defaultBehaviour(CalleeBehaviour.silent());
        String sid = creator("+14155550140", "Enable").create(client).getSid();
        Thread.sleep(200);
        assertThat(Call.fetcher(sid).fetch(client).getStatus()).isEqualTo(Call.Status.QUEUED);
        assertThat(Call.updater(sid).setStatus(Call.UpdateStatus.CANCELED).update(client).getStatus()).isEqualTo(Call.Status.CANCELED);
        Thread.sleep(100);
        assertThat(app.received).isEmpty();
        assertThat(progress.awaitResult(sid, WAIT).finalStatus()).isNull();
    }

    @Test
    void cancelingAQueuedOrRingingCallStopsItAndTheUrlIsNeverRequested() {
        progress.route("+14155550150", CalleeBehaviour.answer().initiatedAfter(Duration.ofSeconds(30)))
                .route("+14155550151", CalleeBehaviour.answer().answeredAfter(Duration.ofSeconds(15)));
        String queued = creator("+14155550150", null).create(client).getSid();
        String ringing = creator("+14155550151", null).create(client).getSid();
        await("ringing", WAIT, () -> emulator.call(ringing).orElseThrow().status().equals("ringing"));

        Call.updater(queued).setStatus(Call.UpdateStatus.CANCELED).update(client);
        // Status=completed on a call not yet answered cancels it too, as Twilio does
        Call.updater(ringing).setStatus(Call.UpdateStatus.COMPLETED).update(client);

        assertThat(progress.awaitResult(queued, Duration.ofSeconds(2)).callbackStatuses()).containsExactly("canceled");
        assertThat(progress.awaitResult(ringing, Duration.ofSeconds(2)).callbackStatuses())
                .containsExactly("initiated", "ringing", "canceled");
        assertThat(app.callbacks(ringing).get(2).params()).containsEntry("SipResponseCode", "487");
        assertThat(app.voiceRequests(queued)).isEmpty();
        assertThat(app.voiceRequests(ringing)).isEmpty();
        assertThat(Call.fetcher(ringing).fetch(client).getStatus()).isEqualTo(Call.Status.CANCELED);
        assertThat(Call.fetcher(queued).fetch(client).getStartTime()).as("never dialed").isNull();
    }

    @Test
    void hangingUpALiveCallCompletesItAtOnceWithItsDuration() {
        progress.defaultBehaviour(CalleeBehaviour.answer().talkingFor(Duration.ofSeconds(30)));
        String sid = creator("+14155550160", "Enable").create(client).getSid();
        await("answered", WAIT, () -> !app.voiceRequests(sid).isEmpty() && emulator.call(sid).orElseThrow().status().equals("in-progress"));
        // canceled does not stop a live call
        assertThat(Call.updater(sid).setStatus(Call.UpdateStatus.CANCELED).update(client).getStatus()).isEqualTo(Call.Status.IN_PROGRESS);
        long t0 = System.nanoTime();
        Call.updater(sid).setStatus(Call.UpdateStatus.COMPLETED).update(client);
        CallProgressResult r = progress.awaitResult(sid, Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(r.finalStatus()).isEqualTo("completed");
        assertThat(r.callbackStatuses()).containsExactly("initiated", "ringing", "in-progress", "completed");
        assertThat(app.callbacks(sid).get(3).params()).containsEntry("CallDuration", Integer.toString(r.durationSeconds()))
                .containsEntry("AnsweredBy", "human");
        assertThat(Call.fetcher(sid).fetch(client).getDuration()).isEqualTo(Integer.toString(r.durationSeconds()));
    }

    @Test
    void callbacksCanBeRetriedLateOrDeliveredOutOfOrder() {
        progress.route("+14155550170", CalleeBehaviour.answer().withDuplicateCallbacks(2).withSeed(3))
                .route("+14155550171", CalleeBehaviour.answer().withCallbacksOutOfOrder().withSeed(7));
        String retried = creator("+14155550170", null).create(client).getSid();
        String shuffled = creator("+14155550171", null).create(client).getSid();

        List<StatusCallbackDelivery> dup = progress.awaitResult(retried, WAIT).statusCallbacks();
        assertThat(dup).hasSize(6);
        assertThat(dup.subList(0, 4)).extracting(StatusCallbackDelivery::callStatus)
                .containsExactly("initiated", "ringing", "in-progress", "completed");
        assertThat(dup.subList(4, 6)).allSatisfy(d -> {
            assertThat(d.duplicate()).isTrue();
            StatusCallbackDelivery original = dup.get(d.sequenceNumber());
            assertThat(d.idempotencyToken()).isEqualTo(original.idempotencyToken());
            assertThat(d.params()).isEqualTo(original.params());
        });
        assertThat(app.callbacks(retried)).hasSize(6).allMatch(OutboundWebhookApp.Received::signatureValid);

        List<StatusCallbackDelivery> out = progress.awaitResult(shuffled, WAIT).statusCallbacks();
        assertThat(out).extracting(StatusCallbackDelivery::sequenceNumber).containsExactlyInAnyOrder(0, 1, 2, 3)
                .isNotEqualTo(List.of(0, 1, 2, 3));
        // held until the call ended: every callback arrives after the Url request
        long urlAt = app.voiceRequests(shuffled).get(0).receivedNanos();
        assertThat(app.callbacks(shuffled)).allMatch(r -> r.receivedNanos() > urlAt);
    }

    @Test
    void closingTheProgressStopsCallsInFlight() {
        progress.defaultBehaviour(CalleeBehaviour.noAnswer());
        String sid = creator("+14155550180", null).create(client).getSid();
        await("ringing", WAIT, () -> emulator.call(sid).orElseThrow().status().equals("ringing"));
        progress.close();
        assertThat(progress.inProgress()).isZero();
        CallProgressResult r = progress.result(sid).orElseThrow();
        assertThat(r.finalStatus()).isNull();
        // a new progress can attach once the old one is closed
        progress = TwilioCallProgress.attach(emulator, CalleeBehaviour.busy());
        String next = creator("+14155550181", null).create(client).getSid();
        assertThat(progress.awaitResult(next, WAIT).finalStatus()).isEqualTo("busy");
    }
}
