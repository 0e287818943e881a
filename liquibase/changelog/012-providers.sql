--liquibase formatted sql

--changeset omni:012-channel-providers
-- Which provider's format a channel speaks (generic: our own JSON), its account's non-secret
-- fields as JSON, and its secret ones sealed (AES-256-GCM under OMNI_SECRETS_KEY, v1:...). The
-- webhook secret is sealed too, so it needs room for the ciphertext; the API seals any value it
-- finds unsealed when it starts.
ALTER TABLE channels
    ADD COLUMN provider VARCHAR(32) NOT NULL DEFAULT 'generic',
    ADD COLUMN provider_config TEXT NULL,
    ADD COLUMN provider_secrets TEXT NULL,
    MODIFY webhook_secret VARCHAR(512) NULL,
    ADD CONSTRAINT ck_channels_provider
        CHECK (provider IN ('generic', 'whatsapp_cloud', 'twilio', 'telegram'));
--rollback ALTER TABLE channels DROP CONSTRAINT ck_channels_provider, DROP COLUMN provider, DROP COLUMN provider_config, DROP COLUMN provider_secrets, MODIFY webhook_secret VARCHAR(128) NULL;

--changeset omni:012-message-types
-- What a message carries (WhatsApp's type names; text for every message before) and, for media,
-- locations and reactions, the provider's description of it as JSON.
ALTER TABLE messages
    ADD COLUMN type VARCHAR(32) NOT NULL DEFAULT 'text',
    ADD COLUMN media TEXT NULL;
--rollback ALTER TABLE messages DROP COLUMN type, DROP COLUMN media;

--changeset omni:012-telegram-contacts
-- A Telegram bot knows its contacts by chat id, not by phone number.
ALTER TABLE contacts
    ADD COLUMN telegram_chat_id VARCHAR(32) NULL,
    ADD UNIQUE KEY uq_contacts_company_telegram (company_id, telegram_chat_id);
--rollback ALTER TABLE contacts DROP INDEX uq_contacts_company_telegram, DROP COLUMN telegram_chat_id;

--changeset omni:012-early-provider-statuses
-- A provider's status callback can arrive before the gateway's report of the send that gave the
-- message its provider id. Such a status waits here and is applied once the id is recorded; one
-- never matched is dropped after a day.
CREATE TABLE early_provider_statuses (
    company_id          BIGINT       NOT NULL,
    channel_id          BIGINT       NOT NULL,
    provider_message_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    error               VARCHAR(500) NULL,
    received_at         DATETIME(6)  NOT NULL,
    PRIMARY KEY (channel_id, provider_message_id, status),
    KEY ix_early_provider_statuses_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE early_provider_statuses;

--changeset omni:012-demo-provider-channels context:demo
-- One channel of each real provider for Acme, pointed at the provider simulator
-- (DEMO_SIMULATOR_URL; empty: the providers' real APIs). Their demo credentials are published in
-- docs/providers.md; the API seals the secrets when it starts.
INSERT INTO channels (id, company_id, name, type, provider, provider_config, provider_secrets, created_at) VALUES
    (3, 1, 'WhatsApp Cloud', 'whatsapp', 'whatsapp_cloud',
     CONCAT('{"phone_number_id":"106540352242922","api_base_url":"',
            COALESCE(NULLIF(CONCAT('${demo_simulator_url}', '/whatsapp/v23.0'), '/whatsapp/v23.0'), 'https://graph.facebook.com/v23.0'), '"}'),
     '{"access_token":"demo-whatsapp-access-token","app_secret":"demo-whatsapp-app-secret","verify_token":"demo-whatsapp-verify-token"}',
     '2024-01-01 00:00:00'),
    (4, 1, 'Twilio SMS', 'sms', 'twilio',
     CONCAT('{"account_sid":"AC00000000000000000000000000000001","from":"+15005550006","api_base_url":"',
            COALESCE(NULLIF(CONCAT('${demo_simulator_url}', '/twilio'), '/twilio'), 'https://api.twilio.com'), '"}'),
     '{"auth_token":"demo-twilio-auth-token"}',
     '2024-01-01 00:00:00'),
    (5, 1, 'Telegram Bot', 'telegram', 'telegram',
     CONCAT('{"api_base_url":"',
            COALESCE(NULLIF(CONCAT('${demo_simulator_url}', '/telegram'), '/telegram'), 'https://api.telegram.org'), '"}'),
     '{"bot_token":"123456789:demo-telegram-bot-token","secret_token":"demo-telegram-secret-token"}',
     '2024-01-01 00:00:00');
--rollback DELETE FROM channels WHERE id IN (3, 4, 5);
