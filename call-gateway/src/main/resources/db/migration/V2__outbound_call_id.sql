-- outbound-service's id of a call it placed, taken from the signed webhook / status callback URL
-- (?oc=...), so every CallEvent of the call can name it. Null for inbound calls.
ALTER TABLE calls ADD COLUMN outbound_call_id UUID;
