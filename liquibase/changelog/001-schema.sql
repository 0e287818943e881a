--liquibase formatted sql

--changeset omni:001-companies
CREATE TABLE companies (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:001-channels
CREATE TABLE channels (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id BIGINT       NOT NULL,
    name       VARCHAR(200) NOT NULL,
    type       VARCHAR(32)  NOT NULL,
    created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_channels_company FOREIGN KEY (company_id) REFERENCES companies (id),
    UNIQUE KEY uq_channels_company_id (company_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:001-users
CREATE TABLE users (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id BIGINT       NOT NULL,
    name       VARCHAR(200) NOT NULL,
    role       VARCHAR(16)  NOT NULL,
    created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_users_company FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT ck_users_role CHECK (role IN ('ai', 'agent')),
    KEY ix_users_company_role (company_id, role, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:001-contacts
CREATE TABLE contacts (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id BIGINT       NOT NULL,
    name       VARCHAR(200) NULL,
    phone      VARCHAR(32)  NULL,
    email      VARCHAR(320) NULL,
    created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_contacts_company FOREIGN KEY (company_id) REFERENCES companies (id),
    UNIQUE KEY uq_contacts_company_phone (company_id, phone),
    UNIQUE KEY uq_contacts_company_email (company_id, email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:001-conversations
-- thread_no numbers the conversations of one (channel, contact); the unique key makes
-- concurrent first messages agree on one conversation.
CREATE TABLE conversations (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id BIGINT      NOT NULL,
    channel_id BIGINT      NOT NULL,
    contact_id BIGINT      NOT NULL,
    thread_no  INT         NOT NULL DEFAULT 1,
    owner_id   BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_conversations_company FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT fk_conversations_channel FOREIGN KEY (channel_id) REFERENCES channels (id),
    CONSTRAINT fk_conversations_contact FOREIGN KEY (contact_id) REFERENCES contacts (id),
    CONSTRAINT fk_conversations_owner FOREIGN KEY (owner_id) REFERENCES users (id),
    UNIQUE KEY uq_conversations_thread (channel_id, contact_id, thread_no),
    KEY ix_conversations_company (company_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:001-messages
-- (channel_id, channel_message_id) makes provider retries idempotent; in_reply_to makes
-- redelivered AI replies idempotent. NULLs never collide in a unique key.
CREATE TABLE messages (
    id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id         BIGINT       NOT NULL,
    conversation_id    BIGINT       NOT NULL,
    sender             VARCHAR(16)  NOT NULL,
    author_id          BIGINT       NULL,
    content            TEXT         NOT NULL,
    channel_id         BIGINT       NULL,
    channel_message_id VARCHAR(255) NULL,
    in_reply_to        BIGINT       NULL,
    created_at         DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_messages_company FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT fk_messages_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id),
    CONSTRAINT fk_messages_author FOREIGN KEY (author_id) REFERENCES users (id),
    CONSTRAINT fk_messages_channel FOREIGN KEY (channel_id) REFERENCES channels (id),
    CONSTRAINT fk_messages_in_reply_to FOREIGN KEY (in_reply_to) REFERENCES messages (id),
    CONSTRAINT ck_messages_sender CHECK (sender IN ('contact', 'ai', 'agent')),
    UNIQUE KEY uq_messages_channel_message (channel_id, channel_message_id),
    UNIQUE KEY uq_messages_in_reply_to (in_reply_to),
    KEY ix_messages_conversation (conversation_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:001-outbox
-- Rows are written in the transaction of the state they announce and relayed in id order.
CREATE TABLE outbox (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    topic          VARCHAR(200) NOT NULL,
    event_key      VARCHAR(200) NOT NULL,
    event_type     VARCHAR(100) NOT NULL,
    correlation_id VARCHAR(100) NOT NULL,
    payload        TEXT         NOT NULL,
    created_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    sent_at        DATETIME(6)  NULL,
    KEY ix_outbox_pending (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
