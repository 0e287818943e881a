--liquibase formatted sql

--changeset omni:003-api-keys
-- Keys are random and long, so a SHA-256 hash is enough to make a leaked table useless.
CREATE TABLE api_keys (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id BIGINT      NOT NULL,
    key_hash   CHAR(64)    NOT NULL,
    key_prefix VARCHAR(16) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    revoked_at DATETIME(6) NULL,
    CONSTRAINT fk_api_keys_company FOREIGN KEY (company_id) REFERENCES companies (id),
    UNIQUE KEY uq_api_keys_hash (key_hash),
    KEY ix_api_keys_company (company_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--changeset omni:003-channel-webhook-secret
-- The HMAC key providers sign webhook bodies with; NULL means the channel accepts unsigned ones.
ALTER TABLE channels ADD COLUMN webhook_secret VARCHAR(128) NULL;

--changeset omni:003-demo-tenancy context:demo
-- Demo only: acme-demo-key (company 1), globex-demo-key (company 2); channel 2 signs with
-- globex-webhook-secret.
INSERT INTO api_keys (company_id, key_hash, key_prefix, created_at) VALUES
    (1, '8676d15d94dabdd1283e6c407e2bb08a7b5c13b4e3667d4795c17172e080a3d4', 'acme-dem', '2024-01-01 00:00:00'),
    (2, '2e2764ef486a4aa498e60ef5ed6b88ce7dd8bfc8b3309c5c15950a5c3d1a8c20', 'globex-d', '2024-01-01 00:00:00');
UPDATE channels SET webhook_secret = 'globex-webhook-secret' WHERE id = 2;
--rollback DELETE FROM api_keys WHERE company_id IN (1, 2) AND key_prefix IN ('acme-dem', 'globex-d'); UPDATE channels SET webhook_secret = NULL WHERE id = 2;
