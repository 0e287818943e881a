--liquibase formatted sql

--changeset omni:002-demo-seed context:demo
INSERT INTO companies (id, name, created_at) VALUES
    (1, 'Acme Corp', '2024-01-01 00:00:00'),
    (2, 'Globex Inc', '2024-01-01 00:00:00');

INSERT INTO channels (id, company_id, name, type, created_at) VALUES
    (1, 1, 'WhatsApp Support', 'whatsapp', '2024-01-01 00:00:00'),
    (2, 2, 'Email Support', 'email', '2024-01-01 00:00:00');

INSERT INTO users (id, company_id, name, role, created_at) VALUES
    (1, 1, 'AI Assistant', 'ai', '2024-01-01 00:00:00'),
    (2, 1, 'Alice Agent', 'agent', '2024-01-01 00:00:00'),
    (3, 2, 'AI Helper', 'ai', '2024-01-01 00:00:00'),
    (4, 2, 'Bob Agent', 'agent', '2024-01-01 00:00:00');

INSERT INTO contacts (id, company_id, name, phone, email, created_at) VALUES
    (1, 1, 'Test Contact', '+15550001122', 'contact@example.com', '2024-01-01 00:00:00'),
    (2, 2, 'Globex Client', NULL, 'client@globex.com', '2024-01-01 00:00:00');

INSERT INTO conversations (id, company_id, channel_id, contact_id, thread_no, owner_id, created_at, updated_at) VALUES
    (1, 1, 1, 1, 1, 1, '2024-01-01 00:00:00', '2024-01-01 00:00:01'),
    (2, 2, 2, 2, 1, 3, '2024-01-01 00:00:00', '2024-01-01 00:00:01');

INSERT INTO messages (id, company_id, conversation_id, sender, author_id, content, channel_id, channel_message_id, in_reply_to, created_at) VALUES
    (1, 1, 1, 'contact', NULL, 'Hello, I need help with my order.', 1, 'seed-wa-1', NULL, '2024-01-01 00:00:00'),
    (2, 1, 1, 'ai', 1, 'Hi! I am the AI assistant. How can I help with your order?', NULL, NULL, 1, '2024-01-01 00:00:01'),
    (3, 2, 2, 'contact', NULL, 'Hi, can you send me the invoice?', 2, 'seed-email-1', NULL, '2024-01-01 00:00:00'),
    (4, 2, 2, 'ai', 3, 'Hello! I am the AI helper. I will look up your invoice.', NULL, NULL, 3, '2024-01-01 00:00:01');
--rollback DELETE FROM messages WHERE id IN (1, 2, 3, 4); DELETE FROM conversations WHERE id IN (1, 2); DELETE FROM contacts WHERE id IN (1, 2); DELETE FROM users WHERE id IN (1, 2, 3, 4); DELETE FROM channels WHERE id IN (1, 2); DELETE FROM companies WHERE id IN (1, 2);
