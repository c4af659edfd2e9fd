// A minimal reader of wasm binaries: sections, function bodies and the name section, enough to
// attribute bytes to functions and crates. No dependencies.

function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function sleb(buf, pos) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80 && shift < 35);
  if (shift < 32 && byte & 0x40) result |= -1 << shift;
  return [result, pos];
}

/**
 * The data segments each function points into, by scanning its body for `i32.const` (0x41)
 * immediates inside a segment's range. A heuristic (an immediate can be a plain number), good
 * enough to tell which code a table of constants belongs to.
 */
export function dataReferences(w) {
  const segs = w.segments.filter((s) => s.offset !== null).sort((a, b) => a.offset - b.offset);
  const lo = segs[0]?.offset ?? 0;
  const refs = new Map(segs.map((s) => [s.index, new Map()]));
  for (const f of w.functions) {
    const b = f.body;
    for (let i = 0; i < b.length - 3; i++) {
      if (b[i] !== 0x41) continue;
      const [v] = sleb(b, i + 1);
      if (v < lo) continue;
      const seg = segs.find((s) => v >= s.offset && v < s.offset + s.bytes.length);
      if (seg) refs.get(seg.index).set(f.index, (refs.get(seg.index).get(f.index) ?? 0) + 1);
    }
  }
  return refs;
}

function str(buf, pos) {
  const [len, p] = leb(buf, pos);
  return [buf.toString("utf8", p, p + len), p + len];
}

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];

/** { sections: [{ id, name, size, start, end }], imports, functions: [{ index, size }], names: Map } */
export function readWasm(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const sections = [];
  let pos = 8;
  let importedFuncs = 0;
  const functions = [];
  const names = new Map();
  const dataNames = new Map();
  const segments = [];
  const exports = [];
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, p] = leb(buf, pos + 1);
    const start = p;
    const end = p + size;
    let name = SECTION_NAMES[id] ?? `id${id}`;
    if (id === 0) {
      const [n] = str(buf, p);
      name = `custom:${n}`;
      if (n === "name") readNames(buf, p, end, names, dataNames);
    }
    if (id === 2) {
      let [count, q] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        [, q] = str(buf, q);
        [, q] = str(buf, q);
        const kind = buf[q++];
        if (kind === 0) {
          [, q] = leb(buf, q);
          importedFuncs++;
        } else if (kind === 1) {
          q++;
          const flags = buf[q++];
          [, q] = leb(buf, q);
          if (flags & 1) [, q] = leb(buf, q);
        } else if (kind === 2) {
          const flags = buf[q++];
          [, q] = leb(buf, q);
          if (flags & 1) [, q] = leb(buf, q);
        } else if (kind === 3) q += 2;
        else if (kind === 4) [, q] = leb(buf, q + 1);
      }
    }
    if (id === 7) {
      let [count, q] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        let n;
        [n, q] = str(buf, q);
        const kind = buf[q++];
        let index;
        [index, q] = leb(buf, q);
        if (kind === 0) exports.push({ name: n, index });
      }
    }
    if (id === 10) {
      let [count, q] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        const [bodySize, b] = leb(buf, q);
        functions.push({ index: importedFuncs + i, size: bodySize + (b - q), body: buf.subarray(b, b + bodySize) });
        q = b + bodySize;
      }
    }
    if (id === 11) {
      let [count, q] = leb(buf, p);
      for (let i = 0; i < count; i++) {
        const segStart = q;
        let flags;
        [flags, q] = leb(buf, q);
        if (flags === 2) [, q] = leb(buf, q);
        if (flags !== 1) while (buf[q++] !== 0x0b); // the offset expression, up to `end`
        let offset = null;
        if (flags !== 1 && buf[q - 1] === 0x0b && buf[segStart + 1 + (flags === 2 ? 1 : 0)] === 0x41) offset = sleb(buf, segStart + 2 + (flags === 2 ? 1 : 0))[0];
        let len;
        [len, q] = leb(buf, q);
        segments.push({ index: i, size: q + len - segStart, offset, bytes: buf.subarray(q, q + len) });
        q += len;
      }
    }
    sections.push({ id, name, size: end - pos, start, end });
    pos = end;
  }
  for (const e of exports) if (!names.has(e.index)) names.set(e.index, `export:${e.name}`);
  for (const seg of segments) seg.name = dataNames.get(seg.index) ?? `data[${seg.index}]`;
  return { sections, importedFuncs, functions, names, exports, segments };
}

