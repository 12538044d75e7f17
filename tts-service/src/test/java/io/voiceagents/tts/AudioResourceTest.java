package io.voiceagents.tts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.tts.GoogleTtsEmulatorResource.InjectEmulator;
import io.voiceagents.tts.application.PhraseMemoryCache;
import io.voiceagents.tts.application.SynthesisCommand;
import io.voiceagents.tts.application.SynthesizePhrase;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.Phrase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET/HEAD /tts/audio/{id}.wav as Twilio fetches it. Infrastructure from {@link SynthesisServiceTest}'s resources. */
@QuarkusTest
class AudioResourceTest {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @InjectEmulator
    GoogleTtsEmulator emulator;

    @Inject
    SynthesizePhrase synthesizePhrase;

    @Inject
    PhraseMemoryCache memoryCache;

    private Phrase phrase;

    @BeforeEach
    void synthesize() {
        emulator.reset();
        phrase = synthesizePhrase.synthesize(new SynthesisCommand("Goodbye " + UUID.randomUUID(), "", "",
                AudioFormat.WAV_MULAW_8K)).phrase();
    }

    @Test
    void servesTheAudioWithImmutableCachingHeaders() {
        Response response = given().when().get(phrase.path());

        response.then().statusCode(200)
                .header("Content-Type", "audio/wav")
                .header("Content-Length", String.valueOf(phrase.sizeBytes()))
                .header("Cache-Control", IMMUTABLE)
                .header("ETag", "\"" + phrase.id().value() + "\"");
        assertThat(response.asByteArray()).isEqualTo(phrase.audio());
    }

    @Test
    void aMatchingIfNoneMatchGetsNotModified() {
        given().header("If-None-Match", "\"" + phrase.id().value() + "\"")
                .when().get(phrase.path())
                .then().statusCode(304)
                .header("ETag", "\"" + phrase.id().value() + "\"")
                .body(emptyString());
        given().header("If-None-Match", "W/\"00000000000000000000000000000000\", \"" + phrase.id().value() + "\"")
                .when().get(phrase.path())
                .then().statusCode(304);
        given().header("If-None-Match", "\"00000000000000000000000000000000\"")
                .when().get(phrase.path())
                .then().statusCode(200);
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() {
        given().when().head(phrase.path())
                .then().statusCode(200)
                .header("Content-Type", "audio/wav")
                .header("Content-Length", String.valueOf(phrase.sizeBytes()))
                .header("ETag", "\"" + phrase.id().value() + "\"")
                .body(emptyString());
    }

    @Test
    void anInstanceWithAColdMemoryServesFromTheDatabase() {
        memoryCache.clear();

        byte[] body = given().when().get(phrase.path()).then().statusCode(200).extract().asByteArray();

        assertThat(body).isEqualTo(phrase.audio());
    }

    @Test
    void anUnknownIdIsANotFoundProblem() {
        given().when().get("/tts/audio/0123456789abcdef0123456789abcdef.wav")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("instance", equalTo("/tts/audio/0123456789abcdef0123456789abcdef.wav"));
    }

    @Test
    void aMalformedIdIsANotFoundProblem() {
        for (String path : new String[] {"/tts/audio/not-an-id.wav", "/tts/audio/0123456789ABCDEF0123456789ABCDEF.wav",
                "/tts/audio/" + phrase.id().value() + ".mp3"}) {
            given().when().get(path)
                    .then().statusCode(404)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(404));
        }
        given().when().head("/tts/audio/not-an-id.wav").then().statusCode(404);
    }
}
