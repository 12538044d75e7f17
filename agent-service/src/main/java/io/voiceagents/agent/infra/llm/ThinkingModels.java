package io.voiceagents.agent.infra.llm;

/**
 * Which models take a thinking budget. Gemini 2.5 Flash and Flash-Lite can turn thinking off (budget 0),
 * which saves seconds per phone turn; 2.5 Pro needs at least 128; older models reject the setting.
 */
final class ThinkingModels {

    private ThinkingModels() {
    }

    static boolean acceptsBudget(String model, int budget) {
        if (model == null) {
            return false;
        }
        if (model.startsWith("gemini-2.5-flash")) {
            return true;
        }
        return model.startsWith("gemini-2.5-pro") && budget >= 128;
    }
}
