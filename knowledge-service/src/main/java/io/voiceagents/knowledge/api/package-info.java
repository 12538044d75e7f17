/**
 * Edges of knowledge-service: REST ({@code /api/knowledge-bases}) and the retrieval gRPC service. Thin: parse,
 * call one use case from {@code application}, map the result. Nothing here yet: the endpoints arrive with the
 * knowledge-base feature.
 */
package io.voiceagents.knowledge.api;
