package io.voiceagents.agent.infra.llm;

import java.util.List;

import org.jboss.logging.Logger;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import io.voiceagents.agent.domain.CallTool;

/** Maps the call tools to langchain4j tool specifications and the model's tool calls back. */
final class LlmTools {

    private static final Logger LOG = Logger.getLogger(LlmTools.class);

    private LlmTools() {
    }

    /**
     * Neither tool takes arguments: the transfer number is the agent's setting, never the model's choice.
     * (Gemini also rejects an object schema without properties, so "no parameters" is the only way to say it.)
     */
    static List<ToolSpecification> specifications(List<CallTool> tools) {
        return tools.stream()
                .map(tool -> ToolSpecification.builder().name(tool.toolName()).description(tool.description()).build())
                .toList();
    }

    /** The first offered tool the model called, or null. Unknown names are logged and ignored. */
    static CallTool calledTool(AiMessage message) {
        if (message == null || !message.hasToolExecutionRequests()) {
            return null;
        }
        for (ToolExecutionRequest request : message.toolExecutionRequests()) {
            CallTool tool = CallTool.byToolName(request.name());
            if (tool != null) {
                return tool;
            }
            LOG.warnf("the LLM called a tool it was not offered: %s", request.name());
        }
        return null;
    }
}
