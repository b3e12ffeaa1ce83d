CREATE TABLE "bay_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bay_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	CONSTRAINT "bay_actions_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "bay_actions_kind_check" CHECK ("bay_actions"."kind" in ('restart-sim', 'reboot-pc')),
	CONSTRAINT "bay_actions_state_check" CHECK ("bay_actions"."state" in ('requested', 'running', 'succeeded', 'failed', 'timedOut')),
	CONSTRAINT "bay_actions_idempotency_key_check" CHECK (char_length("bay_actions"."idempotency_key") between 8 and 100)
);
--> statement-breakpoint
CREATE TABLE "bay_status" (
	"bay_id" uuid PRIMARY KEY NOT NULL,
	"online" boolean,
	"last_seen_at" timestamp with time zone,
	"offline_since" timestamp with time zone,
	"last_offline_at" timestamp with time zone,
	"attention_since" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bay_actions" ADD CONSTRAINT "bay_actions_bay_id_bays_id_fk" FOREIGN KEY ("bay_id") REFERENCES "public"."bays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bay_actions" ADD CONSTRAINT "bay_actions_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bay_actions" ADD CONSTRAINT "bay_actions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bay_status" ADD CONSTRAINT "bay_status_bay_id_bays_id_fk" FOREIGN KEY ("bay_id") REFERENCES "public"."bays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bay_actions_one_in_flight" ON "bay_actions" USING btree ("bay_id") WHERE "bay_actions"."state" in ('requested', 'running');--> statement-breakpoint
CREATE INDEX "bay_actions_bay_idx" ON "bay_actions" USING btree ("bay_id","requested_at");