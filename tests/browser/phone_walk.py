"""Walk what a role can reach from the navigation at a phone's width (shared by the test and by hand).

`walk(page, base, width)` signs nothing in: the page must be signed in already. It opens every
navigation item, then every internal link those pages show (one per kind of page: the URL with
its numbers and codes replaced), and records for each page its width and the links that answer 404.
"""
import re
from urllib.parse import urljoin, urlparse

SKIP = re.compile(r"(\.pdf|\.docx|\.xlsx|\.svg|\.csv|\.zip|/download/|/export/|briefing\.|/logout/|/language/"
                  r"|/read-all/|/open/\?|/print)")

# Resolves the width, the internal links and the unlabelled inputs in one round trip (no eval: CSP).
PROBE = r"""() => {
  const links = [...document.querySelectorAll('main a[href], header a[href]')]
    .filter(a => a.offsetParent !== null || a.closest('details'))
    .map(a => a.href);
  const unlabelled = [...document.querySelectorAll('main input, main select, main textarea')]
    .filter(el => el.type !== 'hidden' && el.type !== 'submit' && el.offsetParent !== null)
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map(el => el.outerHTML.slice(0, 100).replace(/\s+/g, " "));
  return {width: document.documentElement.scrollWidth, links, unlabelled};
}"""


def kind(path):
    """/i/bma/evidence/12/ and /i/bma/evidence/13/ are one kind of page."""
    return re.sub(r"/(\d+|[0-9][0-9.]*[0-9]|[A-Z0-9][A-Za-z0-9.-]*\d[A-Za-z0-9.-]*)(?=/)", "/*", path)


def walk(page, base, start, depth=2, limit=150):
    """Open `start` and, `depth` links deep, one page of each kind; check one link of each kind."""
    host = urlparse(base).netloc
    seen_kinds = {kind(p) for p in start}
    queue = [(p, 0) for p in start]
    status_of_kind, report = {}, []
    while queue and len(report) < limit:
        path, level = queue.pop(0)
        response = page.goto(urljoin(base, path))
        probe = page.evaluate(PROBE)
        entry = {"path": path, "status": response.status if response else 0, "width": probe["width"],
                 "unlabelled": probe["unlabelled"], "dead": []}
        for href in probe["links"]:
            parsed = urlparse(href)
            if parsed.netloc != host or SKIP.search(href) or not parsed.path.startswith("/i/"):
                continue
            k = kind(parsed.path)
            if k not in status_of_kind:
                status_of_kind[k] = page.request.get(urljoin(base, parsed.path), max_redirects=0).status
            if status_of_kind[k] == 404:
                entry["dead"].append(parsed.path)
            if k not in seen_kinds and status_of_kind[k] == 200 and level < depth:
                seen_kinds.add(k)
                queue.append((parsed.path, level + 1))
        report.append(entry)
    return report


def nav_paths(page):
    return page.eval_on_selector_all("nav.sections a[data-nav]", "els => els.map(a => new URL(a.href).pathname)")
