-- Automatic-call progress for the desks (issue 19): the policy's number of calls in force when
-- the job was made, so the queue can show "call n of m" without knowing the caller's settings.
-- Null for jobs made before this column existed.
ALTER TABLE "auto_call_jobs" ADD COLUMN "max_attempts" integer;
