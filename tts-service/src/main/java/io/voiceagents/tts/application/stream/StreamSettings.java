package io.voiceagents.tts.application.stream;

import java.time.Duration;

/**
 * Limits of streaming synthesis, from configuration.
 *
 * @param firstChunkBytes   most audio in the first chunk (whole frames): small, so playback starts at once
 * @param chunkBytes        most audio in the following chunks (whole frames)
 * @param firstByteTimeout  how long the provider may take to its first audio before the stream fails
 * @param totalTimeout      how long the provider may take for the whole sentence
 * @param providerRetries   further provider attempts after a retriable failure, only while no audio was sent
 */
public record StreamSettings(int firstChunkBytes, int chunkBytes, Duration firstByteTimeout, Duration totalTimeout,
                             int providerRetries) {
}
