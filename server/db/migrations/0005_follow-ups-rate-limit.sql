CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid,
	"call_record_id" uuid,
	"caller_number" text,
	"due_at" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"created_at" bigint NOT NULL,
	"done_at" bigint,
	"updated_seq" bigint NOT NULL,
	CONSTRAINT "follow_ups_state_check" CHECK ("follow_ups"."state" in ('open', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "warning_instructions" ADD COLUMN "fraud_report_case_id" uuid;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_ups_org_due_idx" ON "follow_ups" USING btree ("org_unit_id","due_at");--> statement-breakpoint
CREATE INDEX "follow_ups_assignee_idx" ON "follow_ups" USING btree ("assignee_id","state");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_window_idx" ON "rate_limit_hits" USING btree ("window_start");