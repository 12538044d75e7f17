/**
 * Edges of outbound-service: REST ({@code /api/calls/outbound}, {@code /api/campaigns}) and Twilio status
 * callbacks. Thin: parse, call one use case from {@code application}, map the result. Nothing here yet: the
 * endpoints arrive with the outbound-calling feature.
 */
package io.voiceagents.outbound.api;
