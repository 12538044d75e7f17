package io.voiceagents.tts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import io.voiceagents.contracts.tts.v1.AudioFormat;
import io.voiceagents.contracts.tts.v1.SynthesisServiceGrpc;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.contracts.tts.v1.SynthesizeResponse;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.testkit.infra.InfraTestResource;
import io.voiceagents.testkit.support.ServiceGrpc;
import io.voiceagents.tts.GoogleTtsEmulatorResource.InjectEmulator;
import io.voiceagents.tts.application.PhraseMemoryCache;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SynthesisService over real gRPC, against embedded Postgres and the Google TTS emulator. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = GoogleTtsEmulatorResource.class, restrictToAnnotatedClass = false)
class SynthesisServiceTest {

    @InjectEmulator
    GoogleTtsEmulator emulator;

    @Inject
    PhraseMemoryCache memoryCache;

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    private ManagedChannel channel;
    private SynthesisServiceGrpc.SynthesisServiceBlockingStub tts;

    @BeforeEach
    void connect() {
        emulator.reset();
        channel = ServiceGrpc.channel();
        tts = SynthesisServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        emulator.reset();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void synthesizesAPhraseServedAsMuLaw8kMonoWav() {
        SynthesizeResponse response = tts.synthesize(request("Thanks for calling " + unique() + ", how can I help?"));

        assertThat(response.getCached()).isFalse();
        assertThat(response.getAudioId()).matches("[0-9a-f]{32}");
        assertThat(response.getPath()).isEqualTo("/tts/audio/" + response.getAudioId() + ".wav");
        assertThat(response.getContentType()).isEqualTo("audio/wav");
        assertThat(emulator.requestCount()).isEqualTo(1);
        var sent = emulator.receivedRequests().getFirst();
        assertThat(sent.getVoice().getName()).isEqualTo("en-US-Neural2-F");
        assertThat(sent.getVoice().getLanguageCode()).isEqualTo("en-US");
        assertThat(sent.getAudioConfig().getSampleRateHertz()).isEqualTo(8000);

        byte[] wav = given().when().get(response.getPath())
                .then().statusCode(200)
                .contentType("audio/wav")
                .extract().asByteArray();
        WavFormat format = WavFile.parse(wav);
        assertThat(format.isMuLaw8kMono()).as("mu-law 8 kHz mono, got %s", format).isTrue();
        assertThat(format.dataLength()).isPositive();
        assertThat(response.getDurationMs()).isEqualTo(format.durationMillis()).isPositive();
    }

    @Test
    void theSamePhraseIsServedFromCacheWithTheSameId() {
        String text = "Your table is booked " + unique();
        SynthesizeResponse first = tts.synthesize(request(text));
        // same words, other spacing and language case: normalized to the same phrase
        SynthesizeResponse second = tts.synthesize(request("  " + text.replace(" ", "   ") + " ").toBuilder()
                .setLanguage("en-us").build());

        assertThat(first.getCached()).isFalse();
        assertThat(second.getCached()).isTrue();
        assertThat(second.getAudioId()).isEqualTo(first.getAudioId());
        assertThat(second.getPath()).isEqualTo(first.getPath());
        assertThat(emulator.requestCount()).isEqualTo(1);
    }

    @Test
    void afterTheMemoryCacheIsClearedThePhraseComesFromTheDatabase() {
        String text = "We open at nine " + unique();
        SynthesizeResponse first = tts.synthesize(request(text));
        memoryCache.clear();
        double databaseHitsBefore = databaseHits();

        SynthesizeResponse again = tts.synthesize(request(text));

        assertThat(databaseHits()).isEqualTo(databaseHitsBefore + 1);
        assertThat(again.getCached()).isTrue();
        assertThat(again.getAudioId()).isEqualTo(first.getAudioId());
        assertThat(again.getDurationMs()).isEqualTo(first.getDurationMs());
        assertThat(emulator.requestCount()).isEqualTo(1);
        // the use is recorded in the phrase table (asynchronously: not on the caller's time)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hitCount(first.getAudioId())).isEqualTo(1));
    }

    @Test
    void otherVoiceOrLanguageIsAnotherPhrase() {
        String text = "Bonjour " + unique();
        SynthesizeResponse female = tts.synthesize(request(text));
        SynthesizeResponse french = tts.synthesize(request(text).toBuilder()
                .setVoice("fr-FR-Neural2-A").setLanguage("fr-FR").build());

        assertThat(french.getAudioId()).isNotEqualTo(female.getAudioId());
        assertThat(french.getCached()).isFalse();
        assertThat(emulator.requestCount()).isEqualTo(2);
    }

    @Test
    void concurrentRequestsForANewPhraseSynthesizeOnce() throws Exception {
        emulator.setLatency(Duration.ofMillis(600));
        SynthesizeRequest request = request("Please hold " + unique());
        List<Callable<SynthesizeResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(() -> tts.synthesize(request));
        }
        List<SynthesizeResponse> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            for (Future<SynthesizeResponse> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
        }

        assertThat(responses).extracting(SynthesizeResponse::getAudioId).containsOnly(responses.getFirst().getAudioId());
        assertThat(emulator.requestCount()).isEqualTo(1);
    }

    @Test
    void providerFailureIsUnavailableAfterBoundedRetries() {
        emulator.setFailing(true);

        assertStatus(() -> tts.synthesize(request("This will fail " + unique())), Status.Code.UNAVAILABLE);
        // first try and two retries, then the caller hears about it
        assertThat(emulator.requestCount()).isEqualTo(3);
    }

    @Test
    void aTransientFailureIsRetriedTransparently() {
        emulator.failNext(1);

        SynthesizeResponse response = tts.synthesize(request("Second time lucky " + unique()));

        assertThat(response.getCached()).isFalse();
        assertThat(emulator.requestCount()).isEqualTo(2);
    }

    @Test
    void aRejectedRequestIsNotRetried() {
        emulator.failNext(1, Status.Code.INVALID_ARGUMENT);

        assertStatus(() -> tts.synthesize(request("Unknown voice " + unique())), Status.Code.INVALID_ARGUMENT);
        assertThat(emulator.requestCount()).isEqualTo(1);
    }

    @Test
    void aProviderSlowerThanTheTimeoutIsDeadlineExceeded() {
        emulator.setLatency(Duration.ofMillis(5000));
        long started = System.nanoTime();

        assertStatus(() -> tts.synthesize(request("Slow words " + unique())), Status.Code.DEADLINE_EXCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4800));
    }

    @Test
    void emptyOrTooLongTextIsInvalidArgument() {
        assertStatus(() -> tts.synthesize(request("")), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> tts.synthesize(request(" \n\t ")), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> tts.synthesize(request("a".repeat(1001))), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> tts.synthesize(request("Hello").toBuilder().setLanguage("not a language").build()),
                Status.Code.INVALID_ARGUMENT);
        assertThat(emulator.requestCount()).isZero();
    }

    private double databaseHits() {
        var counter = registry.find("tts.cache.hits").tag("layer", "database").counter();
        return counter == null ? 0 : counter.count();
    }

    private long hitCount(String audioId) throws SQLException {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select hit_count from tts.phrases where id = ?")) {
            statement.setString(1, audioId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }

    private static SynthesizeRequest request(String text) {
        return SynthesizeRequest.newBuilder().setText(text).setFormat(AudioFormat.AUDIO_FORMAT_WAV_MULAW_8K).build();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertStatus(Runnable call, Status.Code expected) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(expected));
    }
}
