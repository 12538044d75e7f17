package io.voiceagents.tts.application.stream;

/**
 * One piece of a sentence's audio as the caller receives it (the wire's {@code AudioChunk}).
 *
 * @param audio               raw mu-law 8 kHz; a whole number of 20 ms frames unless {@code last}
 * @param first               the first chunk of the stream
 * @param last                the last chunk of the stream (its audio may be empty)
 * @param cached              on the first chunk: the audio comes from the phrase cache
 * @param providerFirstByteMs on the first chunk: the provider's time to its first audio, 0 when cached
 * @param durationMs          on the last chunk: duration of all the audio sent
 */
public record StreamedChunk(byte[] audio, boolean first, boolean last, boolean cached, long providerFirstByteMs,
                            long durationMs) {
}
