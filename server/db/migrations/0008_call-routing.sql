-- Call routing (issue 16): the PBX asks the record store which ready agent takes a 96110
-- call (server/routing). One row per call the PBX asked about, in arrival order.
CREATE TABLE "routing_calls" (
	"call_id" text PRIMARY KEY NOT NULL,
	"caller" text NOT NULL,
	"state" text DEFAULT 'waiting' NOT NULL,
	"arrived_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL,
	"agent_user_id" uuid,
	"offers" integer DEFAULT 0 NOT NULL,
	"answered_at" bigint,
	"ended_at" bigint,
	"abandoned_while" text,
	CONSTRAINT "routing_calls_state_check" CHECK ("routing_calls"."state" in ('waiting', 'offered', 'answered', 'abandoned', 'overflow')),
	CONSTRAINT "routing_calls_abandoned_while_check" CHECK ("routing_calls"."abandoned_while" is null or "routing_calls"."abandoned_while" in ('queue', 'ringing'))
);
--> statement-breakpoint
-- Per agent: the call it is reserved for (two calls never get the same agent), the routed
-- call it answered (busy until its state changes again) and a rest after a missed offer
-- (over early when the agent changes state, e.g. presses ready again).
CREATE TABLE "agent_routing" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"reserved_call_id" text,
	"reserved_until" bigint,
	"busy_status_seq" bigint,
	"skip_until" bigint,
	"skip_status_seq" bigint
);
--> statement-breakpoint
-- Every call-back of a missed caller and its result (the open call-back list is derived).
CREATE TABLE "callback_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"caller" text NOT NULL,
	"agent_user_id" uuid NOT NULL,
	"at" bigint NOT NULL,
	"result" text NOT NULL,
	CONSTRAINT "callback_attempts_result_check" CHECK ("callback_attempts"."result" in ('reached', 'no-answer', 'busy', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "routing_calls" ADD CONSTRAINT "routing_calls_agent_user_id_users_id_fk" FOREIGN KEY ("agent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_routing" ADD CONSTRAINT "agent_routing_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_agent_user_id_users_id_fk" FOREIGN KEY ("agent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_calls_state_arrived_idx" ON "routing_calls" USING btree ("state","arrived_at");--> statement-breakpoint
CREATE INDEX "routing_calls_arrived_idx" ON "routing_calls" USING btree ("arrived_at");--> statement-breakpoint
CREATE INDEX "routing_calls_caller_idx" ON "routing_calls" USING btree ("caller");--> statement-breakpoint
CREATE INDEX "callback_attempts_caller_idx" ON "callback_attempts" USING btree ("caller","at");
