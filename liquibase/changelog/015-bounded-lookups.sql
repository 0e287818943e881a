--liquibase formatted sql

--changeset omni:015-delivery-head-index-order
-- A conversation's latest message (what the inbox and agents' event streams show with it, read
-- whenever an AI reply is stored) is one backward step on ix_messages_conversation
-- (conversation_id, id). 014's (conversation_id, delivery_status, id) begins with the conversation
-- too, and the optimizer may take it for that look-up (MariaDB 11.4 did, in some runs on the
-- tests' data): it then reads every message of the conversation to find the highest id, a cost that
-- grows with the conversation's history. With the status first, the next message to deliver (both
-- columns compared for equality) is found just as directly, and the index no longer competes.
CREATE INDEX ix_messages_delivery_head ON messages (delivery_status, conversation_id, id);
DROP INDEX ix_messages_conversation_delivery ON messages;
--rollback CREATE INDEX ix_messages_conversation_delivery ON messages (conversation_id, delivery_status, id); DROP INDEX ix_messages_delivery_head ON messages;

--changeset omni:015-inbox-filter-indexes
-- The inbox filtered by status or by owner, a page at a time, most recent activity first. On
-- ix_conversations_inbox alone a filter walked the company's conversations until it had a page
-- (the last page of an open list walked all the resolved history after it), and by owner the
-- optimizer took the foreign key's index: every conversation the owner ever had, sorted on every
-- page. With the filter's column after the company, a page is read in order and stops at its end.
-- Both move with last_message_at, on every message stored. Not indexed: the channel filter (the
-- console does not offer it) and the owner type (the owner's role, a column of users, which no
-- index of conversations can order by).
CREATE INDEX ix_conversations_inbox_status ON conversations (company_id, status, last_message_at, id);
CREATE INDEX ix_conversations_inbox_owner ON conversations (company_id, owner_id, last_message_at, id);
--rollback DROP INDEX ix_conversations_inbox_owner ON conversations; DROP INDEX ix_conversations_inbox_status ON conversations;
