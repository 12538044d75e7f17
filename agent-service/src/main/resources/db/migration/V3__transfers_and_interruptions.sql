-- Real-time calls (issue 4).
-- An agent may transfer callers to one configured number (its transfer_call tool); null: no transfers.
alter table agents
    add column transfer_number varchar(16);

-- A reply the caller interrupted keeps only what they heard in text (what the next prompt sees), the
-- whole generated reply in generated_text, and interrupted = true. transfer_to records where a reply
-- with outcome 'transfer' sent the call, so a replayed turn can say it again.
alter table messages
    add column interrupted    boolean not null default false,
    add column generated_text text,
    add column transfer_to    varchar(16);
