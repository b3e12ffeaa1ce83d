export * from './ai.ts';
export * from './audit.ts';
export * from './bays.ts';
export * from './events.ts';
export * from './facilities.ts';
export * from './messaging.ts';
export * from './sops.ts';
export * from './users.ts';
