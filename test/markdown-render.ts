// Markdown as GitHub shows it, for tests: GFM (CommonMark + tables, autolinks, strikethrough) to HTML
// with micromark, raw HTML passed through as GitHub passes its sanitised subset, then the visible text.
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

/** The text of an HTML fragment as a reader sees it: tags dropped, entities decoded, blocks on lines. */
export function htmlText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|li|tr|h\d|summary|div|details)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, ' | ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#?\w+);/g, (m, e: string) => ENTITIES[e] ?? (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : m))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n');
}

/** What a reader sees of a Markdown document rendered by GitHub. */
export const visibleText = (markdown: string) => htmlText(renderGfm(markdown));

/** The cells of every table row of rendered HTML, as text. */
export function tableRows(html: string): string[][] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => htmlText(c[1]).trim()));
}
