"""Build marketplace/static/marketplace/css/shop.css: Oscar's stylesheet cut down to what buyers' pages use.

Oscar's styles.css (Bootstrap 4 and Oscar's own rules, 283 KB) is render-blocking on every shop page,
and loads Font Awesome's fonts. This keeps a rule only when every class and id in one of its selectors
appears somewhere in the templates and scripts of the shop (every word in them counts, like PurgeCSS's
default extractor: generous, never too strict), plus the classes Bootstrap's scripts add at run time.
Font Awesome goes: its @font-face rules and every .fa* selector (the few icons buyers see are drawn as
text, at the end of site.css). The officers' dashboard (oscar/dashboard/) and the
cooperative workspace keep their own CSS.

Run again after a template uses a Bootstrap class not yet in the shop:

    .venv/bin/python scripts/build_shop_css.py        # --check: exit 1 if shop.css is out of date
"""

import re
import sys
from pathlib import Path

import oscar

ROOT = Path(__file__).resolve().parents[1]
OSCAR = Path(oscar.__file__).parent
SOURCE = OSCAR / "static" / "oscar" / "css" / "styles.css"
TARGET = ROOT / "marketplace" / "static" / "marketplace" / "css" / "shop.css"

# Templates and scripts of pages that load the shop's layout; not the dashboard, the workspace, Wagtail's admin.
EXCLUDED = ("/dashboard/", "/workspace/", "/wagtailadmin/", "/node_modules/", "/.venv/", "/tests/")
SCRIPTS = [
    OSCAR / "static" / "oscar" / "js" / "oscar" / "ui.js",
]
# Classes Bootstrap's scripts and marketplace/js/shop_ui.js set (collapse, dropdown, alert, modal, tab), absent
# from templates.
RUNTIME_CLASSES = {"show", "collapsing", "collapsed", "fade", "active", "modal-open", "modal-backdrop",
                   "dropdown-backdrop", "was-validated", "disabled", "dropup", "dropleft", "dropright",
                   # Oscar's as_stars filter: the rating's word
                   "One", "Two", "Three", "Four", "Five"}
WORD = re.compile(r"[A-Za-z0-9_-]+")


def _shop_files(root, pattern):
    return [path for path in root.glob(pattern) if not any(part in f"/{path.relative_to(root)}" for part in EXCLUDED)]


def used_words():
    files = _shop_files(ROOT, "*/templates/**/*.html") + _shop_files(ROOT, "*/static/**/*.js")
    files += _shop_files(OSCAR / "templates", "**/*.html") + SCRIPTS
    words = set(RUNTIME_CLASSES)
    for path in files:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def blocks(css):
    """Top-level statements of ``css``: (prelude, body or None)."""
    position = 0
    while position < len(css):
        brace = css.find("{", position)
        semicolon = css.find(";", position)
        if brace == -1:
            return
        if css[position:].lstrip().startswith("@") and semicolon != -1 and semicolon < brace:
            yield css[position:semicolon].strip(), None  # @charset, @import
            position = semicolon + 1
            continue
        depth, end = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        yield css[position:brace].strip(), css[brace + 1:end - 1]
        position = end


def selector_kept(selector, words):
    if re.search(r"\.fa[srb]?\b|\.fa-", selector):
        return False
    # What :not(...) names need not be on the page; attribute values are no class names.
    bare = re.sub(r":not\([^)]*\)|\[[^\]]*\]", "", selector)
    names = re.findall(r"[.#]([A-Za-z0-9_-]+)", bare)
    return all(name in words for name in names)


def trim(css, words):
    out = []
    for prelude, body in blocks(css):
        if body is None:
            continue
        if prelude.startswith("@font-face"):
            continue
        if prelude.startswith(("@media", "@supports")):
            inner = trim(body, words)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):  # @keyframes, @page
            out.append(f"{prelude}{{{minify(body)}}}")
        else:
            selectors = [s.strip() for s in prelude.split(",") if selector_kept(s.strip(), words)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{minify(body)}}}")
    return "".join(out)


def minify(body):
    body = re.sub(r"\s*\n\s*", "", body)
    return re.sub(r"\s*([:;{}])\s*", r"\1", body).strip()


def build():
    css = re.sub(r"/\*.*?\*/", "", SOURCE.read_text(encoding="utf-8"), flags=re.S)
    header = ("/* Built by scripts/build_shop_css.py from Oscar's styles.css (Bootstrap v4.6.2, MIT licence):"
              " only the rules the shop's templates use. Do not edit; edit site.css. */\n")
    return header + trim(css, used_words()) + "\n"


def main():
    built = build()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != built:
            sys.exit(f"{TARGET.relative_to(ROOT)} is out of date: run scripts/build_shop_css.py")
        return
    TARGET.write_text(built, encoding="utf-8")
    size, source = len(built.encode()) / 1024, SOURCE.stat().st_size / 1024
    print(f"{TARGET.relative_to(ROOT)}: {size:.0f} KB (from {source:.0f} KB)")


if __name__ == "__main__":
    main()
