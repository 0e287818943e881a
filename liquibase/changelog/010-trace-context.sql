--liquibase formatted sql

--changeset omni:010-trace-context
-- The W3C traceparent of the span that wrote the row, so that the trace of an inbound message goes
-- on when the relay publishes the row later, from another thread, and when a reply's delivery is
-- requested. NULL when tracing is off.
ALTER TABLE outbox ADD COLUMN trace_parent VARCHAR(55) NULL;
ALTER TABLE messages ADD COLUMN trace_parent VARCHAR(55) NULL;
--rollback ALTER TABLE outbox DROP COLUMN trace_parent; ALTER TABLE messages DROP COLUMN trace_parent;
