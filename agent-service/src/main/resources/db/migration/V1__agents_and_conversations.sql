-- Agents: what answers a phone number and how it talks.
create table agents (
    id                uuid primary key,
    name              varchar(100)   not null,
    instructions      text           not null,
    greeting          varchar(500)   not null,
    voice             varchar(100)   not null,
    language          varchar(35)    not null,
    call_mode         varchar(16)    not null,
    llm_model         varchar(100)   not null,
    llm_temperature   double precision not null,
    llm_max_output_tokens integer    not null,
    version           bigint         not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null
);

create index agents_created_at_idx on agents (created_at desc, id);

-- The primary key makes a number belong to at most one agent and is the index the
-- per-call lookup (LookupAgentByNumber) uses.
create table agent_phone_numbers (
    phone_number varchar(16) primary key,
    agent_id     uuid not null references agents (id) on delete cascade,
    position     integer not null
);

create index agent_phone_numbers_agent_idx on agent_phone_numbers (agent_id);

-- One conversation per call; deleting an agent deletes its transcripts with it.
create table conversations (
    id           uuid primary key,
    agent_id     uuid not null references agents (id) on delete cascade,
    call_sid     varchar(64) not null,
    from_number  varchar(32),
    to_number    varchar(32),
    direction    varchar(32),
    metadata     text,
    status       varchar(16) not null,
    final_status varchar(32),
    started_at   timestamp with time zone not null,
    ended_at     timestamp with time zone,
    constraint conversations_call_sid_uk unique (call_sid)
);

create index conversations_agent_started_idx on conversations (agent_id, started_at desc, id);

create table messages (
    id               uuid primary key,
    conversation_id  uuid not null references conversations (id) on delete cascade,
    seq              integer not null,
    role             varchar(16) not null,
    text             text not null,
    created_at       timestamp with time zone not null,
    llm_latency_ms   bigint,
    outcome          varchar(16),
    turn_id          varchar(128),
    constraint messages_seq_uk unique (conversation_id, seq),
    -- A caller turn has one user message and one assistant reply: a retried turn finds both.
    constraint messages_turn_uk unique (conversation_id, role, turn_id)
);
