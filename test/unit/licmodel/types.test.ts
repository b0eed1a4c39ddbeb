import { describe, expect, it } from 'vitest';
import { licenseType, needsServer, servable } from '../../../src/licmodel/license-type.js';
import { parseCount } from '../../../src/licmodel/license.js';
import { lic } from './factory.js';

describe('count — "The count field defines the license type"', () => {
  it.each([
    ['10', 10],
    // "0 or uncounted indicates an uncounted license"
    ['0', 'uncounted'],
    ['uncounted', 'uncounted'],
    ['UNCOUNTED', 'uncounted'],
    ['single', 'single'],
    // "token, token_bound, and token_unlocked are used to specify a Token-Based License"
    ['token', 'token'],
    ['token_bound', 'token'],
    ['token_unlocked', 'token'],
    ['token_locked', 'token'],
    // "Meter indicates a metered license"
    ['meter', 'metered'],
    ['x12', null],
    ['-1', null],
  ])('%s → %s', (raw, want) => {
    expect(parseCount(raw)).toBe(want);
  });
});

describe('licenseType and needsServer', () => {
  it.each([
    // "If the counted license has no hostid, it is a floating license."
    ['LICENSE i p 1.0 permanent 5', 'floating', true],
    // "if a counted license has a hostid associated with it, it becomes a nodelocked, counted license"
    ['LICENSE i p 1.0 permanent 5 hostid=0090f5df5600', 'nodelocked-counted', true],
    // "A license with a count of 1 is a regular counted license and requires a license server."
    ['LICENSE i p 1.0 permanent 1', 'floating', true],
    // "single ... does not require a license server, and in fact license servers will not process this license"
    ['LICENSE i p 1.0 permanent single hostid=0090f5df5600', 'single', false],
    // "If the license file has only uncounted licenses, the HOST and ISV lines are not required."
    ['LICENSE i p 1.0 permanent uncounted hostid=any', 'uncounted', false],
    ['LICENSE i p 1.0 permanent 0 hostid=any', 'uncounted', false],
    ['LICENSE i p 1.0 permanent token token="<LICENSE i q 1.0 permanent 1 3>"', 'token', false],
    // "If the license file has counted or metered licenses, it requires a license server"
    ['LICENSE i p 1.0 permanent meter meter_counter=1', 'metered', true],
  ])('%s → %s, server %s', (spec, type, server) => {
    const l = lic(spec);
    expect(licenseType(l)).toBe(type);
    expect(needsServer(l)).toBe(server);
  });

  it('a FlexLM file with USE_SERVER sends uncounted features to the server too', () => {
    expect(needsServer(lic('LICENSE i p 1.0 permanent uncounted hostid=any', { useServer: true, dialect: 'flexlm' }))).toBe(true);
  });

  it('"ISV servers do not process single-use (count==single) licenses" (seed 003)', () => {
    expect(servable(lic('LICENSE i p 1.0 permanent single hostid=any'))).toBe(false);
    expect(servable(lic('LICENSE i p 1.0 permanent uncounted hostid=any'))).toBe(true);
    expect(servable(lic('LICENSE i p 1.0 permanent 3'))).toBe(true);
  });
});
