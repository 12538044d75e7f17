package io.voiceagents.devstack;

/** How the stack chooses between real providers and emulators. */
public enum SandboxPolicy {
    /** Real where credentials are present, sandbox elsewhere. */
    AUTO,
    /** Emulators for every provider, whatever credentials the environment holds (tests). */
    ALWAYS,
    /** Real providers only: refuse to start when a provider's credentials are missing. */
    NEVER
}
