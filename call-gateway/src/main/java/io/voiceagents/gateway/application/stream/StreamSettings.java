package io.voiceagents.gateway.application.stream;

import java.time.Duration;

import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.gateway.config.GatewayConfig;

/**
 * What a `stream` session needs from the configuration, as plain values (tests build it directly).
 *
 * @param turns            VAD thresholds and turn lengths for the turn detector
 * @param bargeInMinSpeech caller speech over the agent needed to interrupt it
 * @param preRoll          audio before the detected speech start that the recognizer also gets
 * @param maxReprompts     silences re-prompted before the goodbye
 */
public record StreamSettings(TurnSettings turns, Duration bargeInMinSpeech, Duration preRoll, Duration sttFinalBudget,
        Duration replyBudget, Duration synthesisBudget, Duration playbackLead, Duration dtmfGap, Duration silenceTimeout,
        int maxReprompts, Duration maxCallDuration, int sentenceMaxChars, String apology, String reprompt,
        String goodbye) {

    public static StreamSettings from(GatewayConfig config) {
        GatewayConfig.Stream s = config.stream();
        TurnSettings turns = new TurnSettings(s.vad().speechThreshold(), s.vad().silenceThreshold(),
                (int) s.minSpeech().toMillis(), (int) s.endOfTurnSilence().toMillis(), (int) s.maxTurn().toMillis());
        return new StreamSettings(turns, s.bargeInMinSpeech(), s.preRoll(), s.sttFinalBudget(), s.replyBudget(),
                s.synthesisBudget(), s.playbackLead(), s.dtmfGap(), s.silenceTimeout(), config.silence().maxReprompts(),
                s.maxCallDuration(), s.sentenceMaxChars(), config.messages().apology(), config.messages().reprompt(),
                config.messages().goodbye());
    }

    /** Frames kept before the speech start: the pre-roll plus the minimum speech the detector waits for. */
    public int preRollFrames() {
        return (int) ((preRoll.toMillis() + turns.minSpeechMillis()) / 20) + 1;
    }
}
