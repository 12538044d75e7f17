package io.voiceagents.gateway.domain;

/**
 * Where the time of one real-time turn (`stream` or `relay` mode) went, in milliseconds; null where a
 * stage did not happen (no STT in relay mode, a cached sentence, a replayed reply).
 *
 * @param endpointingMs   end of the caller's speech → turn decided (the end-of-turn silence wait)
 * @param sttFinalMs      turn decided → final transcript from the speech-to-text provider
 * @param llmFirstTokenMs the LLM provider's time to first token (as agent-service measured it)
 * @param ttsFirstByteMs  the TTS provider's time to the first audio of the first sentence (0 when cached)
 * @param firstAudioMs    end of the caller's speech → first audio frame of the reply sent to Twilio
 *                        (relay mode: prompt received → first text token sent)
 * @param serverAddedMs   everything in firstAudioMs that is neither a provider nor the endpointing wait:
 *                        the suite's own time (gateway, agent-service and tts-service work, hops, queues)
 */
public record LatencyLedger(Long endpointingMs, Long sttFinalMs, Long llmFirstTokenMs, Long ttsFirstByteMs,
        Long firstAudioMs, Long serverAddedMs) {
}
