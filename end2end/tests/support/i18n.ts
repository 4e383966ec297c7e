// The portal's own UI strings (every app/locales/<lang>/*.ftl), so the tests read the page the
// way a person does, in either language, without copying the texts here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Lang = 'zh-CN' | 'en';

function load(lang: Lang): Map<string, string> {
  const dir = join(__dirname, '..', '..', '..', 'app', 'locales', lang);
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.ftl'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const messages = new Map<string, string>();
  for (const line of text.split('\n')) {
    // Single-line messages only; the tests do not use the plural ones.
    const m = /^([a-z][a-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (m && m[2].trim() !== '') messages.set(m[1], m[2].trim());
  }
  return messages;
}

const catalogs: Record<Lang, Map<string, string>> = { 'zh-CN': load('zh-CN'), en: load('en') };

/** The text of message `key` in `lang`, with `{ $name }` placeables filled from `args`. */
export function t(lang: Lang, key: string, args: Record<string, string | number> = {}): string {
  const message = catalogs[lang].get(key);
  if (message === undefined) throw new Error(`no single-line message ${key} in ${lang}`);
  return message.replace(/\{\s*\$([a-z_]+)\s*\}/g, (_, name: string) => {
    if (!(name in args)) throw new Error(`message ${key} needs $${name}`);
    return String(args[name]);
  }).replace(/\{\s*"([^"]*)"\s*\}/g, '$1');
}

/** Shorthand for the default language of the test browser (zh-CN). */
export const zh = (key: string, args?: Record<string, string | number>) => t('zh-CN', key, args);
export const en = (key: string, args?: Record<string, string | number>) => t('en', key, args);
