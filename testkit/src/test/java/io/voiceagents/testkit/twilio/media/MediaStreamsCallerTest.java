package io.voiceagents.testkit.twilio.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import io.voiceagents.testkit.twilio.TwilioSignature;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Media Streams caller against a WebSocket server playing the gateway. */
class MediaStreamsCallerTest {

    static final String SIGNED_URL = "wss://voice.example.com/twilio/media";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestGateway gateway;
    private MediaStreamsCallers callers;

    @BeforeEach
    void start() {
        gateway = new TestGateway();
        callers = MediaStreamsCallers.create(TwilioRestEmulator.DEFAULT_ACCOUNT_SID, TwilioRestEmulator.DEFAULT_AUTH_TOKEN);
    }

    @AfterEach
    void stop() {
        callers.close();
        gateway.close();
    }

    private MediaStreamsCall.Builder call() {
        return MediaStreamsCall.to(gateway.url("/twilio/media")).signedUrl(SIGNED_URL).customParameter("token", "t-123");
    }

    static byte[] tone(int millis) {
        byte[] out = new byte[millis * 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = MuLaw.encode((short) (6000 * Math.sin(i * 0.3)));
        }
        return out;
    }

    static String media(String streamSid, byte[] audio) {
        return "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}}";
    }

    static String mark(String streamSid, String name) {
        return "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}";
    }

    static String clear(String streamSid) {
        return "{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}";
    }

    private static byte[] payload(TestGateway.Received r) {
        return Base64.getDecoder().decode(r.json().path("media").path("payload").asText());
    }

