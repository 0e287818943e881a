--liquibase formatted sql

--changeset omni:011-provider-id-collation
-- Providers' message ids are case-sensitive (WhatsApp's wamids are base64): compared under the
-- tables' utf8mb4_unicode_ci, 'wamid.CaSe' and 'wamid.cAsE' (or ids that differ in an accent)
-- were one message, and the second was answered as a retry and never stored. They now compare
-- byte for byte. Rows distinct before stay distinct, so existing data migrates as it is.
ALTER TABLE messages
    MODIFY channel_message_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    MODIFY provider_message_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
--rollback ALTER TABLE messages MODIFY channel_message_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL, MODIFY provider_message_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL;
