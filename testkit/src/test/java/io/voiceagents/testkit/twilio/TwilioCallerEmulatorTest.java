package io.voiceagents.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioCallerEmulatorTest {

    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "secret-auth-token";

    private ScriptedTwimlApp app;
    private TwilioCallerEmulator twilio;

    @BeforeEach
    void start() throws Exception {
        app = new ScriptedTwimlApp(TOKEN);
        twilio = new TwilioCallerEmulator(ACCOUNT, TOKEN);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void followsAConversationToHangupAndSendsTheCompletedCallback() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(app.url("/twilio/voice"))
                .statusCallbackUrl(app.url("/twilio/status"))
                .from("+14155550123").to("+14155550199")
                .param("FromCity", "SAN FRANCISCO")
                .says("I need an appointment", 0.87)
                .says("thanks, bye")
                .build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.endedByHangup()).isTrue();
        assertThat(call.callSid()).matches("CA[0-9a-f]{32}");
        assertThat(call.saidTexts()).containsExactly("Welcome to Acme Dental.", "How can I help?", "Goodbye!");
        assertThat(call.heard().get(0).voice()).isEqualTo("Polly.Joanna");
        assertThat(call.heard().get(0).language()).isEqualTo("en-US");
        assertThat(call.playedAudio()).singleElement().satisfies(p -> {
            assertThat(p.valid()).isTrue();
            assertThat(p.url()).isEqualTo(app.url("/audio/reply.wav").toString());
            assertThat(p.format()).isEqualTo("wav mulaw 8000Hz mono");
            assertThat(p.durationMillis()).isEqualTo(200);
        });
        assertThat(call.steps()).extracting(CallStep::url).containsExactly(
                app.url("/twilio/voice").toString(), app.url("/twilio/gather").toString(), app.url("/twilio/gather").toString());
        assertThat(call.steps()).allMatch(CallStep::ok);

        // what the application received, every request signature-checked by the official validator
        assertThat(app.rejected).isEmpty();
        Map<String, String> first = app.receivedAt("/twilio/voice").get(0).params();
        assertThat(first).containsEntry("AccountSid", ACCOUNT).containsEntry("ApiVersion", "2010-04-01")
                .containsEntry("CallStatus", "ringing").containsEntry("Direction", "inbound")
                .containsEntry("From", "+14155550123").containsEntry("Caller", "+14155550123")
                .containsEntry("To", "+14155550199").containsEntry("Called", "+14155550199")
                .containsEntry("FromCity", "SAN FRANCISCO").containsEntry("CallSid", call.callSid());
        List<ScriptedTwimlApp.Received> gathers = app.receivedAt("/twilio/gather");
        assertThat(gathers.get(0).params()).containsEntry("SpeechResult", "I need an appointment")
                .containsEntry("Confidence", "0.87").containsEntry("CallStatus", "in-progress");
        assertThat(gathers.get(1).params()).containsEntry("SpeechResult", "thanks, bye");

        assertThat(call.statusCallbacks()).singleElement().satisfies(cb -> {
            assertThat(cb.response().status()).isEqualTo(204);
            assertThat(cb.params()).containsEntry("CallStatus", "completed").containsEntry("SequenceNumber", "0")
                    .containsKeys("Timestamp", "CallDuration");
        });
        ScriptedTwimlApp.Received status = app.receivedAt("/twilio/status").get(0);
        assertThat(Integer.parseInt(status.params().get("CallDuration"))).isEqualTo(call.durationSeconds()).isPositive();
        assertThat(status.params().get("Timestamp")).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    }

    @Test
    void callerHangsUpWhenNoUtteranceIsLeft() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(app.url("/twilio/voice")).build());
        assertThat(call.callerHungUp()).isTrue();
        assertThat(call.steps()).hasSize(1);
        assertThat(call.saidTexts()).containsExactly("Welcome to Acme Dental.", "How can I help?");
        assertThat(call.statusCallbacks()).isEmpty();
    }

    @Test
    void silenceFallsThroughToTheVerbAfterGather() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(app.url("/twilio/voice")).utterance(Utterance.silence()).build());
        assertThat(call.endedByHangup()).isTrue();
        assertThat(call.saidTexts()).endsWith("We did not hear anything.");
    }

    @Test
    void unplayableAudioFailsTheStep() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(app.url("/twilio/bad-audio")).build());
        assertThat(call.ok()).isFalse();
        assertThat(call.end()).isEqualTo(CallEnd.END_OF_TWIML);
        List<PlayedAudioCheck> played = call.playedAudio();
        assertThat(played).extracting(PlayedAudioCheck::valid).containsExactly(false, false, false, true);
        assertThat(played.get(0).problem()).contains("Content-Type");
        assertThat(played.get(1).problem()).contains("44100");
        assertThat(played.get(2).httpStatus()).isEqualTo(404);
        assertThat(played.get(3).format()).isEqualTo("mp3");
        assertThat(call.steps().get(0).errors()).hasSize(3);
    }

    @Test
    void redirectLoopsAreCut() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(app.url("/twilio/loop")).maxSteps(5).build());
        assertThat(call.end()).isEqualTo(CallEnd.MAX_STEPS);
        assertThat(call.steps()).hasSize(5);
        assertThat(call.heard()).hasSize(5).allMatch(h -> h.kind() == HeardItem.Kind.PAUSE);
    }

    @Test
    void unknownVerbIsAnErrorAndGetRedirectAndRecordAreFollowed() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(app.url("/twilio/mixed")).recordingDurationSeconds(7).build());
        assertThat(call.errors()).singleElement().asString().contains("<Dial>");
        assertThat(call.steps()).extracting(CallStep::method).containsExactly("POST", "GET", "POST");
        assertThat(call.steps().get(1).url()).startsWith(app.url("/twilio/get?step=1&AccountSid=").toString());
        assertThat(app.rejected).isEmpty();
        Map<String, String> recorded = app.receivedAt("/twilio/recorded").get(0).params();
        assertThat(recorded.get("RecordingSid")).matches("RE[0-9a-f]{32}");
        assertThat(recorded).containsEntry("RecordingDuration", "7");
        assertThat(recorded.get("RecordingUrl")).contains("/Recordings/" + recorded.get("RecordingSid"));
        assertThat(call.saidTexts()).containsExactly("Thanks for the message.");
        assertThat(call.end()).isEqualTo(CallEnd.END_OF_TWIML);
    }

    @Test
    void httpErrorsAndInvalidTwimlEndTheCall() {
        assertThat(twilio.placeCall(CallScript.builder(app.url("/twilio/error")).build()).end()).isEqualTo(CallEnd.ERROR);
        SimulatedCall broken = twilio.placeCall(CallScript.builder(app.url("/twilio/broken")).build());
        assertThat(broken.end()).isEqualTo(CallEnd.ERROR);
        assertThat(broken.errors()).singleElement().asString().contains("12100");
    }

    @Test
    void unsignedAndForgedWebhooksAreRefusedBySignatureCheckingApps() {
        Map<String, String> params = twilio.voiceParams(CallScript.builder(app.url("/twilio/voice")).build(), "ringing");
        assertThat(twilio.postUnsigned(app.url("/twilio/voice"), params).status()).isEqualTo(403);
        assertThat(twilio.postWithForgedSignature(app.url("/twilio/voice"), params).status()).isEqualTo(403);
        assertThat(app.rejected).hasSize(2);
        WebhookResponse ok = twilio.postSigned(app.url("/twilio/voice"), params);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("<Gather");
    }

    @Test
    void statusCallbacksCanBeDuplicatedAndShuffledDeterministically() {
        String callSid = CallScript.newCallSid();
        StatusCallbackPlan plan = StatusCallbackPlan.of("initiated", "ringing", "answered", "completed")
                .withDuplicates(2).shuffled(7).withCallDuration(42);
        List<StatusCallbackDelivery> sent = twilio.sendStatusCallbacks(app.url("/twilio/status"), callSid, plan);

        assertThat(sent).hasSize(6).allMatch(d -> d.response().status() == 204);
        assertThat(app.rejected).isEmpty();
        assertThat(sent.stream().filter(StatusCallbackDelivery::duplicate)).hasSize(2);
        assertThat(sent).extracting(StatusCallbackDelivery::callStatus)
                .contains("initiated", "ringing", "in-progress", "completed");
        // a retry repeats the original's token and sequence number, and comes after it
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            StatusCallbackDelivery d = sent.get(i);
            if (d.duplicate()) {
                assertThat(firstIndex).containsKey(d.idempotencyToken());
            } else {
                firstIndex.put(d.idempotencyToken(), i);
            }
        }
        assertThat(firstIndex).hasSize(4);
        List<ScriptedTwimlApp.Received> got = app.receivedAt("/twilio/status");
        assertThat(got).allSatisfy(r -> assertThat(r.headers().get("I-twilio-idempotency-token")).isNotEmpty());
        assertThat(got.stream().map(r -> r.params().get("SequenceNumber")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("0", "1", "2", "3");
        assertThat(got.stream().filter(r -> "completed".equals(r.params().get("CallStatus"))).findFirst().orElseThrow().params())
                .containsEntry("CallDuration", "42").containsEntry("CallSid", callSid);

        // same seed, same order: reproducible runs
        List<StatusCallbackDelivery> again = twilio.sendStatusCallbacks(app.url("/twilio/status"), callSid, plan);
        assertThat(again).extracting(StatusCallbackDelivery::sequenceNumber)
                .containsExactlyElementsOf(sent.stream().map(StatusCallbackDelivery::sequenceNumber).toList());
        assertThat(sent).extracting(StatusCallbackDelivery::sequenceNumber).isNotEqualTo(List.of(0, 1, 2, 3, 0, 1));
    }
}
