package io.voiceagents.tts.infra.google;

import java.util.Set;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.TransientSynthesisException;

/** Maps Google API failures to the port's retriable / rejected / failed classification. */
final class GoogleErrors {

    /** Worth another try shortly: the service or the network hiccuped, or a quota window will reopen. */
    static final Set<StatusCode.Code> RETRIABLE = Set.of(
            StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED,
            StatusCode.Code.RESOURCE_EXHAUSTED, StatusCode.Code.INTERNAL);

    /** The request itself is wrong (unknown voice, voice and language mismatch, text too long). */
    static final Set<StatusCode.Code> REJECTED = Set.of(
            StatusCode.Code.INVALID_ARGUMENT, StatusCode.Code.OUT_OF_RANGE);

    private GoogleErrors() {
    }

    /** As {@link #classify(ApiException)}; anything else than an API error is a failure of ours, not retried. */
    static SynthesisFailedException classify(Throwable t) {
        if (t instanceof ApiException e) {
            return classify(e);
        }
        if (t instanceof SynthesisFailedException e) {
            return e;
        }
        return new SynthesisFailedException("Google TTS request failed: " + t, t);
    }

    static SynthesisFailedException classify(ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        String message = "Google TTS answered " + code + ": " + e.getMessage();
        if (RETRIABLE.contains(code)) {
            return new TransientSynthesisException(message, e);
        }
        if (REJECTED.contains(code)) {
            return new RejectedSynthesisException(message, e);
        }
        if (code == StatusCode.Code.UNAUTHENTICATED || code == StatusCode.Code.PERMISSION_DENIED) {
            return new SynthesisFailedException(message + " (check the service account behind "
                    + "GOOGLE_APPLICATION_CREDENTIALS and that the Text-to-Speech API is enabled)", e);
        }
        return new SynthesisFailedException(message, e);
    }
}
