// The test data itself: the generated numbers must be valid by the same standards the portal
// checks (a wrong generator would make the browser tests fail for the wrong reason).
import { expect, test } from '@playwright/test';
import { citizen, creditCode, maskId, maskMobile, residentId, residentIdCheck, withWrongCheck } from './support/data';

test('the check characters agree with the known valid numbers', () => {
  // server/tests/api/helpers.rs and the demo data use these.
  expect(residentIdCheck('11010519491231002')).toBe('X');
  expect(residentIdCheck('11010120000101123')).toBe('2');
  expect(residentIdCheck('32010620200229777')).toBe('0');
  const code = '91350100M000100Y4';
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...code].reduce((acc, c, i) => acc + alphabet.indexOf(c) * weights[i], 0);
  expect(alphabet[(31 - (sum % 31)) % 31]).toBe('3');
});

test('generated people and businesses are valid and distinct', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const id = residentId();
    expect(id).toMatch(/^[1-8]\d{16}[\dX]$/);
    expect(residentIdCheck(id.slice(0, 17))).toBe(id[17]);
    const born = new Date(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}T00:00:00Z`);
    expect(born.getTime()).toBeLessThan(Date.now());
    expect(withWrongCheck(id)).not.toBe(id);
    ids.add(id);
    expect(creditCode()).toMatch(/^91\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
  }
  expect(ids.size).toBeGreaterThan(195);
  const person = citizen();
  expect(person.mobile).toMatch(/^1[3-9]\d{9}$/);
  expect(maskMobile('13812345678')).toBe('138****5678');
  expect(maskId('11010519491231002X')).toBe('110***********002X');
});
