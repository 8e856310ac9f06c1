-- Automatic warning calls (issue 19): one job per instruction called automatically, claimed
-- with a lease (as sms_outbox) so two record-store instances never call one person twice,
-- and one row per call made with its outcome. Times are epoch ms from the caller's clock
-- (tests pin it); leases carry their own end, so instances need not agree exactly.
CREATE TABLE "auto_call_jobs" (
	"instruction_id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"claimed_by" text,
	"claimed_until" bigint,
	"last_outcome" text,
	"escalation" text,
	"priority" boolean DEFAULT false NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "auto_call_jobs_status_check" CHECK ("auto_call_jobs"."status" in ('queued', 'acknowledged', 'sms-fallback', 'escalated', 'taken-over'))
);
--> statement-breakpoint
ALTER TABLE "auto_call_jobs" ADD CONSTRAINT "auto_call_jobs_instruction_id_warning_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."warning_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auto_call_jobs_due_idx" ON "auto_call_jobs" USING btree ("status","next_attempt_at");--> statement-breakpoint
-- result: the agents' attempt code (answered, busy, no-answer, invalid-number) or null for a
-- network failure; outcome: the automatic call's own finer code (pressed-1, pressed-2, …).
CREATE TABLE "auto_call_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instruction_id" uuid NOT NULL,
	"at" bigint NOT NULL,
	"number" text NOT NULL,
	"outcome" text NOT NULL,
	"result" text,
	"caller" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auto_call_attempts" ADD CONSTRAINT "auto_call_attempts_instruction_id_warning_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."warning_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auto_call_attempts_instruction_idx" ON "auto_call_attempts" USING btree ("instruction_id","at");
