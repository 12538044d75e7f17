package io.voiceagents.agent.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of agent-service (prefix {@code agent}). application.properties binds each key to
 * its environment variable; see the README table.
 */
@ConfigMapping(prefix = "agent")
public interface AgentServiceConfig {

    Llm llm();

    History history();

    Defaults defaults();

    Api api();

    interface Api {

        /**
         * API_KEY: when set, every /api/** request needs {@code Authorization: Bearer <key>}; at least
         * {@link ApiKeyRules#MIN_LENGTH} characters. Unset leaves the API open (local sandbox), with a warning.
         */
        Optional<String> key();
    }

    interface Llm {

        /** LLM_PROVIDER: google-ai (Gemini API with an API key) or vertex-ai (Google Cloud, ADC credentials). */
        @WithDefault("google-ai")
        LlmProvider provider();

        /** GOOGLE_API_KEY: required for google-ai. */
        Optional<String> apiKey();

        /** GEMINI_BASE_URL: replaces https://generativelanguage.googleapis.com/v1beta (the sandbox emulator). */
        Optional<String> baseUrl();

        /** GEMINI_MODEL: model of agents that do not name one. */
        @WithDefault("gemini-2.5-flash")
        @NotBlank
        String defaultModel();

        /**
         * LLM_TIMEOUT: how long a reply waits for the LLM before the caller hears the fallback (the whole answer
         * for Reply; the first token for StreamReply).
         */
        @WithDefault("6s")
        Duration timeout();

        /**
         * LLM_STREAM_IDLE_TIMEOUT: once a streamed reply has started, the longest silence between two chunks
         * before the reply is ended with what was written (outcome FALLBACK).
         */
        @WithDefault("5s")
        Duration streamIdleTimeout();

        /**
         * Gemini 2.5 "thinking" token budget; 0 turns thinking off, which a phone turn needs for latency.
         * Negative leaves the model's default.
         */
        @WithDefault("0")
        int thinkingBudget();

        /** GOOGLE_CLOUD_PROJECT: required for vertex-ai. */
        Optional<String> project();

        /** GOOGLE_CLOUD_LOCATION. */
        @WithDefault("us-central1")
        String location();
    }

    interface History {

        /** HISTORY_MAX_MESSAGES: earlier messages sent with each prompt. */
        @WithDefault("20")
        @Min(0)
        @Max(200)
        int maxMessages();
    }

    interface Defaults {

        @WithDefault("en-US-Neural2-F")
        String voice();

        @WithDefault("en-US")
        String language();
    }
}
