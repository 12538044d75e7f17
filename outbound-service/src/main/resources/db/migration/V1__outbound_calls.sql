-- One row per call this service asked Twilio to place. The idempotency key makes a retried
-- POST /api/calls/outbound return the first call instead of dialing the number twice.
create table outbound_calls (
    id               uuid primary key,
    agent_id         uuid not null,
    to_number        varchar(16) not null,
    from_number      varchar(16) not null,
    status           varchar(20) not null,
    twilio_call_sid  varchar(34),
    idempotency_key  varchar(200) not null,
    created_at       timestamp with time zone not null default now(),
    updated_at       timestamp with time zone not null default now(),
    version          bigint not null default 0,
    constraint outbound_calls_idempotency_key_key unique (idempotency_key),
    constraint outbound_calls_to_number_e164 check (to_number ~ '^\+[1-9][0-9]{1,14}$'),
    constraint outbound_calls_from_number_e164 check (from_number ~ '^\+[1-9][0-9]{1,14}$'),
    constraint outbound_calls_status_known check (status in
        ('queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'))
);

-- Twilio status callbacks find the call by its SID.
create unique index outbound_calls_twilio_call_sid_key on outbound_calls (twilio_call_sid)
    where twilio_call_sid is not null;
-- Listing an agent's recent calls.
create index outbound_calls_agent_created_idx on outbound_calls (agent_id, created_at desc);
