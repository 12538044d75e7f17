package io.voiceagents.tts.infra.persistence;

import java.time.OffsetDateTime;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of tts.phrases (V1 migration). Written once, by a native insert that tolerates a concurrent writer. */
@Entity
@Table(name = "phrases")
public class PhraseEntity extends PanacheEntityBase {

    @Id
    @Column(length = 32)
    public String id;

    @Column(nullable = false)
    public String text;

    @Column(nullable = false, length = 100)
    public String voice;

    @Column(nullable = false, length = 35)
    public String language;

    @Column(nullable = false, length = 20)
    public String format;

    @Column(name = "content_type", nullable = false, length = 50)
    public String contentType;

    @Column(nullable = false)
    public byte[] audio;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(name = "size_bytes", nullable = false)
    public int sizeBytes;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "last_used_at", nullable = false)
    public OffsetDateTime lastUsedAt;

    @Column(name = "hit_count", nullable = false)
    public long hitCount;
}
