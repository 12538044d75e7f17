package io.voiceagents.agent.api.rest;

import io.voiceagents.agent.application.InvalidInputException;

/** Parses ?page=&size= with 400s that name the parameter (JAX-RS would answer 404 for a non-number). */
record PageParams(int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    static PageParams parse(String page, String size) {
        int p = parse("page", page, 0);
        int s = parse("size", size, DEFAULT_SIZE);
        if (p < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (s < 1) {
            throw new InvalidInputException("size", "must be 1 or more");
        }
        s = Math.min(s, MAX_SIZE);
        if ((long) p * s > Integer.MAX_VALUE) {
            throw new InvalidInputException("page", "is too large");
        }
        return new PageParams(p, s);
    }

    private static int parse(String name, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number");
        }
    }
}
