// Output escaping for every sink that untrusted names and messages reach.

/** Terminal: drop control characters (no escape sequences from file names or values). */
export function sanitizeTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?').replace(/\n/g, '\\n');
}

// Markdown (job summary, PR comment, check run): one function per context, because each context
// reads backslashes differently: inline text takes backslash escapes, a code span shows them
// verbatim (`TG\-AWS\-004`), a table cell splits on `|` even inside a code span, a link URL ends at `)`.

/**
 * Inline text: escape markup and HTML so text stays text, and break `@name` with a zero-width joiner
 * so a file name or a suppression reason in the bot's comment never notifies (or pulls into the
 * review) a user or team. Never inside a code span (use markdownCode).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
    .replace(/@/g, '@\u200d')
    .replace(/\r\n|\r|\n/g, ' ');
}

/**
 * A code span: shown verbatim, so nothing is backslash-escaped; HTML and @mentions in it are inert.
 * The fence is one backtick longer than any run inside, with a space when the text starts or ends
 * with a backtick or a space (CommonMark strips one of each). Line breaks become spaces.
 */
export function markdownCode(s: string): string {
  const t = s.replace(/\r\n|\r|\n/g, ' ');
  if (!t) return '';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((x) => x.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return fence + pad + t + pad + fence;
}

/**
 * A table cell from cell content already escaped for its own context (text, code, link): GFM splits
 * a row on every `|` not preceded by a backslash, code spans included, so each unescaped pipe is
 * escaped (the table takes the backslash away again before the cell is rendered).
 */
export function markdownCell(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ').replace(/(\\*)\|/g, (m, bs: string) => (bs.length % 2 ? m : `${bs}\\|`));
}

/** A link: the text escaped as inline text, the URL made unable to end the link early. */
export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${markdownLinkUrl(url)})`;
}

/**
 * A URL inside a Markdown link `[text](url)`: percent-encodes what could end the link or open another
 * (parentheses, brackets, spaces, angle brackets, backslashes), so a file name cannot break out of it.
 * Encodes like encodeURI otherwise; existing %XX escapes are kept.
 */
export function markdownLinkUrl(url: string): string {
  return encodeURI(url.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))
    .replace(/%25([0-9A-Fa-f]{2})/g, '%$1')
    .replace(/[()[\]\\'"*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
