// How a printable report's tables look in chromium: what core/report/print-css.ts decides for every
// report that uses it (the readiness report, the evidence export), read from the rendered page.
import type { Page } from 'playwright-core';

export const PRINT_LOOK = { body: '13px', table: '12px', th: '4px 6px', td: '4px 6px', border: '1px solid rgb(208, 215, 222)' };

// A string, evaluated in the page (the tests are compiled without the DOM's types).
const READ = `(() => {
  const style = (sel) => getComputedStyle(document.querySelector(sel));
  const td = style('td');
  return { body: style('body').fontSize, table: style('table').fontSize, th: style('th').padding, td: td.padding, border: td.borderTopWidth + ' ' + td.borderTopStyle + ' ' + td.borderTopColor };
})()`;

export const printLook = (page: Page) => page.evaluate(READ) as Promise<typeof PRINT_LOOK>;
