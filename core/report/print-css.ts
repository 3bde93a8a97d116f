// The stylesheet every printable, self-contained HTML report starts from (the readiness report, the
// evidence export, the population report, the organisation report): type, the metadata list, tables
// that repeat their header and do not split a row across pages, A4 pages. One set of sizes, so the
// reports look and print alike; each adds only the classes it alone uses.
export function printCss(page: 'portrait' | 'landscape'): string {
  return `
*{box-sizing:border-box}
body{font:13px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:#1f2328;margin:0 auto;padding:28px 32px;background:#fff}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #d0d7de}
.sub{color:#59636e;margin:0 0 16px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 18px;font-size:12px}
.meta dt{color:#59636e}.meta dd{margin:0;word-break:break-all}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:11px}
.small{font-size:11px;color:#59636e}
.empty{color:#59636e;font-style:italic}
table{border-collapse:collapse;width:100%;font-size:12px;margin:4px 0 8px}
thead{display:table-header-group}
th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr{break-inside:avoid}
@page{size:A4 ${page};margin:12mm}
@media print{body{padding:0;max-width:none;font-size:10.5px}table{font-size:9.5px}h2,h3{break-after:avoid}}
`;
}
