package io.voiceagents.audio.turn;

import static io.voiceagents.audio.turn.TurnEvent.NONE;
import static io.voiceagents.audio.turn.TurnEvent.SPEECH_STARTED;
import static io.voiceagents.audio.turn.TurnEvent.TURN_ENDED;
import static io.voiceagents.audio.turn.TurnEvent.TURN_TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnDetectorTest {

    /** 0.5 / 0.35, 200 ms minimum speech (10 frames), 700 ms end of turn (35 frames), 30 s maximum. */
    private final TurnDetector detector = new TurnDetector(TurnSettings.defaults());

    private static final float SPEECH = 0.9f;
    private static final float SILENCE = 0.05f;
    private static final float BETWEEN = 0.4f;

    @Test
    void speechStartsOnTheFrameThatReachesTheMinimum() {
        assertEquals(List.of(), events(feed(SPEECH, 9)), "9 frames = 180 ms is not yet 200 ms");
        assertEquals(180, detector.currentSpeechMillis());
        assertFalse(detector.inTurn());
        assertEquals(SPEECH_STARTED, detector.onFrame(SPEECH));
        assertTrue(detector.inTurn());
        assertEquals(200, detector.currentSpeechMillis());
        assertEquals(NONE, detector.onFrame(SPEECH), "the start is an edge, reported once");
    }

    @Test
    void turnEndsOnTheFrameThatReachesTheEndOfTurnSilence() {
        feed(SPEECH, 25);
        assertEquals(List.of(), events(feed(SILENCE, 34)), "680 ms of silence is not yet 700 ms");
        assertTrue(detector.inTurn());
        assertEquals(680, detector.millisSinceLastSpeech());
        assertEquals(0, detector.currentSpeechMillis());
        assertEquals(TURN_ENDED, detector.onFrame(SILENCE));
        assertFalse(detector.inTurn());
        assertEquals(700, detector.millisSinceLastSpeech(), "at TURN_ENDED: the endpointing wait");
        assertEquals(List.of(), events(feed(SILENCE, 100)), "silence after the end reports nothing more");
        assertEquals(2700, detector.millisSinceLastSpeech());
    }

    @Test
    void probabilityExactlyAtTheSpeechThresholdIsSpeech() {
        assertEquals(List.of(SPEECH_STARTED), events(feed(0.5f, 10)));
    }

    @Test
    void probabilityJustBelowTheSpeechThresholdNeverStartsSpeech() {
        assertEquals(List.of(), events(feed(Math.nextDown(0.5f), 500)));
        assertEquals(0, detector.currentSpeechMillis());
    }

    @Test
    void probabilityExactlyAtTheSilenceThresholdKeepsSpeechGoing() {
        feed(SPEECH, 10);
        // 0.35 is not below the silence threshold: hysteresis keeps the speech state, the turn never ends
        assertEquals(List.of(), events(feed(0.35f, 200)));
        assertTrue(detector.inTurn());
        assertEquals(4200, detector.currentSpeechMillis());
        assertEquals(0, detector.millisSinceLastSpeech());
    }

    @Test
    void probabilityJustBelowTheSilenceThresholdIsSilence() {
        feed(SPEECH, 10);
        assertEquals(List.of(TURN_ENDED), events(feed(Math.nextDown(0.35f), 35)));
    }

    @Test
    void hysteresisBandKeepsSilenceAsSilence() {
        // between the thresholds after silence: still silence, however long
        feed(SILENCE, 5);
        assertEquals(List.of(), events(feed(BETWEEN, 300)));
        assertEquals(0, detector.currentSpeechMillis());
        assertEquals(6100, detector.millisSinceLastSpeech());
    }

    @Test
    void hysteresisBandExtendsARunOfSpeech() {
        // 5 speech frames then 5 in the band: the band counts as speech, so the run reaches 200 ms
        feed(SPEECH, 5);
        List<TurnEvent> events = events(feed(BETWEEN, 5));
        assertEquals(List.of(SPEECH_STARTED), events);
        assertEquals(200, detector.currentSpeechMillis());
    }

    @Test
    void aWobbleAroundOneThresholdDoesNotFlap() {
        // alternating 0.45 / 0.55 crosses 0.5 every frame but never drops below 0.35: one start, no end
        List<TurnEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(detector.onFrame(i % 2 == 0 ? 0.55f : 0.45f));
        }
        assertEquals(List.of(SPEECH_STARTED), events(events));
        assertEquals(8000, detector.currentSpeechMillis());
    }

    @Test
    void blipsShorterThanTheMinimumNeverStartATurn() {
        // a cough: 140 ms of loud noise, then silence; repeated with pauses
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(), events(feed(SPEECH, 7)));
            assertEquals(140, detector.currentSpeechMillis());
            assertEquals(List.of(), events(feed(SILENCE, 3)));
            assertEquals(0, detector.currentSpeechMillis());
        }
        assertFalse(detector.inTurn());
    }

    @Test
    void aSingleSilentFrameRestartsTheMinimumSpeechCount() {
        feed(SPEECH, 9);
        feed(SILENCE, 1);
        assertEquals(List.of(), events(feed(SPEECH, 9)), "two 180 ms runs are not one 200 ms run");
        assertEquals(List.of(SPEECH_STARTED), events(feed(SPEECH, 1)));
    }

    @Test
    void pausesShorterThanTheEndOfTurnSilenceKeepTheTurn() {
        assertEquals(List.of(SPEECH_STARTED), events(feed(SPEECH, 10)));
        for (int word = 0; word < 10; word++) {
            assertEquals(List.of(), events(feed(SILENCE, 34)));
            assertEquals(680, detector.millisSinceLastSpeech());
            assertEquals(List.of(), events(feed(SPEECH, 3)), "speech resumes the same turn");
            assertEquals(0, detector.millisSinceLastSpeech());
        }
        assertTrue(detector.inTurn());
        assertEquals(List.of(TURN_ENDED), events(feed(SILENCE, 35)));
    }

    @Test
    void aTurnLongerThanTheMaximumIsCutAtTheMaximum() {
        TurnDetector shortTurns = new TurnDetector(new TurnSettings(0.5f, 0.35f, 200, 700, 1000));
        List<TurnEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(shortTurns.onFrame(SPEECH));
        }
        // the turn counts from its first speech frame: frame 10 starts it, frame 50 (1000 ms) cuts it
        assertEquals(SPEECH_STARTED, events.get(9));
        assertEquals(TURN_TOO_LONG, events.get(49));
        assertEquals(List.of(SPEECH_STARTED, TURN_TOO_LONG), events(events));
        assertFalse(shortTurns.inTurn());
        assertEquals(0, shortTurns.currentSpeechMillis(), "the cut speech belonged to the old turn");
    }

    @Test
    void speechThatGoesOnAfterTheCutStartsANewTurnAfterTheMinimumAgain() {
        TurnDetector shortTurns = new TurnDetector(new TurnSettings(0.5f, 0.35f, 200, 700, 1000));
        for (int i = 0; i < 50; i++) {
            shortTurns.onFrame(SPEECH);
        }
        List<TurnEvent> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(shortTurns.onFrame(SPEECH));
        }
        assertEquals(SPEECH_STARTED, after.get(9));
        assertEquals(List.of(SPEECH_STARTED), events(after));
    }

    @Test
    void pausesInsideATurnCountTowardsItsMaximum() {
        TurnDetector shortTurns = new TurnDetector(new TurnSettings(0.5f, 0.35f, 200, 700, 2000));
        List<TurnEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // 200 ms speech, 400 ms pause, repeated: never 700 ms of silence
            events.add(shortTurns.onFrame(i % 30 < 10 ? SPEECH : SILENCE));
        }
        assertEquals(SPEECH_STARTED, events.get(9));
        assertEquals(TURN_TOO_LONG, events.get(99), "2000 ms after the turn's first speech frame");
        assertEquals(List.of(SPEECH_STARTED, TURN_TOO_LONG), events(events));
    }

    @Test
    void endOfTurnWinsWhenBothLimitsFallOnTheSameFrame() {
        // speech 10 frames (200 ms), then silence: end of turn at 200 + 700 = 900 ms = the maximum
        TurnDetector detector = new TurnDetector(new TurnSettings(0.5f, 0.35f, 200, 700, 900));
        List<TurnEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(detector.onFrame(SPEECH));
        }
        for (int i = 0; i < 35; i++) {
            events.add(detector.onFrame(SILENCE));
        }
        assertEquals(TURN_ENDED, events.get(44));
        assertEquals(List.of(SPEECH_STARTED, TURN_ENDED), events(events));
    }

    @Test
    void zeroMinimumSpeechStartsOnTheFirstSpeechFrame() {
        TurnDetector eager = new TurnDetector(new TurnSettings(0.5f, 0.35f, 0, 100, 1000));
        assertEquals(NONE, eager.onFrame(SILENCE));
        assertEquals(SPEECH_STARTED, eager.onFrame(SPEECH));
        assertEquals(NONE, eager.onFrame(SILENCE));
        assertEquals(NONE, eager.onFrame(SILENCE));
        assertEquals(NONE, eager.onFrame(SILENCE));
        assertEquals(NONE, eager.onFrame(SILENCE));
        assertEquals(TURN_ENDED, eager.onFrame(SILENCE));
    }

    @Test
    void thresholdsThatAreNotMultiplesOfTheFrameApplyOnTheNextFrame() {
        TurnDetector odd = new TurnDetector(new TurnSettings(0.5f, 0.35f, 210, 705, 30_000));
        List<TurnEvent> events = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            events.add(odd.onFrame(SPEECH));
        }
        assertEquals(SPEECH_STARTED, events.get(10), "220 ms is the first frame at or past 210 ms");
        for (int i = 0; i < 35; i++) {
            assertEquals(NONE, odd.onFrame(SILENCE));
        }
        assertEquals(TURN_ENDED, odd.onFrame(SILENCE), "720 ms is the first frame at or past 705 ms");
        assertEquals(720, odd.millisSinceLastSpeech());
    }

    @Test
    void equalThresholdsMeanNoHysteresis() {
        TurnDetector sharp = new TurnDetector(new TurnSettings(0.5f, 0.5f, 40, 40, 1000));
        assertEquals(NONE, sharp.onFrame(0.5f));
        assertEquals(SPEECH_STARTED, sharp.onFrame(0.5f));
        assertEquals(NONE, sharp.onFrame(Math.nextDown(0.5f)));
        assertEquals(TURN_ENDED, sharp.onFrame(Math.nextDown(0.5f)));
    }

    @Test
    void notANumberKeepsTheCurrentState() {
        feed(SPEECH, 10);
        assertEquals(List.of(), events(feed(Float.NaN, 100)));
        assertTrue(detector.inTurn());
        assertEquals(2200, detector.currentSpeechMillis());
    }

    @Test
    void millisSinceLastSpeechCountsFromTheStartBeforeAnySpeech() {
        assertEquals(0, detector.millisSinceLastSpeech());
        feed(SILENCE, 50);
        assertEquals(1000, detector.millisSinceLastSpeech());
        feed(SPEECH, 1);
        assertEquals(0, detector.millisSinceLastSpeech());
        feed(SILENCE, 2);
        assertEquals(40, detector.millisSinceLastSpeech(), "a blip counts as speech for this clock");
    }

    @Test
    void durationsSaturateInsteadOfOverflowing() {
        TurnDetector detector = new TurnDetector(TurnSettings.defaults());
        // 2^31 ms / 20 ms ≈ 107 million frames: about 25 days of one open silent line
        for (long i = 0; i < Integer.MAX_VALUE / 20 + 10; i++) {
            detector.onFrame(SILENCE);
        }
        assertEquals(Integer.MAX_VALUE, detector.millisSinceLastSpeech());
        assertEquals(NONE, detector.onFrame(SILENCE));
    }

    @Test
    void resetForgetsEverything() {
        feed(SPEECH, 15);
        assertTrue(detector.inTurn());
        detector.reset();
        assertFalse(detector.inTurn());
        assertEquals(0, detector.currentSpeechMillis());
        assertEquals(0, detector.millisSinceLastSpeech());
        // the band after a reset is silence again (the speech state was forgotten)
        assertEquals(List.of(), events(feed(BETWEEN, 20)));
        assertEquals(List.of(SPEECH_STARTED), events(feed(SPEECH, 10)));
    }

    @Test
    void aFullConversationGivesAlternatingEdges() {
        List<TurnEvent> events = new ArrayList<>();
        for (int turn = 0; turn < 5; turn++) {
            events.addAll(feed(SILENCE, 60));
            events.addAll(feed(SPEECH, 7)); // a blip first
            events.addAll(feed(SILENCE, 5));
            events.addAll(feed(SPEECH, 40 + turn * 13));
            events.addAll(feed(BETWEEN, 3));
            events.addAll(feed(SILENCE, 20));
            events.addAll(feed(SPEECH, 12));
        }
        events.addAll(feed(SILENCE, 40));
        List<TurnEvent> expected = new ArrayList<>();
        for (int turn = 0; turn < 5; turn++) {
            expected.add(SPEECH_STARTED);
            expected.add(TURN_ENDED);
        }
        assertEquals(expected, events(events));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new TurnDetector(null));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0f, 0.1f, 200, 700, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(1f, 0.1f, 200, 700, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5f, 0.6f, 200, 700, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5f, 0f, 200, 700, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5f, 0.3f, -1, 700, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5f, 0.3f, 200, 0, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5f, 0.3f, 200, 700, 200));
    }

    private List<TurnEvent> feed(float probability, int frames) {
        List<TurnEvent> events = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            events.add(detector.onFrame(probability));
        }
        return events;
    }

    /** The events other than NONE, in order. */
    private static List<TurnEvent> events(List<TurnEvent> perFrame) {
        return perFrame.stream().filter(e -> e != NONE).toList();
    }
}
