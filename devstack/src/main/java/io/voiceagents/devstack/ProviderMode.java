package io.voiceagents.devstack;

/** Whether a provider is the real one (credentials in the environment) or its local emulator. */
public enum ProviderMode {
    REAL,
    SANDBOX
}
