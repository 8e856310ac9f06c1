-- SIP digest accounts (issue 14): the PBX authenticates every REGISTER and INVITE of an agent
-- against these. Only HA1 = md5(username:realm:password) is kept (what a digest check needs,
-- never the password); the realm is stored beside it because an HA1 is only valid for the
-- realm it was made with. user_id is set for a user's own phone (username = their extension)
-- and null for a device account (the demo's caller simulator, the automatic caller).
CREATE TABLE "sip_accounts" (
	"username" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"realm" text NOT NULL,
	"ha1" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sip_accounts_ha1_check" CHECK ("sip_accounts"."ha1" ~ '^[0-9a-f]{32}$'),
	CONSTRAINT "sip_accounts_username_check" CHECK ("sip_accounts"."username" ~ '^[0-9A-Za-z._+-]{1,64}$')
);
--> statement-breakpoint
ALTER TABLE "sip_accounts" ADD CONSTRAINT "sip_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sip_accounts_user_key" ON "sip_accounts" USING btree ("user_id");
