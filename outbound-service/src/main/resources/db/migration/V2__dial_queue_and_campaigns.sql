-- Outbound calls become a durable dial queue; campaigns and their contacts feed it.
-- Status of an outbound call (rank in parentheses, it only ever increases):
--   queued (0) → dialing (1) → ringing (2) → in-progress (3) → completed | busy | no-answer | failed | canceled (4)

alter table outbound_calls drop constraint outbound_calls_status_known;
alter table outbound_calls drop constraint outbound_calls_idempotency_key_key;
alter table outbound_calls alter column idempotency_key drop not null;

alter table outbound_calls
    -- who asked: "key-<12 hex of the API key's SHA-256>", or "open" when the API is not protected
    add column tenant               varchar(40) not null default 'open',
    -- SHA-256 (hex) of the request body's meaningful fields: a reused Idempotency-Key with another body is a 409
    add column request_hash         varchar(64),
    add column initial_message      text,
    add column metadata             jsonb,
    add column machine_detection    varchar(20),
    add column campaign_id          uuid,
    add column contact_id           uuid,
    -- 1 for the first call to a contact, 2 for its first retry ...; 1 for single calls
    add column attempt              integer not null default 1,
    add column status_rank          smallint not null default 0,
    -- the dial queue: due when status = 'queued' and next_dial_at <= now()
    add column next_dial_at         timestamp with time zone not null default now(),
    -- Twilio create requests sent for this call (429s and unclear failures are retried)
    add column dial_requests        integer not null default 0,
    -- when the last create request was sent: a row left in 'dialing' without a SID is reconciled with Twilio
    add column dial_started_at      timestamp with time zone,
    add column dialed_at            timestamp with time zone,
    add column ringing_at           timestamp with time zone,
    add column answered_at          timestamp with time zone,
    add column ended_at             timestamp with time zone,
    add column duration_seconds     integer,
    add column answered_by          varchar(30),
    add column failure_reason       text,
    add column twilio_error_code    integer,
    -- a cancel asked while the call was dialing: applied at Twilio as soon as the SID is known
    add column cancel_requested_at  timestamp with time zone;

alter table outbound_calls add constraint outbound_calls_status_known check (status in
    ('queued', 'dialing', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'));
alter table outbound_calls add constraint outbound_calls_attempt_positive check (attempt >= 1);

create unique index outbound_calls_tenant_idempotency_key on outbound_calls (tenant, idempotency_key)
    where idempotency_key is not null;
-- zero duplicate dials for campaigns: one call per contact and attempt, whatever crashes in between
create unique index outbound_calls_contact_attempt_key on outbound_calls (contact_id, attempt)
    where contact_id is not null;
create index outbound_calls_due_idx on outbound_calls (next_dial_at) where status = 'queued';
create index outbound_calls_active_idx on outbound_calls (status, updated_at) where status_rank between 1 and 3;
create index outbound_calls_campaign_idx on outbound_calls (campaign_id, status_rank) where campaign_id is not null;
create index outbound_calls_tenant_created_idx on outbound_calls (tenant, created_at);

-- One row: the next instant the account may create a call. Every replica takes its slot here
-- (update ... returning under the row lock), so the account-wide CPS holds across replicas.
create table dial_pacer (
    id         smallint primary key check (id = 1),
    next_slot  timestamp with time zone not null
);
insert into dial_pacer (id, next_slot) values (1, now());

create table campaigns (
    id                    uuid primary key,
    tenant                varchar(40) not null default 'open',
    name                  varchar(200) not null,
    agent_id              uuid not null,
    from_number           varchar(16) not null,
    initial_message       text,
    metadata              jsonb,
    machine_detection     boolean not null default false,
    status                varchar(20) not null,
    -- calling window: ISO days (1 = Monday … 7 = Sunday) as a comma list, local start/end, IANA zone
    window_days           varchar(20) not null,
    window_start          time not null,
    window_end            time not null,
    time_zone             varchar(64) not null,
    max_concurrent_calls  integer not null,
    calls_per_second      double precision not null,
    -- pacing of this campaign across replicas: the next instant it may queue a call
    next_queue_at         timestamp with time zone not null default now(),
    retry_on              varchar(40) not null default '',
    max_attempts          integer not null default 1,
    retry_delay_seconds   integer not null default 0,
    created_at            timestamp with time zone not null default now(),
    updated_at            timestamp with time zone not null default now(),
    started_at            timestamp with time zone,
    ended_at              timestamp with time zone,
    version               bigint not null default 0,
    constraint campaigns_status_known check (status in ('draft', 'running', 'paused', 'completed', 'canceled')),
    constraint campaigns_from_number_e164 check (from_number ~ '^\+[1-9][0-9]{1,14}$'),
    constraint campaigns_max_concurrent_positive check (max_concurrent_calls >= 1),
    constraint campaigns_cps_positive check (calls_per_second > 0),
    constraint campaigns_max_attempts_range check (max_attempts between 1 and 10),
    constraint campaigns_window_ordered check (window_start < window_end)
);
create index campaigns_status_idx on campaigns (status);

-- Contacts of a campaign. Invalid rows of an upload are reported and never stored.
-- Status: pending → calling → (waiting-retry → calling)* → completed | failed | canceled
create table campaign_contacts (
    id               uuid primary key,
    campaign_id      uuid not null references campaigns (id) on delete cascade,
    -- 1-based row of the upload the contact came from
    row_number       integer not null,
    phone_number     varchar(16) not null,
    name             varchar(200),
    metadata         jsonb,
    status           varchar(20) not null default 'pending',
    attempts         integer not null default 0,
    next_attempt_at  timestamp with time zone not null default now(),
    last_outcome     varchar(20),
    last_answered_by varchar(30),
    last_call_id     uuid,
    -- Twilio call SIDs of every attempt, oldest first
    call_sids        text[] not null default '{}',
    updated_at       timestamp with time zone not null default now(),
    constraint campaign_contacts_number_e164 check (phone_number ~ '^\+[1-9][0-9]{1,14}$'),
    constraint campaign_contacts_status_known check (status in
        ('pending', 'calling', 'waiting-retry', 'completed', 'failed', 'canceled')),
    constraint campaign_contacts_number_once unique (campaign_id, phone_number)
);
create index campaign_contacts_due_idx on campaign_contacts (campaign_id, next_attempt_at)
    where status in ('pending', 'waiting-retry');
create index campaign_contacts_status_idx on campaign_contacts (campaign_id, status);

-- Transactional outbox: events are written in the transaction that made them true and sent to Kafka by a
-- relay afterwards, so a crash or a broker outage delays an event but never loses it.
create table event_outbox (
    id          bigserial primary key,
    topic       varchar(100) not null,
    event_key   varchar(100) not null,
    payload     jsonb not null,
    created_at  timestamp with time zone not null default now()
);
