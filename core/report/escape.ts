// Output escaping for every sink that untrusted names and messages reach.

/** Terminal: drop control characters (no escape sequences from file names or values). */
export function sanitizeTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?').replace(/\n/g, '\\n');
}

/**
 * Markdown (job summary, PR comment): escape markup and HTML so text stays text, and break `@name`
 * with a zero-width joiner so a file name or a suppression reason in the bot's comment never notifies
 * (or pulls into the review) a user or team.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
    .replace(/@/g, '@\u200d')
    .replace(/\r?\n/g, ' ');
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
