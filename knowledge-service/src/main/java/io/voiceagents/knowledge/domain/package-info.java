/** Value objects and rules of knowledge bases. Plain Java: no framework imports (enforced by an ArchUnit test). */
package io.voiceagents.knowledge.domain;
