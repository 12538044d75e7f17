package io.voiceagents.agent.infra.llm;

import java.io.IOException;
import java.net.http.HttpTimeoutException;

import com.google.api.gax.rpc.ApiException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.RetriableLlmException;

/**
 * Sorts provider failures into "worth another try" (timeouts, rate limits, 5xx, network) and "will fail
 * again" (bad request, authentication, unknown model, blocked content).
 */
final class LlmErrors {

    private LlmErrors() {
    }

    static LlmException classify(String provider, RuntimeException failure) {
        String message = provider + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return isRetriable(failure) ? new RetriableLlmException(message, failure) : new LlmException(message, failure);
    }

    static boolean isRetriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NonRetriableException) {
                return false;
            }
            if (t instanceof RetriableException || t instanceof HttpTimeoutException) {
                return true;
            }
            if (t instanceof HttpException http) {
                return isRetriableStatus(http.statusCode());
            }
            if (t instanceof ApiException api) {
                return api.isRetryable();
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean isRetriableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
