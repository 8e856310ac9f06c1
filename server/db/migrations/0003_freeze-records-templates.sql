CREATE TABLE "freeze_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"holder_name" text NOT NULL,
	"id_number" text,
	"phone" text,
	"account_kind" text NOT NULL,
	"account_number" text NOT NULL,
	"institution" text NOT NULL,
	"measure_type" text NOT NULL,
	"authority" text NOT NULL,
	"authority_phone" text NOT NULL,
	"notice_number" text NOT NULL,
	"starts_at" bigint NOT NULL,
	"expires_at" bigint,
	"holder_role" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "freeze_records_measure_check" CHECK ("freeze_records"."measure_type" in ('protective-stop-payment', 'emergency-stop-payment', 'freeze', 'bank-risk-control')),
	CONSTRAINT "freeze_records_role_check" CHECK ("freeze_records"."holder_role" in ('victim', 'payee')),
	CONSTRAINT "freeze_records_status_check" CHECK ("freeze_records"."status" in ('active', 'released', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"channel" text NOT NULL,
	"scenario" text NOT NULL,
	"fraud_type" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "templates_channel_check" CHECK ("templates"."channel" in ('script', 'sms'))
);
--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "freeze_records_source_key" ON "freeze_records" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "freeze_records_account_idx" ON "freeze_records" USING btree ("account_number");--> statement-breakpoint
CREATE INDEX "freeze_records_id_number_idx" ON "freeze_records" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "freeze_records_phone_idx" ON "freeze_records" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "freeze_records_name_account_tail_idx" ON "freeze_records" USING btree ("holder_name",right("account_number", 4));--> statement-breakpoint
CREATE INDEX "freeze_records_name_id_tail_idx" ON "freeze_records" USING btree ("holder_name",right("id_number", 4));--> statement-breakpoint
CREATE UNIQUE INDEX "templates_key_version_key" ON "templates" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "org_units_parent_idx" ON "org_units" USING btree ("parent_id");