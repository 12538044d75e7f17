package io.voiceagents.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Hundreds of calls at once: the progress must keep every call's story straight. */
class TwilioCallProgressLoadTest {

    private static final int CALLS = 200;

    @Test
    void twoHundredConcurrentCallsEachGetTheirWholeStory() throws Exception {
        try (TwilioRestEmulator emulator = TwilioRestEmulator.start(0);
             OutboundWebhookApp app = new OutboundWebhookApp(emulator.authToken());
             TwilioCallProgress progress = TwilioCallProgress.attach(emulator, CalleeBehaviour.answerSaying("sure")
                     .ringingAfter(Duration.ofMillis(20)).answeredAfter(Duration.ofMillis(20)).talkingFor(Duration.ofMillis(300)))
                     .routing(to -> to.endsWith("7") ? CalleeBehaviour.busy() : null);
             ExecutorService dialers = Executors.newFixedThreadPool(20)) {
            TwilioRestClient client = emulator.restClient();
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                String to = String.format("+1415556%04d", i);
                created.add(dialers.submit(() -> TwilioCallProgressTest.creator(app, to, "Enable").create(client).getSid()));
            }
            List<String> sids = new ArrayList<>();
            for (Future<String> f : created) {
                sids.add(f.get());
            }
            assertThat(progress.awaitIdle(Duration.ofSeconds(20))).isTrue();

            int busy = 0;
            for (String sid : sids) {
                CallProgressResult r = progress.awaitResult(sid, Duration.ofSeconds(1));
                if (r.to().endsWith("7")) {
                    busy++;
                    assertThat(r.callbackStatuses()).containsExactly("initiated", "busy");
                } else {
                    assertThat(r.finalStatus()).isEqualTo("completed");
                    assertThat(r.callbackStatuses()).containsExactly("initiated", "ringing", "in-progress", "completed");
                    assertThat(r.conversation().saidTexts()).contains("You said sure.");
                    assertThat(app.voiceRequests(sid)).hasSize(2).allMatch(v -> v.params().get("To").equals(r.to()));
                }
                assertThat(r.statusCallbacks()).allMatch(d -> d.response().status() == 204);
                assertThat(app.callbacks(sid)).extracting(c -> c.params().get("SequenceNumber"))
                        .containsExactlyElementsOf(r.statusCallbacks().stream().map(d -> Integer.toString(d.sequenceNumber())).toList());
            }
            assertThat(busy).isEqualTo(20);
            assertThat(app.received).allMatch(OutboundWebhookApp.Received::signatureValid);

            CallTimeline timeline = emulator.timeline();
            assertThat(timeline.created()).isEqualTo(CALLS);
            assertThat(timeline.duplicateTos()).isEmpty();
            assertThat(timeline.live()).isZero();
            // 20 dialers and 300 ms of talk: many calls overlap
            assertThat(timeline.maxConcurrent()).isBetween(20, CALLS);
            List<Call> completed = new ArrayList<>();
            Call.reader().setStatus(Call.Status.COMPLETED).setPageSize(50L).read(client).forEach(completed::add);
            assertThat(completed).hasSize(CALLS - busy).allMatch(c -> "human".equals(c.getAnsweredBy()));
        }
    }
}
