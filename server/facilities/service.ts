import { canonicalJson } from '../audit/chain.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuditContext } from '../audit/types.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { BayRow, FacilityRow } from '../db/schema/index.ts';
import type { Tx } from '../db/types.ts';
import { DomainError, notFound } from '../errors.ts';
import type { ServiceDeps } from '../services.ts';
import {
  type BayValues,
  baysOf,
  clearPhoneNumbers,
  type FacilityValues,
  findFacilitiesByPhoneNumbers,
  findFacilitiesBySlugs,
  findFacility,
  insertBay,
  insertFacility,
  listFacilities,
  updateBay,
  updateFacility,
} from './repository.ts';
import type { FacilityScope } from './scope.ts';
import type { FacilitySetup, SetupFile } from './setupFile.ts';

export type SetupSummary = {
  facilitiesCreated: number;
  facilitiesUpdated: number;
  baysCreated: number;
  baysUpdated: number;
};

export type FacilityWithBays = FacilityRow & { bays: BayRow[] };

/** What every step of one setup shares. */
type SetupRun = { tx: Tx; now: Date; auditContext: AuditContext; summary: SetupSummary };

/** Checks against the outside world (NinjaOne) that a setup file must pass before anything is written. */
export type SetupCheck = (file: SetupFile) => Promise<void>;

export class FacilityService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly checkSetup: SetupCheck = async () => {},
  ) {}

  /**
   * Upserts facilities by slug and bays by (facility, number) in one transaction, so a failure
   * anywhere writes nothing. Unchanged rows are left alone, so re-applying a file is a no-op.
   * Bays missing from the file are kept: removing a bay is a separate, deliberate act.
   */
  async applySetup(file: SetupFile, auditContext: AuditContext): Promise<SetupSummary> {
    // Before the transaction: a network call must not hold it open.
    await this.checkSetup(file);
    const now = this.deps.now();
    try {
      return await this.deps.db.transaction(async (tx) => {
        const summary: SetupSummary = {
          facilitiesCreated: 0,
          facilitiesUpdated: 0,
          baysCreated: 0,
          baysUpdated: 0,
        };
        const run: SetupRun = { tx, now, auditContext, summary };
        const slugs = file.facilities.map((f) => f.slug);
        const existing = new Map((await findFacilitiesBySlugs(tx, slugs)).map((row) => [row.slug, row]));
        await this.freePhoneNumbers(tx, file, existing);
        for (const facility of file.facilities) {
          const row = await this.upsertFacility(run, facility, existing.get(facility.slug));
          await this.upsertBays(run, row, facility);
        }
        return summary;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'conflict',
          'The setup file conflicts with an existing facility (slug or phone number)',
        );
      }
      throw error;
    }
  }

  /** A facility's id from its slug, for procedures addressed by slug; undefined when there is none. */
  async idOfSlug(slug: string): Promise<string | undefined> {
    const [row] = await findFacilitiesBySlugs(this.deps.db, [slug]);
    return row?.id;
  }

  list(facilityScope: FacilityScope) {
    return listFacilities(this.deps.db, facilityScope);
  }

  async get(facilityId: string): Promise<FacilityWithBays> {
    const facility = await findFacility(this.deps.db, facilityId);
    if (!facility) throw notFound('Facility');
    return { ...facility, bays: await baysOf(this.deps.db, facilityId) };
  }

  /**
   * A phone number may move between facilities in the same file (a swap), so numbers that change
   * are released first. A number still held by a facility outside the file is a conflict.
   */
  private async freePhoneNumbers(tx: Tx, file: SetupFile, existing: Map<string, FacilityRow>) {
    const holders = await findFacilitiesByPhoneNumbers(
      tx,
      file.facilities.map((f) => f.phoneNumber),
    );
    for (const holder of holders) {
      if (existing.has(holder.slug)) continue;
      const index = file.facilities.findIndex((f) => f.phoneNumber === holder.phoneNumber);
      throw new DomainError(
        'conflict',
        `facilities[${index}].phoneNumber: ${holder.phoneNumber} is already used by facility "${holder.slug}"`,
      );
    }
    const moving = file.facilities.flatMap((f) => {
      const current = existing.get(f.slug);
      return current && current.phoneNumber !== f.phoneNumber ? [current.id] : [];
    });
    await clearPhoneNumbers(tx, moving);
  }

  private async upsertFacility(
    { tx, now, auditContext, summary }: SetupRun,
    facility: FacilitySetup,
    current: FacilityRow | undefined,
  ): Promise<FacilityRow> {
    const values: FacilityValues = {
      slug: facility.slug,
      name: facility.name,
      timezone: facility.timezone,
      phoneNumber: facility.phoneNumber,
      // Optional fields left out of the file keep what is stored, so settings edited elsewhere survive.
      openphoneNumberId: facility.openphoneNumberId ?? current?.openphoneNumberId ?? null,
      settings: {
        ...current?.settings,
        ...facility.settings,
        ...(facility.actions ? { actions: facility.actions } : {}),
      },
    };
    if (!current) {
      const row = await insertFacility(tx, values, now);
      summary.facilitiesCreated++;
      await recordAudit(tx, auditContext, {
        action: 'facility.created',
        targetType: 'facility',
        targetId: row.id,
        facilityId: row.id,
        after: values,
      });
      return row;
    }
    const before = facilityValuesOf(current);
    if (canonicalJson(before) === canonicalJson(values)) return current;
    const row = await updateFacility(tx, current.id, values, now);
    summary.facilitiesUpdated++;
    await recordAudit(tx, auditContext, {
      action: 'facility.updated',
      targetType: 'facility',
      targetId: row.id,
      facilityId: row.id,
      before,
      after: values,
    });
    return row;
  }

  private async upsertBays(
    { tx, now, auditContext, summary }: SetupRun,
    facility: FacilityRow,
    setup: FacilitySetup,
  ) {
    const stored = new Map((await baysOf(tx, facility.id)).map((bay) => [bay.number, bay]));
    for (const bay of setup.bays) {
      const values: BayValues = { number: bay.number, name: bay.name, ninjaDeviceId: bay.ninjaDeviceId };
      const current = stored.get(bay.number);
      const audit = { targetType: 'bay', facilityId: facility.id };
      if (!current) {
        const row = await insertBay(tx, facility.id, values, now);
        summary.baysCreated++;
        await recordAudit(tx, auditContext, {
          ...audit,
          action: 'bay.created',
          targetId: row.id,
          after: values,
        });
        continue;
      }
      if (current.name === values.name && current.ninjaDeviceId === values.ninjaDeviceId) continue;
      await updateBay(tx, current.id, values, now);
      summary.baysUpdated++;
      await recordAudit(tx, auditContext, {
        ...audit,
        action: 'bay.updated',
        targetId: current.id,
        before: { number: current.number, name: current.name, ninjaDeviceId: current.ninjaDeviceId },
        after: values,
      });
    }
  }
}

function facilityValuesOf(row: FacilityRow) {
  return {
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    phoneNumber: row.phoneNumber,
    openphoneNumberId: row.openphoneNumberId,
    settings: row.settings,
  };
}
