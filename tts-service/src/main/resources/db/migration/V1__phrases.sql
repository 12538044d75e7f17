-- The phrase cache shared by every tts-service instance. The id is the content address of
-- (normalized text, voice, language, format), so a row never changes once written: the audio URL
-- /tts/audio/{id}.wav can be cached forever.
create table phrases (
    id            varchar(32) primary key,
    text          text not null,
    voice         varchar(100) not null,
    language      varchar(35) not null,
    format        varchar(20) not null,
    content_type  varchar(50) not null,
    audio         bytea not null,
    duration_ms   bigint not null,
    size_bytes    integer not null,
    created_at    timestamp with time zone not null default now(),
    last_used_at  timestamp with time zone not null default now(),
    hit_count     bigint not null default 0,
    constraint phrases_id_is_content_address check (id ~ '^[0-9a-f]{32}$'),
    constraint phrases_size_matches check (size_bytes = octet_length(audio))
);

-- Evicting phrases nobody plays any more walks them oldest-use first.
create index phrases_last_used_at_idx on phrases (last_used_at);
