-- Old tombstones are found through this small partial index (tombstones are few), so
-- compaction's purge costs what it removes, not a scan of the whole change log (issue 18).
CREATE INDEX IF NOT EXISTS "change_log_tombstone_idx" ON "change_log" USING btree ("seq") WHERE "data" IS NULL OR "data" = 'null'::jsonb;
