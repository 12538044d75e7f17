package io.voiceagents.tts.application.port;

/**
 * A provider's answer, already in the requested format (a complete audio file, header included).
 *
 * @param audio      the audio file
 * @param durationMs playback duration
 */
public record SynthesizedAudio(byte[] audio, long durationMs) {
}
