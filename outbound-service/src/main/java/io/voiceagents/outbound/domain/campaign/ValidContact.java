package io.voiceagents.outbound.domain.campaign;

import io.voiceagents.outbound.domain.PhoneNumber;

/** An uploaded row that passed every check: stored as a pending contact. */
public record ValidContact(int row, PhoneNumber number, String name, String metadataJson) {
}
