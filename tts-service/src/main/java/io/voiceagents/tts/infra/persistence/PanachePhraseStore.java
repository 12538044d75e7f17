package io.voiceagents.tts.infra.persistence;

import java.util.Optional;

import io.voiceagents.tts.application.port.PhraseStore;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.Phrase;
import io.voiceagents.tts.domain.PhraseKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The phrase table in Postgres (schema tts). */
@ApplicationScoped
public class PanachePhraseStore implements PhraseStore {

    private final EntityManager entityManager;

    public PanachePhraseStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    @Transactional
    public Optional<Phrase> find(AudioId id) {
        return PhraseEntity.<PhraseEntity>findByIdOptional(id.value()).map(PanachePhraseStore::asDomain);
    }

    @Override
    @Transactional
    public void saveIfAbsent(Phrase phrase) {
        // two instances may synthesize the same phrase at once; same id means same audio, so first one wins
        entityManager.createNativeQuery("""
                        insert into phrases (id, text, voice, language, format, content_type, audio, duration_ms, size_bytes)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                        on conflict (id) do nothing""")
                .setParameter(1, phrase.id().value())
                .setParameter(2, phrase.key().text())
                .setParameter(3, phrase.key().voice())
                .setParameter(4, phrase.key().language())
                .setParameter(5, phrase.key().format().name())
                .setParameter(6, phrase.contentType())
                .setParameter(7, phrase.audio())
                .setParameter(8, phrase.durationMs())
                .setParameter(9, phrase.sizeBytes())
                .executeUpdate();
    }

    @Override
    @Transactional
    public void recordHit(AudioId id) {
        PhraseEntity.update("hitCount = hitCount + 1, lastUsedAt = current_timestamp where id = ?1", id.value());
    }

    private static Phrase asDomain(PhraseEntity row) {
        PhraseKey key = new PhraseKey(row.text, row.voice, row.language, AudioFormat.valueOf(row.format));
        return new Phrase(new AudioId(row.id), key, row.audio, row.durationMs);
    }
}
