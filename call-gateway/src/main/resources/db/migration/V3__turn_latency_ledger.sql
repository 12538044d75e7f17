-- Real-time turns (stream and relay modes): whether the caller interrupted the agent (agent_text is then
-- what they heard) and the latency ledger: where the turn's time went, in milliseconds.
ALTER TABLE call_turns
    ADD COLUMN interrupted        BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN endpointing_ms     BIGINT,
    ADD COLUMN stt_final_ms       BIGINT,
    ADD COLUMN llm_first_token_ms BIGINT,
    ADD COLUMN tts_first_byte_ms  BIGINT,
    ADD COLUMN first_audio_ms     BIGINT,
    ADD COLUMN server_added_ms    BIGINT;
