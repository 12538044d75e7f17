package io.voiceagents.agent.infra.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.application.port.LlmStreamListener;

/** langchain4j's streaming callbacks as the port's listener sees them, and cancellation through its handle. */
class ProviderStreamTest {

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final ProviderStream stream = new ProviderStream("test", new LlmStreamListener() {
        @Override
        public void onText(String delta) {
            heard.add("text:" + delta);
        }

        @Override
        public void onComplete(LlmReply reply) {
            heard.add("complete:" + reply.text() + ":" + reply.toolCall());
        }

        @Override
        public void onError(LlmException error) {
            heard.add("error:" + error.retriable());
        }
    });
    private final FakeHandle handle = new FakeHandle();

    @Test
    void forwardsTextThenTheCompleteAnswer() {
        partial("Hello ");
        partial("there.");
        stream.onCompleteResponse(response(AiMessage.from("Hello there."), FinishReason.STOP));
        stream.onError(new RuntimeException("a late error after the end"));

        assertThat(heard).containsExactly("text:Hello ", "text:there.", "complete:Hello there.:null");
        assertThat(handle.cancelled).isFalse();
    }

    @Test
    void aToolCallBecomesTheReplysTool() {
        partial("Bye.");
        AiMessage message = AiMessage.from("Bye.", List.of(
                ToolExecutionRequest.builder().name("dial_anyone").arguments("{}").build(),
                ToolExecutionRequest.builder().name("end_call").arguments("{}").build()));
        stream.onCompleteResponse(response(message, FinishReason.TOOL_EXECUTION));

        // A tool nobody offered is ignored; the known one counts.
        assertThat(heard).containsExactly("text:Bye.", "complete:Bye.:END_CALL");
    }

    @Test
    void anAnswerWithoutFinishReasonWasCutOff() {
        partial("Half an");
        stream.onCompleteResponse(response(AiMessage.from("Half an"), null));

        assertThat(heard).containsExactly("text:Half an", "error:true");
    }

    @Test
    void errorsAreClassified() {
        stream.onError(new HttpException(429, "quota"));
        ProviderStream other = new ProviderStream("test", new LlmStreamListener() {
            @Override
            public void onText(String delta) {
            }

            @Override
            public void onComplete(LlmReply reply) {
            }

            @Override
            public void onError(LlmException error) {
                heard.add("other:" + error.retriable());
            }
        });
        other.onError(new HttpException(400, "bad"));

        assertThat(heard).containsExactly("error:true", "other:false");
    }

    @Test
    void cancellingClosesTheProviderStreamAndSilencesIt() {
        partial("One ");
        stream.cancel();
        partial("two ");
        stream.onCompleteResponse(response(AiMessage.from("One two"), FinishReason.STOP));

        assertThat(handle.cancelled).isTrue();
        assertThat(heard).containsExactly("text:One ");
    }

    @Test
    void aCancelBeforeTheFirstTokenTakesEffectWhenTheHandleArrives() {
        stream.cancel();
        assertThat(handle.cancelled).isFalse();

        partial("First words");

        assertThat(handle.cancelled).as("cancelled with the first partial response").isTrue();
        assertThat(heard).isEmpty();
    }

    private void partial(String text) {
        stream.onPartialResponse(new PartialResponse(text), new PartialResponseContext(handle));
    }

    private static ChatResponse response(AiMessage message, FinishReason finish) {
        return ChatResponse.builder().aiMessage(message).finishReason(finish).build();
    }

    private static final class FakeHandle implements StreamingHandle {

        volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
