-- applied_mutations retention (issue 18). A client may send each mutation's outbox number
-- (client_seq, increasing per local database) and, with each push, the number through which
-- every mutation of its outbox is acknowledged (acked_through). Rows at or below that point
-- can never be replayed by that client, so compaction may delete them after a grace window;
-- a replay that still arrives (a stale second window) is refused as already acknowledged
-- instead of being applied again. Rows without client_seq (older clients) are kept.
ALTER TABLE "applied_mutations" ADD COLUMN "client_seq" bigint;--> statement-breakpoint
CREATE INDEX "applied_mutations_client_seq_idx" ON "applied_mutations" USING btree ("client_id", "client_seq") WHERE "client_seq" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "sync_clients" (
	"user_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"acked_through" bigint DEFAULT 0 NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_clients_pkey" PRIMARY KEY ("user_id", "client_id")
);--> statement-breakpoint
ALTER TABLE "sync_clients" ADD CONSTRAINT "sync_clients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
