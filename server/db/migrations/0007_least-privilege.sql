ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('call-taker', 'warning-officer', 'supervisor', 'station-officer', 'admin', 'auditor'));--> statement-breakpoint
-- Least privilege (issue 15): the record store connects as a login that is a member of
-- `hotline_app`, never as the owner of the tables. The owner (who runs these migrations)
-- keeps DDL; the application may read and write the working tables, and may only INSERT
-- and SELECT audit events: no UPDATE, DELETE, TRUNCATE or TRIGGER, and not being the owner
-- it can neither ALTER/DISABLE the append-only trigger nor set session_replication_role.
-- The role is cluster-wide, hence created only when missing; NOLOGIN so that production
-- creates its own login with its own password: CREATE ROLE hotline_app_login LOGIN
-- PASSWORD '…' IN ROLE hotline_app (README, "Production setup").
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hotline_app') THEN
    CREATE ROLE hotline_app NOLOGIN;
  END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO hotline_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hotline_app;--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO hotline_app;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM hotline_app;--> statement-breakpoint
-- Tables of later migrations (run by the same owner) get the same working grants; a later
-- migration that adds another append-only table must revoke as above.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hotline_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO hotline_app;--> statement-breakpoint
-- The record store checks its migrations at start; it reads the journal, never writes it.
GRANT USAGE ON SCHEMA drizzle TO hotline_app;--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO hotline_app;
