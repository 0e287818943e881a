--liquibase formatted sql

--changeset omni:008-conversation-status
-- open until an agent resolves it; an inbound message reopens it.
ALTER TABLE conversations
    ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'open',
    ADD CONSTRAINT ck_conversations_status CHECK (status IN ('open', 'resolved'));
--rollback ALTER TABLE conversations DROP CONSTRAINT ck_conversations_status, DROP COLUMN status;

--changeset omni:008-conversation-inbox-index
-- The inbox: a company's conversations, most recent activity first, paged by (last_message_at, id).
CREATE INDEX ix_conversations_inbox ON conversations (company_id, last_message_at, id);
--rollback DROP INDEX ix_conversations_inbox ON conversations;
