package io.voiceagents.agent.application;

import java.util.UUID;

/** The client updated from a stale copy: {@code currentVersion} is what it must re-read. */
public class VersionConflictException extends RuntimeException {

    private final long currentVersion;

    public VersionConflictException(UUID id, long expectedVersion, long currentVersion) {
        super("agent " + id + " is at version " + currentVersion + ", the update was based on version "
                + expectedVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
