#!/usr/bin/env python3
"""Fails when modules of a crate import each other in a cycle.

Each .rs file is a module; an edge goes from a file to every module of the same crate it names
(`crate::a::b`, `super::x`, `self::y`, in `use` lines or inline paths). A cycle is a strongly
connected component of more than one file, or, one level up, of more than one sibling folder.
Usage: import_cycles.py               prints the cycles; exit status 1 when there is any
       import_cycles.py --self-test   shows that a planted cycle is found (run in CI first)
"""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES = [p.parent for p in ROOT.glob("**/Cargo.toml")
          if "target" not in p.parts and "node_modules" not in p.parts and (p.parent / "src").is_dir()]
PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
COMMENT = re.compile(r"//.*")


def module_of(src, f):
    rel = f.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def scc(nodes, edges):
    index, low, stack, on, out, i = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in nodes:
        if v not in index:
            visit(v)
    return out


def crate_cycles(crate):
    src = crate / "src"
    files = [f for f in src.rglob("*.rs")]
    mods = {module_of(src, f): f for f in files}
    edges = {}
    for m, f in mods.items():
        text = "\n".join(COMMENT.sub("", line) for line in f.read_text().splitlines())
        # Test modules may use anything of their parent; they are not part of the layering.
        text = text.split("#[cfg(test)]")[0]
        for kind, rest in PATH.findall(text):
            names = [n for n in rest.split("::") if n]
            if kind == "crate":
                base = ()
            elif kind == "self":
                base = m
            else:  # super (a file's module path already drops `mod`, so both kinds go up one)
                base = m[:-1]
                while names and names[0] == "super":
                    names = names[1:]; base = base[:-1]
            target = base
            for n in names:
                if target + (n,) in mods:
                    target = target + (n,)
                else:
                    break
            # A reference to an ancestor (e.g. `super::Item` defined in the parent) is not an
            # edge between siblings; only references into another file's subtree count.
            if target and target != m and m[:len(target)] != target:
                edges.setdefault(m, set()).add(target)
    file_cycles = scc(list(mods), edges)
    # Sibling level: collapse each module to its top-level folder under the crate root.
    top = {}
    for a, bs in edges.items():
        for b in bs:
            if a[:1] != b[:1] and a and b:
                top.setdefault(a[:1], set()).add(b[:1])
    folder_cycles = scc(sorted({m[:1] for m in mods if m}), top)
    return file_cycles, folder_cycles


def self_test():
    """A checker that finds nothing would pass forever: plant cycles and expect them found."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "src"
        (src / "a").mkdir(parents=True)
        (src / "lib.rs").write_text("pub mod a;\npub mod b;\n")
        (src / "a" / "mod.rs").write_text("pub mod x;\npub mod y;\n")
        (src / "a" / "x.rs").write_text("use super::y::Thing;\n")
        (src / "a" / "y.rs").write_text("use crate::a::x::Other;\npub fn f() { crate::b::g(); }\n")
        (src / "b.rs").write_text("use crate::a::y;\n#[cfg(test)]\nmod tests { use crate::a::x; }\n")
        files, folders = crate_cycles(pathlib.Path(tmp))
        assert files == [[("a", "x"), ("a", "y"), ("b",)]], files
        assert folders == [[("a",), ("b",)]], folders
        # Without the back edge from b there is no cycle between a and b.
        (src / "b.rs").write_text("pub fn g() {}\n")
        (src / "a" / "x.rs").write_text("pub struct Thing;\n")
        files, folders = crate_cycles(pathlib.Path(tmp))
        assert files == [] and folders == [], (files, folders)
    print("import cycle checker: planted cycles found, clean tree passes")
    return 0


def main():
    if "--self-test" in sys.argv:
        return self_test()
    total_files = total_folders = 0
    for crate in sorted(CRATES):
        files, folders = crate_cycles(crate)
        name = crate.relative_to(ROOT) or "."
        for c in files:
            print(f"{name}: file cycle: " + " <-> ".join("::".join(m) for m in c))
        for c in folders:
            print(f"{name}: module cycle: " + " <-> ".join("::".join(m) for m in c))
        total_files += len(files); total_folders += len(folders)
    print(f"import cycles: {total_files} between files, {total_folders} between top-level modules")
    return 1 if total_files or total_folders else 0


if __name__ == "__main__":
    sys.exit(main())
