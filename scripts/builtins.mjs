// Node's built-in modules, taken in the bundle through process.getBuiltinModule
// rather than `import`. Importing a built-in as an ES module builds its ES
// module facade, which reads every export once: on Node.js 24 that runs
// node:http's lazy getters (loading Node's own copy of undici, ~60M
// instructions of `licutil checkout`) and node:fs's (fs/promises, readline,
// the stream internals). getBuiltinModule hands over the same object
// (module.exports, which is also what a default import gives) and reads only
// the names the file destructures. It exists on every supported Node.js (20.16+).

// esbuild writes every import of a built-in at the top of a file, one statement
// each, `from "node:..."`, a list of names possibly over several lines.
const BUILTIN_IMPORT = /^import ([^;"'`]+?) from "(node:[a-z_/]+)";$/gm;

/** `a, b as c, default as d` → `a, b: c` and the default's local name. */
function bindings(list) {
  const names = [];
  let def = null;
  for (const part of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\S+)(?:\s+as\s+(\S+))?$/.exec(part);
    if (!m) return null;
    const [, name, local] = m;
    if (name === 'default') def = local ?? null;
    else names.push(local && local !== name ? `${name}: ${local}` : name);
  }
  return { names, def };
}

/** One import statement as const declarations, or null when its form is not one of esbuild's. */
function declaration(clause, specifier) {
  // globalThis: esbuild may name a binding `process` (node:process)
  const get = `globalThis.process.getBuiltinModule(${JSON.stringify(specifier)})`;
  const ns = /^\* as ([\w$]+)$/.exec(clause);
  if (ns) return `const ${ns[1]} = ${get};`;
  const m = /^(?:([\w$]+)\s*(?:,\s*)?)?(?:\{([^}]*)\})?$/.exec(clause);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  const list = m[2] === undefined ? { names: [], def: null } : bindings(m[2]);
  if (!list) return null;
  const def = m[1] ?? list.def;
  const decls = [];
  if (def) decls.push(`${def} = ${get}`);
  if (list.names.length) decls.push(`{ ${list.names.join(', ')} } = ${def ?? get}`);
  return decls.length ? `const ${decls.join(', ')};` : '';
}

/**
 * The file's imports of built-ins rewritten as getBuiltinModule calls. Each
 * statement keeps its line count, so the source map stays right line for line.
 */
export function builtinsThroughGetBuiltinModule(text) {
  return text.replace(BUILTIN_IMPORT, (whole, clause, specifier) => {
    const decl = declaration(clause.replace(/\s+/g, ' ').trim(), specifier);
    if (decl === null) return whole;
    const lines = whole.split('\n').length;
    return decl + '\n'.repeat(lines - 1);
  });
}
