package io.voiceagents.agent.api.grpc;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.voiceagents.agent.GeminiEmulatorResource;
import io.voiceagents.testkit.gemini.GeminiEmulator;

/** What the streamed-conversation tests share: a gRPC client of the service under test and the Gemini emulator, reset around each test. */
abstract class StreamedConversationTest {

    protected final GeminiEmulator gemini = GeminiEmulatorResource.emulator();
    protected ConversationClient client;

    @BeforeEach
    void connect() {
        client = new ConversationClient();
        client.warmUp();
        gemini.reset();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        gemini.reset();
        client.close();
    }
}
