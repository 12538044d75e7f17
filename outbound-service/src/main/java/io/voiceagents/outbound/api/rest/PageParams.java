package io.voiceagents.outbound.api.rest;

import java.util.List;

import io.voiceagents.outbound.application.RejectedException.FieldError;

/** The {@code page} and {@code size} query parameters every list endpoint takes, each problem named. */
record PageParams(int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    /** Absent or blank values take the defaults (page 0, size 20); bad ones are added to {@code errors}. */
    static PageParams parse(String page, String size, List<FieldError> errors) {
        return new PageParams(parseInt("page", page, 0, 0, Integer.MAX_VALUE, errors),
                parseInt("size", size, DEFAULT_SIZE, 1, MAX_SIZE, errors));
    }

    private static int parseInt(String name, String value, int defaultValue, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                errors.add(new FieldError(name, max == Integer.MAX_VALUE
                        ? "must be " + min + " or more" : "must be between " + min + " and " + max));
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be a whole number"));
            return defaultValue;
        }
    }
}
