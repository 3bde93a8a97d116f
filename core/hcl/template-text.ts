// The literal text of HCL templates: escapes of quoted strings and the indentation `<<-` heredocs strip.
import type { Expr } from './ast.js';

export function unescapeHcl(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  return s
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, c: string) => {
      if (c === 'n') return '\n';
      if (c === 't') return '\t';
      if (c === 'r') return '\r';
      if (c.length > 1) {
        // \uXXXX or \UXXXXXXXX; an out-of-range code point stays as written.
        const cp = parseInt(c.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${c}`;
      }
      return c;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

/** A `<<-` heredoc's parts without the indentation its least indented non-blank line has. */
export function stripIndent(parts: (string | Expr)[]): (string | Expr)[] {
  let text = '';
  for (const p of parts) if (typeof p === 'string') text += p;
  let indent = 1e9;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^[ \t]*/.exec(line)![0].length;
    if (m < indent) indent = m;
  }
  if (!indent || indent === 1e9) return parts;
  const re = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, 'g');
  const out: (string | Expr)[] = [];
  for (const p of parts) out.push(typeof p === 'string' ? p.replace(re, '$1') : p);
  return out;
}