function readNames(buf, pos, end, names, dataNames) {
  let [, p] = str(buf, pos);
  while (p < end) {
    const sub = buf[p];
    const [size, q] = leb(buf, p + 1);
    if (sub === 1 || sub === 9) {
      let [count, r] = leb(buf, q);
      for (let i = 0; i < count; i++) {
        let index;
        let n;
        [index, r] = leb(buf, r);
        [n, r] = str(buf, r);
        (sub === 1 ? names : dataNames).set(index, n);
      }
    }
    p = q + size;
  }
}

/** A copy of the module without the custom sections whose names are in `drop`. */
export function withoutCustomSections(buf, drop) {
  const { sections } = readWasm(buf);
  const parts = [buf.subarray(0, 8)];
  let pos = 8;
  for (const s of sections) {
    const headerStart = pos;
    pos = s.end;
    if (s.id === 0 && drop.includes(s.name.slice("custom:".length))) continue;
    parts.push(buf.subarray(headerStart, s.end));
  }
  return Buffer.concat(parts);
}

/**
 * Rust symbol names made readable: legacy mangling (`_ZN...E`) decoded, and the hash suffix
 * (`::h0123...`) and crate disambiguators (`core[0123...]`) dropped.
 */
export function demangle(name) {
  const tidy = (s) => s.replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, "");
  const m = name.match(/^_?_ZN(.*)E$/);
  if (!m) return tidy(name);
  const body = m[1];
  const parts = [];
  let i = 0;
  while (i < body.length) {
    const d = body.slice(i).match(/^(\d+)/);
    if (!d) break;
    const len = Number(d[1]);
    i += d[1].length;
    parts.push(body.slice(i, i + len));
    i += len;
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  const unescape = (s) =>
    s
      .replace(/^_\$/, "$")
      .replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$RF\$/g, "&").replace(/\$BP\$/g, "*").replace(/\$LP\$/g, "(").replace(/\$RP\$/g, ")").replace(/\$C\$/g, ",").replace(/\$SP\$/g, "@")
      .replace(/\$u([0-9a-f]+)\$/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/\.\./g, "::");
  return tidy(parts.map(unescape).join("::"));
}

/** The crate a (demangled) function name belongs to: the first path segment of its subject. */
const PRIMITIVE = /^(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool|char|str|\[|\(|&|\*)/;

export function crateOf(name) {
  if (name.startsWith("export:")) return "(wasm-bindgen exports)";
  if (/externref|^__wbindgen|^__wbg|^call .* shim|closure\d+ externref/.test(name)) return "wasm_bindgen";
  let s = name;
  if (s.startsWith("<")) {
    // `<Subject as Trait>::f` or `<Subject>::f`: the subject's crate, or for a primitive
    // subject the trait's crate (core when there is no trait).
    const inner = s.slice(1);
    if (PRIMITIVE.test(inner.replace(/^(&|\*)(mut |const )?/, ""))) {
      const t = inner.match(/ as ([A-Za-z_][A-Za-z0-9_]*)::/);
      return t ? t[1] : "core";
    }
    s = inner;
  }
  while (s.startsWith("&") || s.startsWith("*") || s.startsWith("(") || s.startsWith("[") || s.startsWith("<")) s = s.replace(/^[<&*([]+(mut |const |dyn )?/, "");
  const m = s.match(/^([A-Za-z_][A-Za-z0-9_]*)::/);
  if (m) return m[1];
  if (/^(__wbg|__wbindgen|wasm_bindgen)/.test(s)) return "wasm_bindgen";
  if (/^(memcpy|memset|memmove|memcmp|bcmp|strlen|__rust|__rdl|__rg|rust_)/.test(s)) return "(compiler runtime)";
  return "(other)";
}
