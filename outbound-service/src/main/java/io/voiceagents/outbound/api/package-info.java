/**
 * Edges of outbound-service: REST ({@code /api/calls/outbound}, later {@code /api/campaigns}), the gRPC
 * OutboundCallService call-gateway asks when a call connects, and the consumer of call-gateway's CallEvents.
 * Thin: parse, call one use case from {@code application}, map the result.
 */
package io.voiceagents.outbound.api;
