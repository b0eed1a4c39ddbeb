// The text of lmdiag's network part: each server with its timed steps, and the
// server's word on each feature.
import type { Renderer } from '../../output/renderer.js';
import type { FeatureNet, ServerReportJson, StepJson } from '../../../client/diagnose/diagnose.js';

function stepName(s: StepJson): string {
  return s.feature !== undefined ? `${s.name} ${s.feature}` : s.name;
}

/** Did this server say it serves one of these features (its pools, or its vendor tool, list it)? */
function serves(s: ServerReportJson, features: readonly string[]): boolean {
  return s.steps.some((x) => x.ok && x.feature !== undefined && features.includes(x.feature) && (x.name === 'pools' || x.name === 'vendor tool'));
}

/**
 * Each server with its steps. With features named (`lmdiag -n seat`), only the
 * servers that serve one of them: the rest of the environment is noise there,
 * named in one line each (--json keeps every server's steps).
 */
export function serverLines(r: Renderer, servers: readonly ServerReportJson[], features: readonly string[] = []): string[] {
  if (servers.length === 0) return [];
  const shown = features.length === 0 ? servers : servers.filter((s) => serves(s, features));
  const others = servers.filter((s) => !shown.includes(s));
  const out = shown.length > 0 ? ['', r.c.bold('License servers:')] : [];
  out.push(...shown.flatMap((s) => serverSteps(r, s)));
  if (others.length > 0) {
    const what = features.join(', ');
    out.push('', r.c.bold(`${shown.length > 0 ? 'Other servers' : 'Servers'} asked (--json shows their steps):`));
    for (const s of others) out.push(`  ${s.address} (from ${s.origin}): ${s.ok ? `does not serve ${what}` : r.c.red('no licutil server answers')}`);
  }
  return out;
}

function serverSteps(r: Renderer, s: ServerReportJson): string[] {
  const out = [`  ${r.c.bold(s.address)} (${s.spec === s.address ? '' : `${s.spec}, `}from ${s.origin}): ${s.ok ? r.c.green('a licutil server answers') : r.c.red('no licutil server answers')}`];
  const width = Math.max(...s.steps.map((x) => stepName(x).length));
  for (const x of s.steps) {
    const mark = x.skipped ? r.c.dim('-') : x.ok ? r.c.green('✓') : r.c.red('✗');
    out.push(`    ${mark} ${stepName(x).padEnd(width)}  ${x.detail} ${r.c.dim(`(${x.ms} ms)`)}`);
    if (x.hint !== null && (!x.ok || x.skipped)) out.push(`        ${r.c.dim('fix:')} ${x.hint}`);
  }
  return out;
}

/** Under a feature: who granted it, or why no server did. */
export function featureNetLines(r: Renderer, f: FeatureNet, needed: boolean, product = ''): string[] {
  if (f.busy) {
    const b = f.busy;
    const queue = b.queued === 0 ? 'nobody waiting' : `${b.queued} waiting`;
    return [
      `  ${r.c.yellow('…')} the server at ${b.server} serves it, but all ${b.count} seat${b.count === 1 ? ' is' : 's are'} in use now (${queue})`,
      `      ${r.c.dim('fix:')} try again later, or queue for a seat: \`licutil checkout ${product || 'FEATURE'} --wait 10m -- CMD\`; \`licutil stat -f ${product || 'FEATURE'}\` shows who holds them`,
    ];
  }
  if (f.server !== null) {
    const how =
      f.proof === 'checkout'
        ? `the server at ${f.server} granted a test seat (given back at once)`
        : f.proof === 'vendor'
          ? `the server at ${f.server} has a seat free, says its vendor tool (not a licutil server)`
          : `the server at ${f.server} has the pool (no test checkout)`;
    return [`  ${r.c.green('✓')} ${how}`];
  }
  if (f.usable || !needed) return [];
  return f.reasons.flatMap((x) => [`  ${r.c.red('✗')} ${x.message}`, ...(x.hint ? [`      ${r.c.dim('fix:')} ${x.hint}`] : [])]);
}
