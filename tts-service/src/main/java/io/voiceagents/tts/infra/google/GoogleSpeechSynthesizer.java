package io.voiceagents.tts.infra.google;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SynthesisInput;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.tts.application.port.SpeechSynthesizer;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;
import io.voiceagents.tts.application.port.SynthesizedAudio;
import io.voiceagents.tts.application.port.TransientSynthesisException;
import io.voiceagents.tts.domain.AudioFormat;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Google Cloud Text-to-Speech through the official client ({@link GoogleTtsClients}), one phrase per call. Only
 * transient failures are retried, briefly: a caller is waiting on the line.
 */
@ApplicationScoped
public class GoogleSpeechSynthesizer implements SpeechSynthesizer {

    private final GoogleTtsClients clients;

    public GoogleSpeechSynthesizer(GoogleTtsClients clients) {
        this.clients = clients;
    }

    @Override
    @Retry(maxRetries = 2, delay = 100, jitter = 50, maxDuration = 20_000,
            retryOn = TransientSynthesisException.class)
    public SynthesizedAudio synthesize(SynthesisRequest request) {
        if (request.format() != AudioFormat.WAV_MULAW_8K) {
            throw new SynthesisFailedException("Google TTS adapter cannot produce " + request.format());
        }
        byte[] audio;
        try {
            audio = clients.client().synthesizeSpeech(muLaw8k(request)).getAudioContent().toByteArray();
        } catch (ApiException e) {
            throw GoogleErrors.classify(e);
        }
        return GoogleAudio.toWavMuLaw8k(audio);
    }

    /** SynthesizeSpeech for the request's text and voice as mu-law 8 kHz (Google answers a WAV file). */
    static SynthesizeSpeechRequest muLaw8k(SynthesisRequest request) {
        return SynthesizeSpeechRequest.newBuilder()
                .setInput(SynthesisInput.newBuilder().setText(request.text()))
                .setVoice(VoiceSelectionParams.newBuilder()
                        .setName(request.voice())
                        .setLanguageCode(request.language()))
                .setAudioConfig(AudioConfig.newBuilder()
                        .setAudioEncoding(AudioEncoding.MULAW)
                        .setSampleRateHertz(MuLaw.SAMPLE_RATE))
                .build();
    }
}
