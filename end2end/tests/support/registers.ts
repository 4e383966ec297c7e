// The city's base data registers, as the departments' feeds would fill them: a test puts the
// people and businesses it registers into the population and legal-entity registers of the
// portal's database (the one serve.sh created, named by the Playwright config), so that a
// resident registers at level 2 and a business as its legal representative.
import { execFileSync } from 'node:child_process';
import { type Citizen, type Enterprise } from './data';

const SERVER = (process.env.E2E_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');

function database(): string {
  const name = process.env.E2E_DATABASE_NAME;
  if (!name) throw new Error('E2E_DATABASE_NAME is not set (playwright.config.ts sets it)');
  return `${SERVER}/${name}`;
}

/** Runs `sql` with psql variables (quoted by psql as :'name'). */
function psql(sql: string, vars: Record<string, string>): void {
  const args = ['-q', '-v', 'ON_ERROR_STOP=1', database()];
  for (const [key, value] of Object.entries(vars)) args.push('-v', `${key}=${value}`);
  execFileSync('psql', args, { input: sql, stdio: ['pipe', 'ignore', 'inherit'] });
}

/** `person` is a live resident in the population register. */
export function inPopulationRegister(person: Citizen): void {
  psql(
    `insert into base_people (id_number, name, sex, birth_date, household_address, status, source, source_version)
     values (:'id', :'name', 'female', date '1990-01-01', '福州市鼓楼区测试路 1 号', 'live', 'GA', 1)
     on conflict (id_number) do nothing;`,
    { id: person.idNumber, name: person.name },
  );
}

/**
 * `business` is an active entity whose legal representative is `representative` (who is put
 * into the population register too); `business.legalRep` becomes their name.
 */
export function inRegisters(representative: Citizen, business: Enterprise): void {
  inPopulationRegister(representative);
  business.legalRep = representative.name;
  psql(
    `insert into base_entities (credit_code, name, entity_type, industry, legal_rep_id_number,
                                legal_rep_name, registered_address, status, source, source_version)
     values (:'code', :'business', '有限责任公司', '餐饮业', :'id', :'name', '福州市台江区测试路 2 号',
             'active', 'SCJG', 1)
     on conflict (credit_code) do nothing;`,
    { code: business.creditCode, business: business.name, id: representative.idNumber, name: representative.name },
  );
}

/**
 * Forgets the last second-factor step `username` used: specs sign the same demo accounts in
 * from parallel workers, where a real code of one 30-second step works only once.
 */
export function forgetSecondFactorStep(username: string): void {
  psql(
    `update second_factors set last_used_step = null
     where account_id = (select id from accounts where username = lower(:'username'));`,
    { username },
  );
}
