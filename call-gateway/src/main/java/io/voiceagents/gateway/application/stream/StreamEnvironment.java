package io.voiceagents.gateway.application.stream;

import java.util.concurrent.Executor;

import io.voiceagents.gateway.application.port.CallControl;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.SpeechActivity;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.StreamMetrics;
import io.voiceagents.gateway.application.port.StreamingSpeech;

/**
 * What every `stream` session shares: settings, time, the thread pools, the pacer and the ports. Built once
 * by {@link MediaStreamService} (tests build it with fakes).
 *
 * @param sessionPool runs the sessions' {@link io.voiceagents.gateway.application.SerialExecutor}s: in-memory work only (VAD, state)
 * @param blocking    runs database writes and Twilio REST calls
 */
public record StreamEnvironment(StreamSettings settings, NanoClock clock, Timers timers, Executor sessionPool,
        Executor blocking, PlaybackPacer pacer, SpeechActivity speechActivity, SpeechToText speechToText,
        ConversationStreams conversations, StreamingSpeech speech, CallControl callControl, LiveCallFeed live,
        StreamMetrics metrics, TurnRecorder recorder, ApologyAudio apology) {
}
