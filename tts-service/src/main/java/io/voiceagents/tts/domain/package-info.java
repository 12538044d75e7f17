/**
 * What a phrase is and how it is named: normalization, the content address, the audio format. Plain Java: no
 * framework imports (enforced by an ArchUnit test).
 */
package io.voiceagents.tts.domain;
