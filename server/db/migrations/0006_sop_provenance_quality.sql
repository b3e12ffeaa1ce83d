CREATE TABLE "sop_quality_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"previous_version_id" uuid NOT NULL,
	"replies" integer NOT NULL,
	"flagged" integer NOT NULL,
	"previous_replies" integer NOT NULL,
	"previous_flagged" integer NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sop_quality_alerts_version_unique" UNIQUE("version_id"),
	CONSTRAINT "sop_quality_alerts_state_check" CHECK ("sop_quality_alerts"."state" in ('open', 'rolled_back', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "sop_proposals" ADD COLUMN "eval_cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sop_versions" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "sop_versions" ADD COLUMN "proposal_id" uuid;--> statement-breakpoint
ALTER TABLE "sop_quality_alerts" ADD CONSTRAINT "sop_quality_alerts_document_id_sop_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."sop_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_quality_alerts" ADD CONSTRAINT "sop_quality_alerts_version_id_sop_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."sop_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_quality_alerts" ADD CONSTRAINT "sop_quality_alerts_previous_version_id_sop_versions_id_fk" FOREIGN KEY ("previous_version_id") REFERENCES "public"."sop_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_quality_alerts" ADD CONSTRAINT "sop_quality_alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sop_quality_alerts_state_idx" ON "sop_quality_alerts" USING btree ("state","created_at");--> statement-breakpoint
ALTER TABLE "sop_versions" ADD CONSTRAINT "sop_versions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_runs_sop_refs_idx" ON "ai_runs" USING gin ("sop_refs" jsonb_path_ops);