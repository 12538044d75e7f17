-- Outbound calls: what an agent does when answering-machine detection says a machine picked up.
-- Existing agents hang up (the safe default: no message nobody wrote); a null voicemail_message
-- means "speak the greeting".
alter table agents
    add column machine_action    varchar(16)   not null default 'hang-up',
    add column voicemail_message varchar(1000);

alter table agents
    add constraint agents_machine_action_ck check (machine_action in ('leave-message', 'hang-up'));
