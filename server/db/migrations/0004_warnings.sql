CREATE TABLE "sms_dev_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to_number" text NOT NULL,
	"body" text NOT NULL,
	"outbox_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instruction_id" uuid,
	"to_number" text NOT NULL,
	"body" text NOT NULL,
	"template_key" text NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"requested_by" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"provider" text,
	"provider_message_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "sms_outbox_status_check" CHECK ("sms_outbox"."status" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "warning_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instruction_id" uuid NOT NULL,
	"at" bigint NOT NULL,
	"agent_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"number" text NOT NULL,
	"result" text NOT NULL,
	"call_record_id" uuid
);
--> statement-breakpoint
CREATE TABLE "warning_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instruction_id" uuid NOT NULL,
	"at" bigint NOT NULL,
	"agent_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"name" text NOT NULL,
	"number" text NOT NULL,
	"result" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_instructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" text NOT NULL,
	"grade" text NOT NULL,
	"person_name" text NOT NULL,
	"phones" jsonb NOT NULL,
	"id_number" text,
	"fraud_type" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"issued_at" bigint NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"assignee_id" uuid,
	"state" text DEFAULT 'issued' NOT NULL,
	"state_at" bigint NOT NULL,
	"grade_history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"void_reason" text,
	"feedback" text,
	"evaluation" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_seq" bigint NOT NULL,
	CONSTRAINT "warning_instructions_grade_check" CHECK ("warning_instructions"."grade" in ('extreme', 'high', 'medium', 'low'))
);
--> statement-breakpoint
CREATE TABLE "warning_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instruction_id" uuid NOT NULL,
	"station_unit_id" uuid NOT NULL,
	"dispatched_at" bigint NOT NULL,
	"dispatched_by" uuid NOT NULL,
	"officer" text,
	"met_at" bigint,
	"place" text,
	"result" text,
	"returned_at" bigint
);
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_instruction_id_warning_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."warning_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_attempts" ADD CONSTRAINT "warning_attempts_instruction_id_warning_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."warning_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_attempts" ADD CONSTRAINT "warning_attempts_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_contacts" ADD CONSTRAINT "warning_contacts_instruction_id_warning_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."warning_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_contacts" ADD CONSTRAINT "warning_contacts_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_instructions" ADD CONSTRAINT "warning_instructions_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_instructions" ADD CONSTRAINT "warning_instructions_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_visits" ADD CONSTRAINT "warning_visits_instruction_id_warning_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."warning_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_visits" ADD CONSTRAINT "warning_visits_station_unit_id_org_units_id_fk" FOREIGN KEY ("station_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_visits" ADD CONSTRAINT "warning_visits_dispatched_by_users_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_outbox_status_idx" ON "sms_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "warning_attempts_instruction_idx" ON "warning_attempts" USING btree ("instruction_id","at");--> statement-breakpoint
CREATE INDEX "warning_contacts_instruction_idx" ON "warning_contacts" USING btree ("instruction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_instructions_source_key" ON "warning_instructions" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "warning_instructions_org_state_idx" ON "warning_instructions" USING btree ("org_unit_id","state");--> statement-breakpoint
CREATE INDEX "warning_visits_instruction_idx" ON "warning_visits" USING btree ("instruction_id");--> statement-breakpoint
CREATE INDEX "warning_visits_station_idx" ON "warning_visits" USING btree ("station_unit_id","returned_at");