    @Test
    void opensLikeTwilioThenStreamsSilenceAndStopsOnHangUp() {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        assertThat(conn.header(TwilioSignature.HEADER))
                .isEqualTo(TwilioSignature.sign(TwilioRestEmulator.DEFAULT_AUTH_TOKEN, SIGNED_URL, Map.of()));
        assertThat(conn.header("User-Agent")).isEqualTo(TwilioWebSocket.USER_AGENT);
        List<TestGateway.Received> frames = conn.await(j -> "media".equals(j.path("event").asText()), 5, WAIT);
        List<TestGateway.Received> all = conn.received();
        JsonNode connected = all.get(0).json();
        assertThat(connected.path("event").asText()).isEqualTo("connected");
        assertThat(connected.path("protocol").asText()).isEqualTo("Call");
        assertThat(connected.has("sequenceNumber")).isFalse();
        JsonNode start = all.get(1).json();
        assertThat(start.path("event").asText()).isEqualTo("start");
        assertThat(start.path("sequenceNumber").asText()).isEqualTo("1");
        assertThat(start.path("streamSid").asText()).isEqualTo(caller.streamSid()).startsWith("MZ");
        assertThat(start.path("start").path("streamSid").asText()).isEqualTo(caller.streamSid());
        assertThat(start.path("start").path("callSid").asText()).isEqualTo(caller.callSid()).startsWith("CA");
        assertThat(start.path("start").path("accountSid").asText()).isEqualTo(TwilioRestEmulator.DEFAULT_ACCOUNT_SID);
        assertThat(start.path("start").path("tracks").toString()).isEqualTo("[\"inbound\"]");
        assertThat(start.path("start").path("customParameters").path("token").asText()).isEqualTo("t-123");
        assertThat(start.path("start").path("mediaFormat").toString())
                .isEqualTo("{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}");
        for (int i = 0; i < frames.size(); i++) {
            JsonNode m = frames.get(i).json();
            assertThat(m.path("sequenceNumber").asText()).isEqualTo(Integer.toString(i + 2));
            assertThat(m.path("streamSid").asText()).isEqualTo(caller.streamSid());
            assertThat(m.path("media").path("track").asText()).isEqualTo("inbound");
            assertThat(m.path("media").path("chunk").asText()).isEqualTo(Integer.toString(i + 1));
            assertThat(m.path("media").path("timestamp").asText()).isEqualTo(Integer.toString(i * 20));
            byte[] silence = new byte[160];
            Arrays.fill(silence, MuLaw.SILENCE);
            assertThat(payload(frames.get(i))).isEqualTo(silence);
        }

        caller.hangUp();
        JsonNode stop = conn.awaitFirst("event", "stop", WAIT).json();
        assertThat(stop.path("streamSid").asText()).isEqualTo(caller.streamSid());
        assertThat(stop.path("stop").path("callSid").asText()).isEqualTo(caller.callSid());
        assertThat(stop.path("stop").path("accountSid").asText()).isEqualTo(TwilioRestEmulator.DEFAULT_ACCOUNT_SID);
        assertThat(conn.closed().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo((short) 1000);
        MediaStreamsReport report = caller.awaitEnd(WAIT);
        assertThat(report.end()).isEqualTo(StreamEnd.CALLER_HUNG_UP);
        List<TestGateway.Received> media = conn.where("event", "media");
        long stopSeq = stop.path("sequenceNumber").asLong();
        assertThat(stopSeq).isEqualTo(media.getLast().json().path("sequenceNumber").asLong() + 1);
        assertThat(report.framesSent()).isEqualTo(media.size());
    }

    @Test
    void framesLeaveEvery20MillisecondsInRealTime() {
        callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        List<TestGateway.Received> frames = conn.await(j -> "media".equals(j.path("event").asText()), 150, WAIT);

        // 150 frames are 3 s of audio: they must take 3 s to arrive, each near its slot (generous: shared CI box)
        long first = frames.get(0).atNanos();
        long span = (frames.get(149).atNanos() - first) / 1_000_000;
        assertThat(span).isBetween(2_900L, 3_200L);
        for (int i = 0; i < frames.size(); i++) {
            long drift = (frames.get(i).atNanos() - first) / 1_000_000 - i * 20L;
            assertThat(Math.abs(drift)).as("frame %d drift", i).isLessThan(150);
        }
        assertThat(callers.inboundPacing().count()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void saysAFixtureAtRealTimeBetweenStretchesOfIdleLine() {
        SpeechFixtures.SpeechFixture yes = SpeechFixtures.get(SpeechFixtures.YES_THANKS);
        MediaStreamsCaller caller = callers.connect(call().lineNoise(true).build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        MediaStreamsReport report = caller.silence(Duration.ofMillis(200)).say(yes).silence(Duration.ofMillis(100))
                .awaitScript(Duration.ofSeconds(15));

        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (TestGateway.Received r : conn.where("event", "media")) {
            line.writeBytes(payload(r));
        }
        byte[] sent = line.toByteArray();
        int at = indexOf(sent, yes.muLaw());
        assertThat(at).as("the fixture goes out whole, frame-aligned").isPositive();
        assertThat(at % 160).isZero();
        // the idle line is quiet noise, not digital silence and not speech
        byte[] idle = Arrays.copyOf(sent, at);
        assertThat(Playback.audible(idle)).isFalse();
        assertThat(idle).containsAnyOf((byte) 0x7E, (byte) 0xFE, (byte) 0x7D, (byte) 0xFD);
        CallerUtterance said = report.callerUtterances().get(0);
        assertThat(said.name()).isEqualTo(SpeechFixtures.YES_THANKS);
        assertThat(said.transcript()).isEqualTo(yes.transcript());
        assertThat(said.endMs() - said.startMs()).isBetween(yes.durationMillis() - 100, yes.durationMillis() + 200);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void echoesAMarkOnceTheAudioBeforeItHasPlayed() {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        String sid = caller.streamSid();

        conn.send(mark(sid, "nothing-queued"));
        long sentAt = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            conn.send(media(sid, tone(20)));
        }
        conn.send(mark(sid, "sentence-1"));

        TestGateway.Received idle = conn.await(j -> "nothing-queued".equals(j.path("mark").path("name").asText()), 1, WAIT).get(0);
        TestGateway.Received echo = conn.await(j -> "sentence-1".equals(j.path("mark").path("name").asText()), 1, WAIT).get(0);
        assertThat((idle.atNanos() - sentAt) / 1_000_000).isLessThan(300);
        assertThat((echo.atNanos() - sentAt) / 1_000_000).isBetween(980L, 1_400L);
        assertThat(caller.awaitMarkEchoes(2, WAIT).echoedMarkNames()).hasSize(2);
        assertThat(echo.json().path("event").asText()).isEqualTo("mark");
        assertThat(echo.json().path("streamSid").asText()).isEqualTo(sid);
        assertThat(echo.json().path("sequenceNumber").asText()).matches("\\d+");
        MediaStreamsReport report = caller.report();
        assertThat(report.echoedMarkNames()).containsExactly("nothing-queued", "sentence-1");
        AgentUtterance heard = report.agentUtterances().get(0);
        assertThat(heard.receivedBytes()).isEqualTo(8_000);
        assertThat(heard.messages()).isEqualTo(50);
        assertThat(heard.marks()).containsExactly("sentence-1");
        assertThat(heard.audio()).hasSize(8_000);
        assertThat(heard.underruns()).isZero();
        assertThat(report.protocolErrors()).isEmpty();
    }

    @Test
    void clearDropsQueuedAudioAndEchoesPendingMarksAtOnce() {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        String sid = caller.streamSid();
        conn.send(media(sid, tone(3_000)));
        conn.send(mark(sid, "end-of-reply"));
        caller.awaitAgentUtterances(1, WAIT);
        long firstAudio = System.nanoTime();

        caller.silence(Duration.ofMillis(500)).awaitScript(WAIT); // half a second of the reply plays
        conn.send(clear(sid));
        long clearedAt = System.nanoTime();

        TestGateway.Received echo = conn.awaitFirst("event", "mark", WAIT);
        assertThat((echo.atNanos() - clearedAt) / 1_000_000).isLessThan(300);
        MediaStreamsReport report = caller.awaitClears(1, WAIT);
        ClearEvent clear = report.clears().get(0);
        long playedMs = (clearedAt - firstAudio) / 1_000_000;
        assertThat((long) clear.droppedBytes() / 8).isBetween(3_000 - playedMs - 300, 3_000 - playedMs + 100);
        assertThat(clear.marksFlushed()).isEqualTo(1);
        assertThat(clear.utteranceIndex()).isZero();
        AgentUtterance cut = report.agentUtterances().get(0);
        assertThat(cut.cleared()).isTrue();
        assertThat(cut.heardMillis()).isBetween(400L, playedMs + 300);
        assertThat(report.marks().get(0).cleared()).isTrue();
    }

    @Test
    void gapsInTheAgentAudioAreUnderrunsAndALongSilenceStartsANewUtterance() throws Exception {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        String sid = caller.streamSid();

        // the gateway's own timing is the scenario here: 300 ms of audio, 200 ms late, then a pause of a second
        conn.send(media(sid, tone(300)));
        Thread.sleep(500);
        conn.send(media(sid, tone(300)));
        Thread.sleep(1_400);
        conn.send(media(sid, tone(200)));

        MediaStreamsReport report = caller.awaitAgentUtterances(2, WAIT);
        AgentUtterance first = report.agentUtterances().get(0);
        assertThat(first.underruns()).isEqualTo(1);
        assertThat(first.gapMillis()).isBetween(150L, 450L);
        assertThat(first.maxLatenessMicros()).isBetween(150_000L, 450_000L);
        assertThat(first.receivedBytes()).isEqualTo(600 * 8);
        assertThat(report.underruns()).isEqualTo(1);
        assertThat(report.playbackLateness().countAbove(100)).isEqualTo(1);
        assertThat(report.agentUtterances().get(1).startMs() - first.endMs()).isGreaterThan(500);
    }

    @Test
    void dtmfDigitsGoOutOneMessagePerKeyPress() {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        caller.dtmf("12#").awaitScript(WAIT);

        List<TestGateway.Received> dtmf = conn.await(j -> "dtmf".equals(j.path("event").asText()), 3, WAIT);
        assertThat(dtmf).extracting(r -> r.json().path("dtmf").path("digit").asText()).containsExactly("1", "2", "#");
        assertThat(dtmf).allMatch(r -> "inbound_track".equals(r.json().path("dtmf").path("track").asText())
                && caller.streamSid().equals(r.json().path("streamSid").asText())
                && r.json().path("sequenceNumber").isTextual());
        assertThat((dtmf.get(2).atNanos() - dtmf.get(0).atNanos()) / 1_000_000).isBetween(300L, 700L);
        assertThat(caller.report().dtmfSent()).isEqualTo("12#");
    }

    @Test
    void measuresResponseLatencyAndHowFastABargeInIsCleared() {
        SpeechFixtures.SpeechFixture hello = SpeechFixtures.get(SpeechFixtures.HELLO_BOOKING);
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        String sid = caller.streamSid();

        caller.say(hello).waitForAgentReply().sayWhileAgentSpeaks(300, SpeechFixtures.get(SpeechFixtures.INTERRUPT));
        caller.await(r -> r.callerUtterances().size() == 1 && r.callerUtterances().get(0).endMs() >= 0, WAIT);
        conn.send(media(sid, tone(3_000)));          // the agent answers at once
        caller.await(r -> !r.bargeIns().isEmpty(), WAIT);
        conn.send(clear(sid));                        // and stops when the caller talks over it
        MediaStreamsReport report = caller.awaitScript(Duration.ofSeconds(15));

        assertThat(report.responseLatenciesMs().get(0)).isBetween(0L, 500L);
        BargeIn bargeIn = report.bargeIns().get(0);
        assertThat(bargeIn.agentWasSpeaking()).isTrue();
        assertThat(bargeIn.agentUtterance()).isZero();
        // asked for 300 ms into the agent's speech: never earlier, a little later on a loaded machine
        assertThat(bargeIn.startMs() - report.agentUtterances().get(0).startMs()).isBetween(280L, 800L);
        assertThat(bargeIn.clearAfterMs()).isBetween(0L, 500L);
        assertThat(report.callerUtterances().get(1).bargeIn()).isTrue();
        assertThat(report.agentUtterances().get(0).cleared()).isTrue();
    }

    @Test
    void recordsWhatTwilioWouldRejectAndCarriesOn() {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        String sid = caller.streamSid();

        conn.send("{not json");
        conn.send(media("MZwrong", tone(20)));
        conn.send("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"***\"}}");
        conn.send(media(sid, ("RIFF" + "x".repeat(100)).getBytes()));
        conn.send("{\"event\":\"dance\",\"streamSid\":\"" + sid + "\"}");
        conn.send("{\"event\":\"mark\",\"streamSid\":\"" + sid + "\",\"mark\":{}}");
        conn.sendBinary(new byte[]{1, 2, 3});

        MediaStreamsReport report = caller.await(r -> r.protocolErrors().size() >= 7, WAIT);
        assertThat(report.protocolErrors()).hasSize(7);
        assertThat(String.join("\n", report.protocolErrors()))
                .contains("not JSON", "MZwrong", "not base64", "WAV header", "unknown event 'dance'", "mark.name", "binary");
        assertThat(report.agentUtterances()).isEmpty();
        assertThat(report.ended()).isFalse();
    }

    @Test
    void theServerClosingTheSocketEndsTheStream() {
        MediaStreamsCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        conn.awaitFirst("event", "media", WAIT);

        conn.close((short) 1008, "bad token");

        MediaStreamsReport report = caller.awaitEnd(WAIT);
        assertThat(report.end()).isEqualTo(StreamEnd.CLOSED_BY_SERVER);
        assertThat(report.closeCode()).isEqualTo(1008);
        assertThat(report.closeReason()).isEqualTo("bad token");
        assertThat(callers.live()).isEmpty();
        assertThat(caller.whenEnded()).isCompleted();
    }

    @Test
    void anUpgradeWithoutAValidSignatureIsRefused() {
        String valid = TwilioSignature.sign(TwilioRestEmulator.DEFAULT_AUTH_TOKEN, SIGNED_URL, Map.of());
        gateway.acceptOnly(h -> valid.equals(h.get(TwilioSignature.HEADER)));

        for (SignatureMode bad : List.of(SignatureMode.NONE, SignatureMode.FORGED)) {
            assertThatThrownBy(() -> callers.connect(call().signature(bad).build()))
                    .isInstanceOf(StreamConnectException.class)
                    .satisfies(e -> assertThat(((StreamConnectException) e).statusCode()).isEqualTo(403));
        }
        assertThat(callers.connect(call().build()).report().ended()).isFalse();
    }

    @Test
    void aWaitStepThatTimesOutFailsTheScript() {
        MediaStreamsCaller caller = callers.connect(call().build());
        gateway.awaitConnection(WAIT);

        caller.waitForAgentSpeech(Duration.ofMillis(300)).dtmf("1");

        assertThatThrownBy(() -> caller.awaitScript(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("waitForAgentSpeech timed out");
        assertThat(caller.report().dtmfSent()).isEmpty();
    }
}
