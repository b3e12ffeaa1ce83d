import type { FacilitySetup } from '../facilities/setupFile.ts';

// Shared setup-file data. The facilities are frozen: a test spreads one and adds its own bays (and
// anything else it varies), so no test can change what the others see.
type FacilityIdentity = Pick<FacilitySetup, 'slug' | 'name' | 'timezone' | 'phoneNumber'>;

/** Bedford as the tests' setup files name it, without bays or an OpenPhone number. */
export const bedfordFacility: Readonly<FacilityIdentity> = Object.freeze({
  slug: 'bedford',
  name: 'Bedford',
  timezone: 'America/Halifax',
  phoneNumber: '+19025550100',
});

/** A second facility, for tests about what staff of one facility may see of another. */
export const dartmouthFacility: Readonly<FacilityIdentity> = Object.freeze({
  slug: 'dartmouth',
  name: 'Dartmouth',
  timezone: 'America/Halifax',
  phoneNumber: '+19025550200',
});

/** The documented example setup file: Bedford with its OpenPhone number and two bays; a fresh copy each call. */
export function bedfordSetupFile() {
  return {
    facilities: [
      {
        ...bedfordFacility,
        openphoneNumberId: 'PNbedford',
        bays: [
          { number: 1, name: 'Bay 1', ninjaDeviceId: 101 },
          { number: 2, name: 'Bay 2', ninjaDeviceId: 102 },
        ],
      },
    ],
  };
}
