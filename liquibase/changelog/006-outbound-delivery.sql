--liquibase formatted sql

--changeset omni:006-channel-outbound-url
-- Where the channel's provider takes the messages we send; NULL: the channel cannot send.
ALTER TABLE channels ADD COLUMN outbound_url VARCHAR(2048) NULL;
--rollback ALTER TABLE channels DROP COLUMN outbound_url;

--changeset omni:006-message-delivery
-- The delivery of AI and agent messages to the provider (NULL status on contact messages).
-- delivery_due_at: when the message's next delivery request is due; set while a request is
-- outstanding (then it is the end of its lease) or a retry waits; NULL otherwise.
ALTER TABLE messages
    ADD COLUMN delivery_status     VARCHAR(16)  NULL,
    ADD COLUMN delivery_attempts   INT          NOT NULL DEFAULT 0,
    ADD COLUMN delivery_error      VARCHAR(500) NULL,
    ADD COLUMN provider_message_id VARCHAR(255) NULL,
    ADD COLUMN delivery_due_at     DATETIME(6)  NULL,
    ADD COLUMN sent_at             DATETIME(6)  NULL,
    ADD CONSTRAINT ck_messages_delivery_status
        CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'read', 'failed'));
CREATE INDEX ix_messages_delivery_due ON messages (delivery_due_at);
CREATE INDEX ix_messages_provider_message ON messages (company_id, provider_message_id);
--rollback DROP INDEX ix_messages_provider_message ON messages; DROP INDEX ix_messages_delivery_due ON messages; ALTER TABLE messages DROP CONSTRAINT ck_messages_delivery_status, DROP COLUMN delivery_status, DROP COLUMN delivery_attempts, DROP COLUMN delivery_error, DROP COLUMN provider_message_id, DROP COLUMN delivery_due_at, DROP COLUMN sent_at;

--changeset omni:006-demo-outbound-url context:demo
-- The demo channels deliver to the provider simulator that bin/local-stack and the compose file
-- run; DEMO_OUTBOUND_URL says where (empty: nowhere).
UPDATE channels SET outbound_url = NULLIF('${demo_outbound_url}', '') WHERE id IN (1, 2);
--rollback UPDATE channels SET outbound_url = NULL WHERE id IN (1, 2);
