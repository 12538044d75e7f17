package io.voiceagents.gateway.support;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.jboss.resteasy.reactive.RestPath;

import io.voiceagents.audio.WavFile;

/**
 * Serves {@code /tts/audio/*.wav} in tests, where tts-service (which serves them in the suite, behind
 * the same public base URL) is absent, so the Twilio caller emulator can fetch and check each {@code <Play>}.
 */
@Path("/tts/audio")
public class TestAudioResource {

    @GET
    @Path("{file}")
    @Produces("audio/wav")
    public byte[] audio(@RestPath String file) {
        byte[] silence = new byte[800];
        java.util.Arrays.fill(silence, (byte) 0xFF);
        return WavFile.muLaw8kMono(silence);
    }
}
