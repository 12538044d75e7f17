-- A knowledge base groups the documents an agent may look things up in. Documents, chunks and
-- embeddings reference it in later migrations.
create table knowledge_bases (
    id          uuid primary key,
    name        varchar(120) not null,
    description text,
    created_at  timestamp with time zone not null default now(),
    updated_at  timestamp with time zone not null default now(),
    version     bigint not null default 0,
    constraint knowledge_bases_name_not_blank check (length(btrim(name)) > 0)
);

-- Operators find bases by name; two bases with the same name would be indistinguishable in the UI.
create unique index knowledge_bases_name_key on knowledge_bases (lower(name));
