--liquibase formatted sql

--changeset omni:007-company-assistant-instructions
-- What a company tells its AI assistant (tone, policies, when to ask for a human); sent to the
-- model with every inbound message of an AI-owned conversation. NULL: none.
ALTER TABLE companies ADD COLUMN assistant_instructions TEXT NULL;
--rollback ALTER TABLE companies DROP COLUMN assistant_instructions;
