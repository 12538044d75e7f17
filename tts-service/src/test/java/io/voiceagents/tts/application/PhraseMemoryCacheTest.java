package io.voiceagents.tts.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.Phrase;
import io.voiceagents.tts.domain.PhraseKey;
import org.junit.jupiter.api.Test;

class PhraseMemoryCacheTest {

    private static Phrase phrase(String text, int bytes) {
        return Phrase.of(new PhraseKey(text, "v", "en", AudioFormat.WAV_MULAW_8K), new byte[bytes], bytes / 8);
    }

    @Test
    void evictsTheLeastRecentlyUsedWhenTheByteBudgetIsExceeded() {
        PhraseMemoryCache cache = new PhraseMemoryCache(100);
        Phrase a = phrase("a", 40);
        Phrase b = phrase("b", 40);
        Phrase c = phrase("c", 40);
        cache.put(a);
        cache.put(b);
        cache.get(a.id());

        cache.put(c);

        assertThat(cache.get(a.id())).isSameAs(a);
        assertThat(cache.get(b.id())).isNull();
        assertThat(cache.get(c.id())).isSameAs(c);
        assertThat(cache.sizeBytes()).isEqualTo(80);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void oneLargePhraseCanDisplaceManySmallOnes() {
        PhraseMemoryCache cache = new PhraseMemoryCache(100);
        for (int i = 0; i < 10; i++) {
            cache.put(phrase("small " + i, 10));
        }
        Phrase large = phrase("large", 95);

        cache.put(large);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.sizeBytes()).isEqualTo(95);
    }

    @Test
    void aPhraseLargerThanTheBudgetIsNotKept() {
        PhraseMemoryCache cache = new PhraseMemoryCache(100);
        Phrase kept = phrase("kept", 50);
        cache.put(kept);

        cache.put(phrase("huge", 101));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(kept.id())).isSameAs(kept);
    }

    @Test
    void replacingAPhraseDoesNotCountItTwice() {
        PhraseMemoryCache cache = new PhraseMemoryCache(100);
        cache.put(phrase("a", 40));
        cache.put(phrase("a", 40));

        assertThat(cache.sizeBytes()).isEqualTo(40);
    }

    @Test
    void aZeroBudgetDisablesTheCacheAndClearEmptiesIt() {
        PhraseMemoryCache disabled = new PhraseMemoryCache(0);
        disabled.put(phrase("a", 1));
        assertThat(disabled.size()).isZero();

        PhraseMemoryCache cache = new PhraseMemoryCache(100);
        cache.put(phrase("a", 10));
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.sizeBytes()).isZero();
    }
}
