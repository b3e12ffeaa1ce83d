/**
 * The facilities a query may touch: explicit ids, or 'all' for an admin with no filter. The tRPC
 * scoping middleware computes it; services and repositories only apply it.
 */
export type FacilityScope = string[] | 'all';
