--liquibase formatted sql

--changeset omni:004-demo-seed-messages context:demo
-- The original service's seed messages word for word, so its examples read the same here;
-- 002-demo-seed stays as it was applied.
UPDATE messages SET content = 'Hello, I need help!' WHERE id = 1 AND conversation_id = 1 AND sender = 'contact';
UPDATE messages SET content = 'Hi! I am your AI assistant. How can I help you today?' WHERE id = 2 AND conversation_id = 1 AND sender = 'ai';
UPDATE messages SET content = 'Can I reset my password?' WHERE id = 3 AND conversation_id = 2 AND sender = 'contact';
UPDATE messages SET content = 'Hello! Sure, I will help you reset it.' WHERE id = 4 AND conversation_id = 2 AND sender = 'ai';
--rollback UPDATE messages SET content = 'Hello, I need help with my order.' WHERE id = 1; UPDATE messages SET content = 'Hi! I am the AI assistant. How can I help with your order?' WHERE id = 2; UPDATE messages SET content = 'Hi, can you send me the invoice?' WHERE id = 3; UPDATE messages SET content = 'Hello! I am the AI helper. I will look up your invoice.' WHERE id = 4;
