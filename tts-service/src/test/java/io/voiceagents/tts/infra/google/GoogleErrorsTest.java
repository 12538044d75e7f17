package io.voiceagents.tts.infra.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.grpc.Status;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.TransientSynthesisException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GoogleErrorsTest {

    private static ApiException apiException(Status.Code code) {
        return ApiExceptionFactory.createException(new RuntimeException("boom"), GrpcStatusCode.of(code), false);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL"})
    void transientCodesAreRetriable(Status.Code code) {
        assertThat(GoogleErrors.classify(apiException(code))).isInstanceOf(TransientSynthesisException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"INVALID_ARGUMENT", "OUT_OF_RANGE"})
    void requestErrorsAreRejections(Status.Code code) {
        assertThat(GoogleErrors.classify(apiException(code))).isInstanceOf(RejectedSynthesisException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND", "UNKNOWN"})
    void otherCodesFailWithoutRetry(Status.Code code) {
        SynthesisFailedException failure = GoogleErrors.classify(apiException(code));

        assertThat(failure).isNotInstanceOf(TransientSynthesisException.class)
                .isNotInstanceOf(RejectedSynthesisException.class)
                .hasMessageContaining(code.name());
    }
}
