-- Calls as the gateway sees them. status_rank mirrors CallStatus.rank() so that moving a status
-- forward is one conditional UPDATE (... WHERE status_rank < ?), safe across replicas.
CREATE TABLE calls (
    call_sid              VARCHAR(64)  PRIMARY KEY,
    account_sid           VARCHAR(64),
    agent_id              VARCHAR(255),
    direction             VARCHAR(32),
    from_number           VARCHAR(64),
    to_number             VARCHAR(64),
    status                VARCHAR(20)  NOT NULL,
    status_rank           SMALLINT     NOT NULL,
    last_sequence_number  BIGINT,
    started_at            TIMESTAMPTZ  NOT NULL,
    answered_at           TIMESTAMPTZ,
    ended_at              TIMESTAMPTZ,
    duration_seconds      BIGINT,
    -- the answering agent's voice, stored so each turn needs no agent look-up
    agent_voice           VARCHAR(128),
    agent_language        VARCHAR(35),
    consecutive_silences  INT          NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL,
    version               BIGINT       NOT NULL DEFAULT 0
);

CREATE INDEX calls_created_idx ON calls (created_at DESC, call_sid DESC);
CREATE INDEX calls_agent_created_idx ON calls (agent_id, created_at DESC);
CREATE INDEX calls_status_created_idx ON calls (status, created_at DESC);

-- One row per exchange; turn 0 is the greeting. The primary key makes a retried gather webhook
-- unable to add a second turn.
CREATE TABLE call_turns (
    call_sid           VARCHAR(64)  NOT NULL REFERENCES calls (call_sid),
    turn_index         INT          NOT NULL,
    caller_text        TEXT,
    confidence         REAL,
    agent_text         TEXT         NOT NULL,
    outcome            VARCHAR(16)  NOT NULL,
    llm_latency_ms     BIGINT,
    tts_latency_ms     BIGINT,
    tts_fallback       BOOLEAN      NOT NULL,
    total_latency_ms   BIGINT       NOT NULL,
    idempotency_token  VARCHAR(255),
    created_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (call_sid, turn_index)
);

-- I-Twilio-Idempotency-Token of webhooks already applied (status callbacks, silent gathers).
CREATE TABLE webhook_deliveries (
    idempotency_token  VARCHAR(255) PRIMARY KEY,
    endpoint           VARCHAR(32)  NOT NULL,
    call_sid           VARCHAR(64),
    received_at        TIMESTAMPTZ  NOT NULL
);

CREATE INDEX webhook_deliveries_received_idx ON webhook_deliveries (received_at);
