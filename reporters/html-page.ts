// A self-contained HTML page holding a claim matrix: rows are claims, columns are given by the caller (statuses for one
// run, targets for a merged matrix). Filters by status and by area; clicking a row shows its evidence. Inline CSS and
// JS only: no network resource, so it opens from a CI artifact or an air-gapped machine. Pure.

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface MatrixRow {
  readonly id: string;
  readonly area: string;
  readonly level: string;
  /** Statuses this row has (one per run; several in a merged matrix): what the status filter matches. */
  readonly statuses: readonly string[];
  /** One HTML cell body per column (already escaped). */
  readonly cells: readonly string[];
  /** Shown when the row is clicked (already escaped HTML). */
  readonly details: string;
}

export interface MatrixPage {
  readonly title: string;
  /** Header HTML below the title (already escaped). */
  readonly header: string;
  readonly columns: readonly string[];
  readonly rows: readonly MatrixRow[];
  /** The statuses offered as filters, in display order, with their row counts. */
  readonly statusCounts: readonly (readonly [string, number])[];
}

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--muted:#57606a;--bg:#f6f8fa}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5rem;color:#1f2328}
h1{font-size:1.4rem;margin:0 0 .5rem}
.result{display:inline-block;padding:.1rem .6rem;border-radius:1rem;font-weight:600;color:#fff}
.result.ok{background:var(--pass)}.result.notok{background:var(--fail)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.75rem 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
#filters{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:1rem 0}
#filters button{border:1px solid #d0d7de;background:#fff;border-radius:1rem;padding:.2rem .7rem;cursor:pointer}
#filters button[aria-pressed=false]{opacity:.45;text-decoration:line-through}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0}
tr.claim{cursor:pointer}tr.claim:hover,tr.claim:focus{background:#eef6ff;outline:none}
td.mark{text-align:center;font-size:1.1rem}
.st{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.85em;white-space:nowrap;background:#eaeef2}
.st-pass{background:#dafbe1;color:var(--pass)}.st-fail,.st-xpass{background:#ffebe9;color:var(--fail)}
.st-flaky,.st-xfail,.st-skipped-environment,.st-not-run{background:#fff8c5;color:var(--warn)}
.st-unsupported-as-documented{background:#ddf4ff;color:#0969da}
tr.evidence td{background:var(--bg)}
tr.evidence ul{margin:.2rem 0 .2rem 1.2rem;padding:0}
.drift{color:var(--fail);font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
`;

// Plain ES5-ish script: toggles status filters, the area filter and the evidence rows.
const SCRIPT = `
(function(){
  var active = {};
  var buttons = document.querySelectorAll('#filters button[data-status]');
  var area = document.getElementById('area-filter');
  buttons.forEach(function(b){ active[b.getAttribute('data-status')] = true; });
  function apply(){
    document.querySelectorAll('#matrix tr.claim').forEach(function(row){
      var statuses = row.getAttribute('data-statuses').split(' ');
      var byStatus = statuses.some(function(s){ return active[s]; });
      var byArea = !area.value || row.getAttribute('data-area') === area.value;
      row.hidden = !(byStatus && byArea);
      var ev = row.nextElementSibling;
      if (row.hidden && ev && ev.classList.contains('evidence')) ev.hidden = true;
    });
  }
  buttons.forEach(function(b){
    b.addEventListener('click', function(){
      var s = b.getAttribute('data-status');
      active[s] = !active[s];
      b.setAttribute('aria-pressed', String(active[s]));
      apply();
    });
  });
  area.addEventListener('change', apply);
  document.querySelectorAll('#matrix tr.claim').forEach(function(row){
    function toggle(){
      var ev = row.nextElementSibling;
      if (ev && ev.classList.contains('evidence')) ev.hidden = !ev.hidden;
      row.setAttribute('aria-expanded', String(ev && !ev.hidden));
    }
    row.addEventListener('click', toggle);
    row.addEventListener('keydown', function(e){ if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
  });
  apply();
})();
`;

export function statusBadge(status: string): string {
  return `<span class="st st-${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}

export function renderMatrixPage(page: MatrixPage): string {
  const areas = [...new Set(page.rows.map((row) => row.area))];
  const width = page.columns.length + 3;
  const rows = page.rows.map((row) => [
    `<tr class="claim" tabindex="0" aria-expanded="false" data-id="${escapeHtml(row.id)}" data-area="${escapeHtml(row.area)}" data-statuses="${escapeHtml(row.statuses.join(' '))}">`,
    `<td><code>${escapeHtml(row.id)}</code></td><td>${escapeHtml(row.area)}</td><td>${escapeHtml(row.level)}</td>`,
    ...row.cells.map((cell) => `<td class="mark">${cell}</td>`),
    '</tr>',
    `<tr class="evidence" data-for="${escapeHtml(row.id)}" hidden><td colspan="${width}">${row.details}</td></tr>`,
  ].join(''));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(page.title)}</h1>${page.header}</header>`,
    '<section id="filters" aria-label="filters"><span>Status:</span>',
    ...page.statusCounts.map(([status, n]) =>
      `<button type="button" data-status="${escapeHtml(status)}" aria-pressed="true">${escapeHtml(status)} (${n})</button>`),
    '<label>Area: <select id="area-filter"><option value="">all</option>',
    ...areas.map((area) => `<option value="${escapeHtml(area)}">${escapeHtml(area)}</option>`),
    '</select></label></section>',
    '<table id="matrix"><thead><tr><th>claim</th><th>area</th><th>level</th>',
    ...page.columns.map((column) => `<th>${escapeHtml(column)}</th>`),
    '</tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
