package io.voiceagents.gateway.infra.google;

import java.util.Set;

import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.BidiStreamingCallable;
import com.google.api.gax.rpc.ClientStream;
import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.StreamController;
import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.SpeechToTextException;

/**
 * One StreamingRecognize call: the config request first, then the audio; {@link #finish()} half-closes and
 * Google answers with its last results and ends the stream.
 *
 * <p>Google may cut one utterance into several final segments; the listener gets one transcript: each interim is
 * the finals so far plus the current guess, and the final (sent when Google ends the stream) is all final
 * segments joined. gRPC's call object is not thread-safe, so sends, half-close and cancel take one lock; the
 * listener is called under another so that after {@link #cancel()} returns nothing more is delivered.
 */
final class GoogleRecognition implements SpeechToText.Recognition, ResponseObserver<StreamingRecognizeResponse> {

    /** Worth a new stream: Google was unreachable, overloaded or late. */
    static final Set<StatusCode.Code> RETRIABLE = Set.of(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED,
            StatusCode.Code.RESOURCE_EXHAUSTED);

    /**
     * Audio is sent in requests of 100 ms (Google's advice: a good trade between latency and efficiency), not
     * one per 20 ms frame: a fifth of the requests, HTTP/2 frames and flushes. What is left is sent at
     * {@link #finish()}, so the final transcript waits for nothing; interim results come at most 80 ms later.
     */
    static final int CHUNK_BYTES = 800;

    private final SpeechToText.Listener listener;
    private final Object sendLock = new Object();
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int buffered;
    private final Object listenerLock = new Object();
    private ClientStream<StreamingRecognizeRequest> requests;
    private volatile StreamController controller;
    private boolean sendClosed;
    private boolean finished;
    private final StringBuilder finals = new StringBuilder();
    private float confidenceSum;
    private int confidenceCount;

    private GoogleRecognition(SpeechToText.Listener listener) {
        this.listener = listener;
    }

    static GoogleRecognition start(BidiStreamingCallable<StreamingRecognizeRequest, StreamingRecognizeResponse> callable,
            ApiCallContext context, StreamingRecognitionConfig config, SpeechToText.Listener listener) {
        GoogleRecognition recognition = new GoogleRecognition(listener);
        synchronized (recognition.sendLock) {
            try {
                recognition.requests = callable.splitCall(recognition, context);
                recognition.requests.send(StreamingRecognizeRequest.newBuilder().setStreamingConfig(config).build());
            } catch (RuntimeException e) {
                recognition.sendClosed = true;
                recognition.deliverError(classify(e));
            }
        }
        return recognition;
    }

    /** A recognition that failed to open (its listener was told): every call on it is ignored. */
    static GoogleRecognition closed() {
        GoogleRecognition recognition = new GoogleRecognition(new SpeechToText.Listener() {
            @Override
            public void onInterim(String transcript, float stability) {
            }

            @Override
            public void onFinal(String transcript, float confidence) {
            }

            @Override
            public void onError(SpeechToTextException error) {
            }
        });
        recognition.sendClosed = true;
        recognition.finished = true;
        return recognition;
    }

    @Override
    public void sendAudio(byte[] muLaw, int offset, int length) {
        if (length <= 0) {
            return;
        }
        synchronized (sendLock) {
            int at = offset;
            int left = length;
            while (left > 0 && !sendClosed) {
                int n = Math.min(left, CHUNK_BYTES - buffered);
                System.arraycopy(muLaw, at, chunk, buffered, n);
                buffered += n;
                at += n;
                left -= n;
                if (buffered == CHUNK_BYTES) {
                    flush();
                }
            }
        }
    }

    /** Sends the buffered audio; with sendLock held. */
    private void flush() {
        if (buffered == 0 || sendClosed) {
            buffered = 0;
            return;
        }
        try {
            requests.send(StreamingRecognizeRequest.newBuilder().setAudioContent(ByteString.copyFrom(chunk, 0, buffered)).build());
        } catch (RuntimeException e) {
            // the call has failed; its onError reports why
            sendClosed = true;
        }
        buffered = 0;
    }

    @Override
    public void finish() {
        synchronized (sendLock) {
            if (sendClosed) {
                return;
            }
            flush();
            if (sendClosed) {
                return;
            }
            sendClosed = true;
            try {
                requests.closeSend();
            } catch (RuntimeException e) {
                // already failed: onError reports it
            }
        }
    }

    @Override
    public void cancel() {
        synchronized (listenerLock) {
            finished = true;
        }
        synchronized (sendLock) {
            sendClosed = true;
        }
        StreamController current = controller;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onStart(StreamController controller) {
        this.controller = controller;
    }

    @Override
    public void onResponse(StreamingRecognizeResponse response) {
        if (response.hasError() && response.getError().getCode() != 0) {
            Status status = Status.fromCodeValue(response.getError().getCode());
            deliverError(new SpeechToTextException("Google Speech-to-Text answered " + status.getCode() + ": "
                    + response.getError().getMessage(), isRetriable(status.getCode()), null));
            cancel();
            return;
        }
        synchronized (listenerLock) {
            if (finished) {
                return;
            }
            StringBuilder pending = new StringBuilder();
            float stability = 0f;
            for (StreamingRecognitionResult result : response.getResultsList()) {
                if (result.getAlternativesCount() == 0) {
                    continue;
                }
                SpeechRecognitionAlternative best = result.getAlternatives(0);
                if (result.getIsFinal()) {
                    append(finals, best.getTranscript());
                    if (best.getConfidence() > 0) {
                        confidenceSum += best.getConfidence();
                        confidenceCount++;
                    }
                } else {
                    append(pending, best.getTranscript());
                    stability = Math.max(stability, result.getStability());
                }
            }
            if (response.getResultsCount() > 0) {
                StringBuilder heard = new StringBuilder(finals);
                append(heard, pending.toString());
                listener.onInterim(heard.toString(), pending.isEmpty() ? 1f : stability);
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        deliverError(classify(error));
    }

    @Override
    public void onComplete() {
        synchronized (listenerLock) {
            if (finished) {
                return;
            }
            finished = true;
            float confidence = confidenceCount == 0 ? 0f : Math.min(1f, confidenceSum / confidenceCount);
            listener.onFinal(finals.toString(), confidence);
        }
    }

    private void deliverError(SpeechToTextException error) {
        synchronized (listenerLock) {
            if (finished) {
                return;
            }
            finished = true;
            listener.onError(error);
        }
    }

    static SpeechToTextException classify(Throwable error) {
        if (error instanceof ApiException api) {
            StatusCode.Code code = api.getStatusCode().getCode();
            return new SpeechToTextException("Google Speech-to-Text answered " + code + ": " + api.getMessage(),
                    RETRIABLE.contains(code), api);
        }
        Status status = Status.fromThrowable(error);
        if (status.getCode() != Status.Code.UNKNOWN) {
            return new SpeechToTextException("Google Speech-to-Text failed: " + status, isRetriable(status.getCode()),
                    error);
        }
        return new SpeechToTextException("Google Speech-to-Text failed: " + error, false, error);
    }

    private static boolean isRetriable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED;
    }

    /** Joins transcript pieces with one space (Google's segments usually start with one, sometimes not). */
    private static void append(StringBuilder into, String piece) {
        String trimmed = piece == null ? "" : piece.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        if (!into.isEmpty()) {
            into.append(' ');
        }
        into.append(trimmed);
    }
}
