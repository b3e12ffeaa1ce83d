CREATE TABLE "ai_agent_modes" (
	"facility_id" uuid NOT NULL,
	"agent" text NOT NULL,
	"mode" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_agent_modes_facility_id_agent_pk" PRIMARY KEY("facility_id","agent"),
	CONSTRAINT "ai_agent_modes_agent_check" CHECK ("ai_agent_modes"."agent" in ('emergency', 'booking', 'tech_support', 'brand')),
	CONSTRAINT "ai_agent_modes_mode_check" CHECK ("ai_agent_modes"."mode" in ('shadow', 'draft', 'auto'))
);
--> statement-breakpoint
CREATE TABLE "ai_controls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid,
	"global_row" smallint,
	"kill_switch" boolean DEFAULT false NOT NULL,
	"daily_budget_usd" numeric(10, 2),
	"budget_alerted_on" date,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_controls_facility_unique" UNIQUE("facility_id"),
	CONSTRAINT "ai_controls_global_unique" UNIQUE("global_row"),
	CONSTRAINT "ai_controls_scope_check" CHECK (("ai_controls"."facility_id" is null) = ("ai_controls"."global_row" is not null) and coalesce("ai_controls"."global_row", 1) = 1)
);
--> statement-breakpoint
CREATE TABLE "ai_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"source" text NOT NULL,
	"rating" text DEFAULT 'unhelpful' NOT NULL,
	"reason" text NOT NULL,
	"correction" text,
	"created_by" uuid,
	"analysed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_feedback_source_check" CHECK ("ai_feedback"."source" in ('staff', 'customer', 'edit'))
);
--> statement-breakpoint
CREATE TABLE "ai_model_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"facility_id" uuid,
	"run_id" uuid,
	"purpose" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL,
	"latency_ms" integer NOT NULL,
	"ok" boolean NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"trigger_message_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"query" text NOT NULL,
	"via" text NOT NULL,
	"agent" text NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"route_confidence" real,
	"mode" text,
	"body" text,
	"final_body" text,
	"reason" text,
	"reply_message_id" uuid,
	"sop_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model" text,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"reset_offer" jsonb,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_runs_trigger_kind_unique" UNIQUE("trigger_message_id","kind"),
	CONSTRAINT "ai_runs_kind_check" CHECK ("ai_runs"."kind" in ('safety', 'reply')),
	CONSTRAINT "ai_runs_state_check" CHECK ("ai_runs"."state" in ('shadow', 'draft', 'sent', 'discarded', 'handed_off', 'skipped')),
	CONSTRAINT "ai_runs_agent_check" CHECK ("ai_runs"."agent" in ('emergency', 'booking', 'tech_support', 'brand')),
	CONSTRAINT "ai_runs_via_check" CHECK ("ai_runs"."via" in ('rules', 'llm', 'offline'))
);
--> statement-breakpoint
CREATE TABLE "sop_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"path" text NOT NULL,
	"agent" text NOT NULL,
	"title" text NOT NULL,
	"current_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sop_documents_path_unique" UNIQUE("path"),
	CONSTRAINT "sop_documents_agent_check" CHECK ("sop_documents"."agent" in ('emergency', 'booking', 'tech_support', 'brand'))
);
--> statement-breakpoint
CREATE TABLE "sop_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"agent" text NOT NULL,
	"ordinal" integer NOT NULL,
	"heading" text NOT NULL,
	"body" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', "sop_sections"."heading"), 'A') || setweight(to_tsvector('english', "sop_sections"."body"), 'B')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sop_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"content_hash" text NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sop_versions_document_version_unique" UNIQUE("document_id","version"),
	CONSTRAINT "sop_versions_source_check" CHECK ("sop_versions"."source" in ('import', 'edit', 'proposal', 'rollback'))
);
--> statement-breakpoint
ALTER TABLE "ai_agent_modes" ADD CONSTRAINT "ai_agent_modes_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_agent_modes" ADD CONSTRAINT "ai_agent_modes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_controls" ADD CONSTRAINT "ai_controls_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_controls" ADD CONSTRAINT "ai_controls_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_feedback" ADD CONSTRAINT "ai_feedback_run_id_ai_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ai_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_feedback" ADD CONSTRAINT "ai_feedback_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_feedback" ADD CONSTRAINT "ai_feedback_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_model_calls" ADD CONSTRAINT "ai_model_calls_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_model_calls" ADD CONSTRAINT "ai_model_calls_run_id_ai_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ai_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_runs" ADD CONSTRAINT "ai_runs_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_runs" ADD CONSTRAINT "ai_runs_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_runs" ADD CONSTRAINT "ai_runs_trigger_message_id_messages_id_fk" FOREIGN KEY ("trigger_message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_runs" ADD CONSTRAINT "ai_runs_reply_message_id_messages_id_fk" FOREIGN KEY ("reply_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_runs" ADD CONSTRAINT "ai_runs_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_documents" ADD CONSTRAINT "sop_documents_current_version_id_sop_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."sop_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_sections" ADD CONSTRAINT "sop_sections_version_id_sop_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."sop_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_sections" ADD CONSTRAINT "sop_sections_document_id_sop_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."sop_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_versions" ADD CONSTRAINT "sop_versions_document_id_sop_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."sop_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_versions" ADD CONSTRAINT "sop_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_feedback_created_idx" ON "ai_feedback" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ai_feedback_run_idx" ON "ai_feedback" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "ai_model_calls_facility_idx" ON "ai_model_calls" USING btree ("facility_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_runs_thread_idx" ON "ai_runs" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_runs_facility_idx" ON "ai_runs" USING btree ("facility_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_runs_reply_message_idx" ON "ai_runs" USING btree ("reply_message_id");--> statement-breakpoint
CREATE INDEX "sop_sections_search_idx" ON "sop_sections" USING gin ("search");--> statement-breakpoint
CREATE INDEX "sop_sections_version_idx" ON "sop_sections" USING btree ("version_id","ordinal");