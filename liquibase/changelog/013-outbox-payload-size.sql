--liquibase formatted sql

--changeset omni:013-outbox-payload-size
-- An inbound message's event carries its text, the assistant's instructions and the earlier
-- messages (each bounded); JSON writes a control character as six bytes, so the largest event is
-- about 100 KB, past the 64 KiB of a TEXT column, whose refused insert lost the message. MEDIUMTEXT
-- holds 16 MiB. The change rebuilds the table: run it while the outbox is small (it is pruned).
ALTER TABLE outbox MODIFY payload MEDIUMTEXT NOT NULL;
--rollback ALTER TABLE outbox MODIFY payload TEXT NOT NULL;
