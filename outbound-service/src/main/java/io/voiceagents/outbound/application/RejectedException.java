package io.voiceagents.outbound.application;

import java.util.List;

/**
 * A request the service refuses, with what the client should know: the kind maps to an HTTP status at the edge,
 * the field errors name the input at fault.
 */
public class RejectedException extends RuntimeException {

    public enum Kind {
        /** 400: malformed input. */
        INVALID,
        /** 422: well-formed, but not allowed (destination country, unknown agent, caller ID not the agent's). */
        UNPROCESSABLE,
        /** 404 */
        NOT_FOUND,
        /**
         * 409: an Idempotency-Key reused with another body, a call that can no longer be canceled, a campaign whose
         * status does not allow the request.
         */
        CONFLICT,
        /** 413: more campaign contacts in one upload than allowed. */
        TOO_LARGE,
        /** 429: a per-key limit; {@link #retryAfterSeconds()} says when to try again. */
        TOO_MANY_REQUESTS,
        /** 503: a dependency (agent-service, Twilio) did not answer; retrying later may work. */
        UNAVAILABLE,
        /** 502: Twilio refused what it should have accepted. */
        BAD_GATEWAY
    }

    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final List<FieldError> errors;
    private final long retryAfterSeconds;

    public RejectedException(Kind kind, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static RejectedException of(Kind kind, String detail) {
        return new RejectedException(kind, detail, List.of(), 0);
    }

    public static RejectedException field(Kind kind, String field, String message) {
        return new RejectedException(kind, field + " " + message, List.of(new FieldError(field, message)), 0);
    }

    /** A 400 naming every field at fault; the detail repeats the only one, or counts them. */
    public static RejectedException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.getFirst().field() + " " + errors.getFirst().message()
                : "The request has " + errors.size() + " invalid fields.";
        return new RejectedException(Kind.INVALID, detail, errors, 0);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
