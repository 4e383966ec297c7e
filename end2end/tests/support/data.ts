// Fresh, valid identities for each test, so tests never depend on one another or on the
// order they run in. Every value passes the portal's own rules (GB 11643, GB 32100, mobile).
import { randomInt } from 'node:crypto';

/** The password every account made by the tests uses (long, not common, no personal data). */
export const PASSWORD = 'Lantern-river-42';

/** Demo accounts loaded by `portal demo` (server/src/demo.rs). */
export const DEMO = {
  password: 'Demo-Portal-2026',
  citizenMobile: '13800138000',
  operator: 'operator',
  /** The second-factor secret of every demo staff and vendor account (the README's). */
  totpSecret: '12345678901234567890',
} as const;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a resident ID number. */
export function residentIdCheck(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * ID_WEIGHTS[i], 0);
  return ID_CHECK[sum % 11];
}

/** A resident ID number with a wrong check character (everything else valid). */
export function withWrongCheck(id: string): string {
  const right = id[17];
  const wrong = [...'0123456789X'].find((c) => c !== right)!;
  return id.slice(0, 17) + wrong;
}

const REGIONS = ['110101', '110105', '310104', '320106', '440305', '510107', '330106'];

let sequence = 0;

/** A valid resident ID number of someone born between 1960 and 2004. */
export function residentId(): string {
  const region = REGIONS[randomInt(REGIONS.length)];
  const born = new Date(Date.UTC(1960, 0, 1) + randomInt(0, 45 * 365) * 86_400_000);
  const date =
    String(born.getUTCFullYear()) +
    String(born.getUTCMonth() + 1).padStart(2, '0') +
    String(born.getUTCDate()).padStart(2, '0');
  const order = String((randomInt(1000) + sequence++) % 1000).padStart(3, '0');
  const first17 = region + date + order;
  return first17 + residentIdCheck(first17);
}

/** The way the portal shows an ID number back: first 3 and last 4 characters. */
export function maskId(id: string): string {
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** The way the portal shows a mobile number back: `138****5678`. */
export function maskMobile(mobile: string): string {
  return mobile.slice(0, 3) + '****' + mobile.slice(-4);
}

/** A mainland mobile number (never the demo citizen's 13800138000). */
export function mobile(): string {
  const second = '56789'[randomInt(5)];
  return '1' + second + String(randomInt(0, 1_000_000_000)).padStart(9, '0');
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid unified social credit code (GB 32100) of a company (`91`). */
export function creditCode(): string {
  let body = '91' + REGIONS[randomInt(REGIONS.length)];
  for (let i = 0; i < 9; i++) body += CREDIT_ALPHABET[randomInt(CREDIT_ALPHABET.length)];
  const sum = [...body].reduce(
    (acc, c, i) => acc + CREDIT_ALPHABET.indexOf(c) * CREDIT_WEIGHTS[i],
    0,
  );
  return body + CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红';

function pick(chars: string): string {
  return chars[randomInt(chars.length)];
}

/** A Chinese name, unique enough to find its row in a table (surname + 3 given characters). */
export function personName(): string {
  return pick(SURNAMES) + pick(GIVEN) + pick(GIVEN) + pick(GIVEN);
}

const WORDS = ['星河', '青松', '远航', '启明', '长风', '云帆', '海川', '嘉禾', '新桥', '东湖'];

/** A company name with a random number, so the tests can find exactly this one. */
export function enterpriseName(): string {
  return `${WORDS[randomInt(WORDS.length)]}测试科技有限公司${randomInt(100_000, 1_000_000)}号`;
}

export interface Citizen {
  name: string;
  idNumber: string;
  mobile: string;
  password: string;
}

export function citizen(): Citizen {
  return { name: personName(), idNumber: residentId(), mobile: mobile(), password: PASSWORD };
}

export interface Enterprise {
  name: string;
  creditCode: string;
  legalRep: string;
}

export function enterprise(): Enterprise {
  return { name: enterpriseName(), creditCode: creditCode(), legalRep: personName() };
}

/** A small PDF upload named `name` (the portal sniffs the type from its first bytes). */
export function pdf(name: string) {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n${name}\n`.padEnd(800, 'x')) };
}
