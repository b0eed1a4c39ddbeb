// The status page's style sheet, served as /web/app.css. Colours meet WCAG AA:
// every text pair is at least 4.5:1 (most above 7:1), bars and borders at
// least 3:1 against their background, in both schemes; dark mode follows the
// system (prefers-color-scheme). On a narrow screen each table row becomes a
// card whose cells carry their column name (data-label).
export const APP_CSS = `:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#595959;--line:#8a8a8a;--card:#f4f5f7;
--accent:#0b57d0;--on-accent:#fff;--danger:#b3261e;--on-danger:#fff;--ok:#1e7e34;--soft:#a35a00;--full:#b3261e;--track:#d6d6d6;
--warn-bg:#fff4d6;--warn-fg:#5c3b00;--err-bg:#fde7e5;--err-fg:#7a1710}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#b3b3b3;--line:#8c8c8c;--card:#1e1f22;
--accent:#8ab4f8;--on-accent:#0a1a33;--danger:#f28b82;--on-danger:#2b0906;--ok:#5bd47a;--soft:#f0a73a;--full:#f28b82;--track:#4a4a4a;
--warn-bg:#3a2c00;--warn-fg:#ffe08a;--err-bg:#3d1311;--err-fg:#ffb4ab}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:1.5rem;margin:.2rem 0 .5rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.count,.empty,footer,dt{color:var(--muted)}
a{color:var(--accent)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}
.server{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}.server div{display:flex;gap:.4rem}.server dd{margin:0}
.journal-failing{color:var(--danger);font-weight:600}
.filter{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:1rem 0 .25rem}
input{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:.3rem;padding:.35rem .5rem;min-width:14rem}
button{font:inherit;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent);border-radius:.3rem;padding:.3rem .8rem;cursor:pointer}
button.danger{background:var(--danger);border-color:var(--danger);color:var(--on-danger);padding:.15rem .6rem}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.live{min-height:1.4em;margin:.25rem 0;color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-weight:600;white-space:nowrap}
td.num{font-variant-numeric:tabular-nums}
td.use{min-width:11rem;white-space:nowrap}
.bar{width:7rem;height:.7rem;vertical-align:middle;border-radius:.2rem}
.bar-bg{fill:var(--track)}.bar-ok .bar-fill{fill:var(--ok)}.bar-soft .bar-fill{fill:var(--soft)}.bar-full .bar-fill{fill:var(--full)}
.tag{font-size:.8em;border:1px solid var(--line);border-radius:.8rem;padding:0 .45rem;color:var(--muted)}
tr.retired{color:var(--muted)}
ul.notes{list-style:none;padding:0}
.notes li{padding:.35rem .6rem;border-radius:.3rem;margin:.25rem 0}
.notes .warn{background:var(--warn-bg);color:var(--warn-fg)}.notes .error{background:var(--err-bg);color:var(--err-fg)}
.level{font-weight:600;text-transform:uppercase;font-size:.8em}
.admin{background:var(--card);border-radius:.5rem;padding:.25rem 1rem 1rem;margin-top:1.5rem}
.js-only{display:none}.js .js-only{display:block}
footer{margin-top:2rem;font-size:.9em}
@media (max-width:40rem){body{padding:.6rem}
table,thead,tbody,tr,td{display:block}thead{position:absolute;left:-9999px}
tr{border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0;padding:.3rem .5rem}
td{border:0;padding:.15rem 0;display:flex;gap:.6rem}td::before{content:attr(data-label);flex:0 0 7.5rem;color:var(--muted)}
td[data-label=""]::before{content:none}input{min-width:0;flex:1}}
`;

/** A small icon so the browser does not ask for /favicon.ico. */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/>' +
  '<rect x="3" y="9" width="2.5" height="4" fill="#fff"/><rect x="6.75" y="6" width="2.5" height="7" fill="#fff"/><rect x="10.5" y="3" width="2.5" height="10" fill="#fff"/></svg>';
