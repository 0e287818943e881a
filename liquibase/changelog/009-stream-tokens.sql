--liquibase formatted sql

--changeset omni:009-stream-tokens
-- Short-lived, single-use tokens that open one event stream (browsers' EventSource cannot send an
-- Authorization header). Only the token's SHA-256 is stored.
CREATE TABLE stream_tokens (
    token_hash CHAR(64)    NOT NULL PRIMARY KEY,
    company_id BIGINT      NOT NULL,
    api_key_id BIGINT      NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6) NULL,
    CONSTRAINT fk_stream_tokens_company FOREIGN KEY (company_id) REFERENCES companies (id),
    KEY ix_stream_tokens_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE stream_tokens;
