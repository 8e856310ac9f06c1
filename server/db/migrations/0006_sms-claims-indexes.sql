ALTER TABLE "sms_outbox" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "change_log_entity_idx" ON "change_log" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "warning_instructions_id_number_idx" ON "warning_instructions" USING btree ("id_number");