/**
 * Use cases of outbound-service as plain classes: place, cancel and read single calls; the dialer (pacing, create,
 * reconciliation of unclear answers, recovery of calls a stopped replica left dialing); status tracking and
 * time-outs. Every status change goes through {@code CallTransitions}, which writes the outbox event and fires
 * {@code OutboundCallEnded} in the same transaction. {@code application.port} holds the interfaces they need.
 */
package io.voiceagents.outbound.application;
