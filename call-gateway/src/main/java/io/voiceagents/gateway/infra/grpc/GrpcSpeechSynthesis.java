package io.voiceagents.gateway.infra.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.voiceagents.contracts.tts.v1.AudioFormat;
import io.voiceagents.contracts.tts.v1.SynthesisServiceGrpc;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.contracts.tts.v1.SynthesizeResponse;
import io.voiceagents.gateway.application.port.SpeechSynthesis;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.AgentVoice;

/** tts-service over gRPC (client "tts"), bounded by the TTS budget: a late answer is a failed one. */
@ApplicationScoped
public class GrpcSpeechSynthesis implements SpeechSynthesis {

    private final SynthesisServiceGrpc.SynthesisServiceBlockingStub synthesis;
    private final GatewayConfig.Tts config;

    @Inject
    public GrpcSpeechSynthesis(@GrpcClient("tts") SynthesisServiceGrpc.SynthesisServiceBlockingStub synthesis, GatewayConfig config) {
        this.synthesis = synthesis;
        this.config = config.tts();
    }

    @Override
    public SynthesizedAudio synthesize(String text, AgentVoice voice) {
        try {
            SynthesizeResponse response = synthesis.withDeadlineAfter(config.budget().toMillis(), TimeUnit.MILLISECONDS)
                    .synthesize(SynthesizeRequest.newBuilder()
                            .setText(text)
                            .setVoice(voice.voice())
                            .setLanguage(voice.language())
                            .setFormat(AudioFormat.AUDIO_FORMAT_WAV_MULAW_8K)
                            .build());
            String path = response.getPath();
            if (!path.startsWith("/") || path.startsWith("//")) {
                throw new SpeechSynthesisException("tts-service returned an unusable path '" + path + "'", false, null);
            }
            return new SynthesizedAudio(path, response.getCached());
        } catch (StatusRuntimeException e) {
            throw new SpeechSynthesisException("Synthesize failed: " + e.getStatus().getCode(),
                    e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED, e);
        }
    }
}
