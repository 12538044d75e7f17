package io.voiceagents.knowledge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Typed configuration of knowledge-service, validated by Hibernate Validator when the service starts:
 * a bad value stops the start with the property name and the message below.
 */
@ConfigMapping(prefix = "knowledge")
public interface KnowledgeConfig {

    Embedding embedding();

    Documents documents();

    interface Embedding {
        /**
         * Length of the embedding vectors stored for chunks; must match the embedding model
         * (768 for Google text-embedding-004 / gemini-embedding at 768).
         */
        @WithDefault("768")
        @Min(value = 1, message = "must be at least 1: set KNOWLEDGE_EMBEDDING_DIMENSION to the output size of the embedding model")
        @Max(value = 2000, message = "must be at most 2000, the largest vector pgvector can index: "
                + "set KNOWLEDGE_EMBEDDING_DIMENSION to a reduced output dimensionality of the embedding model")
        int dimension();
    }

    interface Documents {
        /** Largest document accepted for upload, in bytes. */
        @WithDefault("10485760")
        @Min(value = 1, message = "must be positive: set KNOWLEDGE_DOCUMENTS_MAX_BYTES, e.g. 10485760 for 10 MiB")
        @Max(value = 104857600, message = "must be at most 104857600 (100 MiB): documents are parsed in memory; "
                + "lower KNOWLEDGE_DOCUMENTS_MAX_BYTES")
        long maxBytes();
    }
}
