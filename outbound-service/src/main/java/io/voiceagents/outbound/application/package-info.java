/**
 * Use cases of outbound-service (place a call, run a campaign's dial queue) as plain classes;
 * {@code application.port} will hold the interfaces they need (the Twilio calls API).
 */
package io.voiceagents.outbound.application;
