// Rule options, declared once per rule (like ESLint's meta.schema + typescript-eslint's
// defaultOptions): each option has a type, bounds, a default and a description. From that one
// declaration come the check's typed `ctx.options`, the validation of `.trustgate.yml`
// `rules.options.<id>` (a misspelled or wrongly typed option is a config error, exit 2, never a
// silent fall back to the default) and the Options table of the rule's docs page.
//
// The form is a small subset of JSON Schema (type, minimum, maximum, enum, items, default,
// description) checked by hand: four shapes cover every option, and a schema library would not earn
// its place.

import { closest } from './suggest.js';

interface Described {
  /** One sentence for the docs page and `trustgate explain`. */
  description: string;
}
export interface BooleanOption extends Described {
  type: 'boolean';
  default: boolean;
}
export interface IntegerOption extends Described {
  type: 'integer';
  default: number;
  minimum?: number;
  maximum?: number;
}
export interface StringOption extends Described {
  type: 'string';
  default: string;
  enum?: readonly string[];
}
export interface ArrayOption extends Described {
  type: 'array';
  items: Omit<IntegerOption, 'default' | 'description'> | Omit<StringOption, 'default' | 'description'>;
  default: readonly (number | string)[];
}
export type OptionSpec = BooleanOption | IntegerOption | StringOption | ArrayOption;
export type OptionsSchema = Readonly<Record<string, OptionSpec>>;

/** The value type of one option. */
export type OptionValue<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends IntegerOption
    ? number
    : S extends StringOption
      ? S['enum'] extends readonly (infer E extends string)[]
        ? E
        : string
      : S extends ArrayOption
        ? S['items'] extends { type: 'integer' }
          ? readonly number[]
          : readonly string[]
        : never;

/** What a check receives: every declared option, with its default or the configured value. */
export type OptionValues<O extends OptionsSchema> = { readonly [K in keyof O]: OptionValue<O[K]> };

export type OptionError = string;

/**
 * Validate configured options against a rule's schema. Returns readable problems (empty: valid),
 * each naming the option path as written in .trustgate.yml.
 */
export function optionErrors(ruleId: string, schema: OptionsSchema | undefined, given: Record<string, unknown>): OptionError[] {
  const at = `rules.options.${ruleId}`;
  const names = Object.keys(schema ?? {});
  if (!schema || names.length === 0) return Object.keys(given).length ? [`${at}: rule ${ruleId} has no options`] : [];
  const out: OptionError[] = [];
  for (const [k, v] of Object.entries(given)) {
    if (!Object.hasOwn(schema, k)) {
      const near = closest(k, names);
      out.push(`${at}: unknown option "${k}"${near ? ` (did you mean "${near}"?)` : ''}; ${ruleId} takes ${names.join(', ')}`);
      continue;
    }
    const p = valueError(schema[k], v);
    if (p) out.push(`${at}.${k}${p.startsWith('[') ? '' : ' '}${p} (got ${shown(v)})`);
  }
  return out;
}

function valueError(s: OptionSpec | ArrayOption['items'], v: unknown): string | undefined {
  switch (s.type) {
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'integer': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return 'must be a whole number';
      if (s.minimum !== undefined && v < s.minimum) return `must be at least ${s.minimum}`;
      if (s.maximum !== undefined && v > s.maximum) return `must be at most ${s.maximum}`;
      return undefined;
    }
    case 'string':
      if (typeof v !== 'string') return 'must be a string';
      return s.enum && !s.enum.includes(v) ? `must be one of ${s.enum.join(', ')}` : undefined;
    case 'array': {
      if (!Array.isArray(v)) return `must be a list of ${s.items.type === 'integer' ? 'whole numbers' : 'strings'}`;
      for (let i = 0; i < v.length; i++) {
        const p = valueError(s.items, v[i]);
        if (p) return `[${i}] ${p}`;
      }
      return undefined;
    }
  }
}

/** The options a check receives: defaults overlaid with configured values (validated beforehand). */
export function resolveOptions(schema: OptionsSchema | undefined, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema ?? {})) out[k] = given && Object.hasOwn(given, k) ? given[k] : s.default;
  return out;
}

/** Human form of an option's type, for docs. */
export function optionType(s: OptionSpec): string {
  const bounds = (o: { minimum?: number; maximum?: number }) =>
    o.minimum !== undefined && o.maximum !== undefined ? ` ${o.minimum}–${o.maximum}` : o.minimum !== undefined ? ` ≥ ${o.minimum}` : o.maximum !== undefined ? ` ≤ ${o.maximum}` : '';
  switch (s.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return `whole number${bounds(s)}`;
    case 'string':
      return s.enum ? `one of ${s.enum.map((e) => `\`${e}\``).join(', ')}` : 'string';
    case 'array':
      return s.items.type === 'integer' ? `list of whole numbers${bounds(s.items)}` : s.items.enum ? `list of ${s.items.enum.map((e) => `\`${e}\``).join(', ')}` : 'list of strings';
  }
}

const shown = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
};
