CREATE TABLE "sop_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sop_path" text NOT NULL,
	"agent" text NOT NULL,
	"document_id" uuid,
	"base_version_id" uuid,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"rationale" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"new_content" text NOT NULL,
	"diff_key" text NOT NULL,
	"changed_lines" integer DEFAULT 0 NOT NULL,
	"refusals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eval_report" jsonb,
	"model" text,
	"cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL,
	"facility_id" uuid,
	"author_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"override_reason" text,
	"applied_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sop_proposals_status_check" CHECK ("sop_proposals"."status" in ('guardrail_rejected', 'evaluating', 'pending_review', 'blocked_by_eval', 'approved', 'rejected', 'superseded')),
	CONSTRAINT "sop_proposals_source_check" CHECK ("sop_proposals"."source" in ('claude', 'correction', 'manager_edit'))
);
--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD CONSTRAINT "sop_proposals_document_id_sop_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."sop_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD CONSTRAINT "sop_proposals_base_version_id_sop_versions_id_fk" FOREIGN KEY ("base_version_id") REFERENCES "public"."sop_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD CONSTRAINT "sop_proposals_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD CONSTRAINT "sop_proposals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD CONSTRAINT "sop_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD CONSTRAINT "sop_proposals_applied_version_id_sop_versions_id_fk" FOREIGN KEY ("applied_version_id") REFERENCES "public"."sop_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sop_proposals_one_open_per_sop" ON "sop_proposals" USING btree ("sop_path") WHERE "sop_proposals"."status" in ('evaluating', 'pending_review', 'blocked_by_eval');--> statement-breakpoint
CREATE INDEX "sop_proposals_diff_key_idx" ON "sop_proposals" USING btree ("diff_key");--> statement-breakpoint
CREATE INDEX "sop_proposals_status_idx" ON "sop_proposals" USING btree ("status","created_at");