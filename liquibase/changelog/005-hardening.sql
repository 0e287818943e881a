--liquibase formatted sql

--changeset omni:005-conversation-last-message-at
-- When a conversation's latest message was stored; every write of a message moves it, so the
-- inbox can sort by activity.
ALTER TABLE conversations ADD COLUMN last_message_at DATETIME(6) NULL;
UPDATE conversations c
   SET c.last_message_at = (SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = c.id);
--rollback ALTER TABLE conversations DROP COLUMN last_message_at;

--changeset omni:005-outbox-parking
-- A row the broker refuses is retried a bounded number of times, then parked (failed_at) with its
-- error, so that it never stops the rows after it.
ALTER TABLE outbox
    ADD COLUMN attempts   INT           NOT NULL DEFAULT 0,
    ADD COLUMN last_error VARCHAR(1000) NULL,
    ADD COLUMN failed_at  DATETIME(6)   NULL;
--rollback ALTER TABLE outbox DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN failed_at;
