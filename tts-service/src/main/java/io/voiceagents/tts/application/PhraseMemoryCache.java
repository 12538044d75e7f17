package io.voiceagents.tts.application;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.Phrase;

/**
 * Least-recently-used phrases in memory, bounded by the total size of their audio rather than by count: one
 * long announcement weighs as much as hundreds of "Okay." replies. A phrase larger than the whole budget is
 * not kept. Thread-safe; operations are O(1) apart from eviction.
 */
public final class PhraseMemoryCache {

    private final long maxBytes;
    private final LinkedHashMap<AudioId, Phrase> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** @param maxBytes total audio bytes kept; 0 disables the cache */
    public PhraseMemoryCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The phrase, marking it most recently used; null when absent. */
    public synchronized Phrase get(AudioId id) {
        return entries.get(id);
    }

    public synchronized void put(Phrase phrase) {
        if (phrase.sizeBytes() > maxBytes) {
            return;
        }
        Phrase previous = entries.put(phrase.id(), phrase);
        if (previous != null) {
            bytes -= previous.sizeBytes();
        }
        bytes += phrase.sizeBytes();
        Iterator<Map.Entry<AudioId, Phrase>> eldestFirst = entries.entrySet().iterator();
        while (bytes > maxBytes && eldestFirst.hasNext()) {
            bytes -= eldestFirst.next().getValue().sizeBytes();
            eldestFirst.remove();
        }
    }

    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    /** Audio bytes currently held. */
    public synchronized long sizeBytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
