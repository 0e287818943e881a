--liquibase formatted sql

--changeset omni:014-delivery-head-index
-- The next message of a conversation to deliver (its earliest pending one) is looked up on every
-- send report, request and retry. On (conversation_id, id) alone that walked the conversation's
-- messages from its first, a cost that grew with its history; this index finds it at once.
CREATE INDEX ix_messages_conversation_delivery ON messages (conversation_id, delivery_status, id);
--rollback DROP INDEX ix_messages_conversation_delivery ON messages;
