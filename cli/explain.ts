// `trustgate explain ID`: the rule's documentation page (docs/rules/<ID>.md, one renderer in
// core/docs.ts) rendered for a terminal — headings, aligned tables, indented code, text wrapped to the
// terminal's width, colour on a TTY, no HTML comments. `--format markdown` prints the page as is.
import { ruleDocFor } from '../core/docs.js';
import { ruleMeta } from '../core/rule.js';
import type { RuleMeta } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';
import { colorFor } from './terminal.js';
import { layout, painter, type Span, type Style } from './text.js';

const USAGE = `  trustgate explain RULE-ID [--format text|markdown]

Prints what the rule checks, why (the SOC 2 criteria), a failing and a passing example, how to fix it
and how to suppress it. RULE-ID is the rule's id (TG-AWS-001), its name, or a peer tool's alias it
declares (CKV_AWS_18).

Options:
  -f, --format FORMAT   text (default: for a terminal) or markdown (the docs/rules page)
  -h, --help            this help`;

export function explainRule(m: RuleMeta): string {
  return ruleDocFor(m);
}

/** Inline markdown of our generated pages: `code` and **bold**. */
function inline(text: string, base?: Style): Span[] {
  const spans: Span[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let at = 0;
  // Markup splits the text without spacing it: each piece joins the one before.
  for (let m; (m = re.exec(text)); at = re.lastIndex) {
    if (m.index > at) spans.push([text.slice(at, m.index), base, false, true]);
    spans.push(m[1] !== undefined ? [m[1], 'code', false, true] : [m[2], 'bold', false, true]);
  }
  if (at < text.length) spans.push([text.slice(at), base, false, true]);
  return spans;
}

const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
const bare = (s: string) => s.replace(/`([^`]+)`/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1');

/** Our docs' markdown (headings, paragraphs, pipe tables, fenced code) as terminal text. */
export function markdownToTerminal(md: string, opts: { color: boolean; width?: number }): string {
  const paint = painter(opts.color);
  const out: string[] = [];
  const lines = md.replace(/<!--[\s\S]*?-->\n?/g, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('```')) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i].startsWith('```')) code.push(lines[i]);
      out.push(...code.map((c) => '    ' + paint('code', c)));
      continue;
    }
    const h = /^(#{1,3}) (.*)$/.exec(l);
    if (h) {
      const text = bare(h[2]);
      out.push(h[1].length === 1 ? paint('heading', text) : h[1].length === 2 ? paint('bold', text.toUpperCase()) : paint('bold', text));
      continue;
    }
    if (l.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) if (!/^\|[\s|:-]+\|$/.test(lines[i])) rows.push(cells(lines[i]).map(bare));
      i--;
      const header = rows[0]?.every((c) => !c) ? rows.shift() : undefined;
      void header;
      if (rows[0]?.length === 2) {
        // Key/value table: "  Severity        high".
        const w = Math.max(...rows.map((r) => r[0].length)) + 2;
        for (const [k, v] of rows) out.push(`  ${paint('bold', k.padEnd(w))}` + layout([[v]], w + 2, opts.width, paint));
      } else {
        const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
        rows.forEach((r, n) => {
          const last = r.length - 1;
          const head = r.slice(0, last).map((c, k) => c.padEnd(widths[k])).join('  ');
          const indent = 2 + head.length + 2;
          const text = layout([[r[last]]], indent, opts.width, paint);
          out.push(n === 0 ? paint('bold', `  ${head}  ${r[last]}`) : `  ${head}  ${text}`);
        });
      }
      continue;
    }
    if (!l.trim()) {
      if (out.length && out[out.length - 1] !== '') out.push('');
      continue;
    }
    // A paragraph: consecutive text lines, wrapped.
    const para = [l];
    while (i + 1 < lines.length && lines[i + 1].trim() && !/^(```|#|\|)/.test(lines[i + 1])) para.push(lines[++i]);
    out.push('  ' + layout(inline(para.join(' ')), 2, opts.width, paint));
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

function runExplain({ values, positionals }: Args, io: CliIO): number {
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'markdown') throw new UsageError(`unknown format "${format}" for explain (text or markdown)`);
  if (positionals.length !== 1) throw new UsageError('explain takes one rule id');
  const id = positionals[0].toUpperCase();
  const rule = ALL_RULES.find((r) => r.id === id || r.name === positionals[0] || r.aliases?.includes(positionals[0]));
  if (!rule) {
    io.stderr(`trustgate explain: no rule "${positionals[0]}" (see \`trustgate rules\`)\n`);
    return 2;
  }
  const page = explainRule(ruleMeta(rule));
  io.stdout(format === 'markdown' ? page : markdownToTerminal(page, { color: colorFor(io.isTTY, io.env), width: io.isTTY ? io.columns : undefined }));
  return 0;
}

export const explainCommand: Command = {
  summary: 'explain a rule: what, why, examples, how to fix',
  usage: USAGE,
  options: { format: { type: 'string', short: 'f' } },
  run: runExplain,
};
