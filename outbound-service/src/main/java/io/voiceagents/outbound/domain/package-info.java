/** Value objects and rules of outbound calling. Plain Java: no framework imports (enforced by an ArchUnit test). */
package io.voiceagents.outbound.domain;
