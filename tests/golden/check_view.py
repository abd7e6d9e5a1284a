#!/usr/bin/env python3
"""The annotated article view (newsx-extract --view) in headless Chromium.

  check_view.py          the project's article tests/data/fjord-tunnel.txt
                         (1-4 below)
  check_view.py seed     the seed article ../shared/samples/seed-article.txt
                         (1, 2, 4); exits 77 (skipped) when it is missing

1. Renders the article with
   --view, loads the page in Debian's chromium (--dump-dom, after the page's
   script ran) and checks the DOM against the record: every entity mention,
   quote, speaker, cue, time expression and repair is marked with the record's
   text; the article's visible text is the record's text; the side panel
   lists every entity by salience, the cited sources, a timeline, and the
   keywords, tone, amounts and fingerprint; the
   script ran (tooltips, speaker lines); the page loads nothing from outside.
2. --from-record on the saved record gives the same page.
3. Escaping: an article and a hand-made record full of <script>, <img
   onerror> and other markup render it as text; no script of theirs runs
   (the document title is never PWNED) and no element of theirs exists.
4. Screenshots at 1280x900 and 320x900 are valid, non-blank PNGs of that
   size; they are kept as test artifacts in the build tree (path printed).
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nxtest  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--hide-scrollbars", "--mute-audio"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SVG_VOID = {"line", "circle", "rect", "path"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def cls(self):
        return (self.attrs.get("class") or "").split()

    def text(self, skip=lambda n: False):
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif not skip(c):
                out.append(c.text(skip))
        return "".join(out)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find(self, pred):
        return [n for n in self.walk() if pred(n)]


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is self.root:
            return
        self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text):
    b = TreeBuilder()
    b.feed(text)
    b.close()
    return b.root


def chromium_bin():
    for name in ("chromium", "chromium-browser"):
        p = shutil.which(name)
        if p:
            return p
    nxtest.fail("Debian's chromium is not installed (deploy/install-deps.sh --test)")


def chromium(args, url, tmp):
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)  # an empty user data dir
    cmd = [chromium_bin()] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args + [url]
    p = subprocess.run(cmd, capture_output=True, timeout=180)
    if p.returncode != 0:
        nxtest.fail("chromium exited %d: %s" % (p.returncode, p.stderr.decode()[-2000:]))
    return p.stdout.decode("utf-8")


def dump_dom(path, tmp):
    out = chromium(["--window-size=1280,900", "--dump-dom"], "file://" + path, tmp)
    if "<html" not in out:
        nxtest.fail("chromium printed no DOM for %s" % path)
    return parse_html(out)


def png_check(path, width, height, problems):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        problems.append("%s: not a PNG" % path)
        return
    w, h = struct.unpack(">II", data[16:24])
    if (w, h) != (width, height):
        problems.append("%s: %dx%d, expected %dx%d" % (path, w, h, width, height))
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    if len(set(raw)) < 32:
        problems.append("%s: looks blank (%d distinct byte values)" % (path, len(set(raw))))


def is_label(n):
    return "ql" in n.cls()


def squash(s):
    return " ".join(s.split())


def run_view(args):
    code, out, err = nxtest.run_extract(args)
    if code != 0:
        nxtest.fail("newsx-extract %s exited %d: %s" % (" ".join(args), code, err))
    return out


def check_page_shell(doc, html_text, problems, where):
    """No external loads; a CSP that forbids them; exactly our one script."""
    csp = [m for m in doc.find(lambda n: n.tag == "meta")
           if (m.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    if not csp or "default-src 'none'" not in csp[0].attrs.get("content", ""):
        problems.append("%s: no Content-Security-Policy forbidding loads" % where)
    for n in doc.walk():
        if n.tag in ("link", "img", "iframe", "object", "embed", "video", "audio"):
            problems.append("%s: unexpected <%s> element" % (where, n.tag))
        if n.tag == "script" and "src" in n.attrs:
            problems.append("%s: external script" % where)
        for k, v in n.attrs.items():
            if k.startswith("on"):
                problems.append("%s: event handler attribute %s on <%s>" % (where, k, n.tag))
    scripts = doc.find(lambda n: n.tag == "script")
    if len(scripts) != 1:
        problems.append("%s: %d <script> elements, expected 1" % (where, len(scripts)))
    if "@import" in html_text or "url(" in html_text:
        problems.append("%s: the CSS loads something" % where)


def tip(n):
    """The tooltip: data-tip once the script ran, title before."""
    return n.attrs.get("data-tip") or n.attrs.get("title") or ""


def check_marks(doc, rec, problems, where):
    """Every annotation of the record is marked in the article with its text."""
    def add(msg):
        problems.append(where + ": " + msg)

    arts = doc.find(lambda n: n.attrs.get("id") == "art")
    if len(arts) != 1:
        nxtest.fail(where + ": no single article element")
    art = arts[0]
    text = rec["text"]
    nodes = list(art.walk())

    def pieces(pred):
        return "".join(n.text(is_label) for n in nodes if pred(n))

    # Entity mentions: the pieces of each mention spell its text; the first has its id.
    n_mentions = 0
    for e in rec["entities"]:
        for j, m in enumerate(e["mentions"]):
            n_mentions += 1
            got = pieces(lambda n: n.attrs.get("data-e") == e["id"] and "ent" in n.cls() and
                         n.attrs.get("data-m") == str(j))
            if got != m["text"] or text[m["start"]:m["end"]] != m["text"]:
                add("mention %s[%d] %r rendered as %r" % (e["id"], j, m["text"], got))
            first = [n for n in nodes if n.attrs.get("id") == "m-%s-%d" % (e["id"], j)]
            if len(first) != 1:
                add("mention %s[%d] has no anchor" % (e["id"], j))
            elif e["name"] not in tip(first[0]):
                add("mention %s[%d] tooltip lacks %r" % (e["id"], j, e["name"]))
            if "place" in e and first and e["place"]["country"] not in tip(first[0]):
                add("place %s tooltip lacks its country" % e["id"])
    # Quotes: pieces spell the quote; a label names the speaker; the speaker span exists.
    for i, q in enumerate(rec["quotes"]):
        qid = str(i + 1)
        got = pieces(lambda n: "q" in n.cls() and n.attrs.get("data-q") == qid)
        if got != q["text"]:
            add("quote Q%s %r rendered as %r" % (qid, q["text"][:40], got[:40]))
        labels = [n for n in nodes if "ql" in n.cls() and n.attrs.get("data-q") == qid]
        if len(labels) != 1:
            add("quote Q%s has %d labels" % (qid, len(labels)))
            continue
        sp = q["speaker"]
        if sp:
            sid = "spk-%d-%d" % (sp["start"], sp["end"])
            ent = next((e for e in rec["entities"] if e["id"] == sp["entity"]), None)
            name = ent["name"] if ent else sp["text"]
            if name not in labels[0].text():
                add("quote Q%s label %r lacks speaker %r" %
                                (qid, labels[0].text(), name))
            if labels[0].attrs.get("href") != "#" + sid:
                add("quote Q%s label does not link its speaker" % qid)
            spk = [n for n in nodes if n.attrs.get("id") == sid]
            if len(spk) != 1 or pieces(lambda n: "spk" in n.cls() and
                                       n.attrs.get("data-spk") == sid) != sp["text"]:
                add("speaker %r of Q%s not marked" % (sp["text"], qid))
            elif "Q" + qid not in spk[0].attrs.get("data-qs", "").split():
                add("speaker %r does not name Q%s" % (sp["text"], qid))
        elif "unattributed" not in labels[0].text():
            add("quote Q%s without speaker not labelled unattributed" % qid)
    cues = {(q["cue"]["start"], q["cue"]["end"]) for q in rec["quotes"] if q["cue"]}
    got_cues = [n for n in nodes if "cue" in n.cls()]
    if len(got_cues) < len(cues):
        add("%d cues marked, expected %d" % (len(got_cues), len(cues)))
    # Time expressions: underlined pieces spell the text; the tooltip has the value.
    for i, d in enumerate(rec["dates"]):
        els = [n for n in nodes if "tx" in n.cls() and n.attrs.get("data-d") == str(i)]
        if "".join(n.text() for n in els) != d["text"]:
            add("date %r not marked" % d["text"])
        elif d["value"] not in tip(els[0]):
            add("date %r tooltip lacks %r" % (d["text"], d["value"]))
    # Repairs: struck-through removed text, in order.
    dels = [n.text() for n in nodes if n.tag == "del" and "rep" in n.cls()]
    want = [r["removed"] for r in sorted(rec["repairs"], key=lambda r: r["start"]) if r["removed"]]
    if dels != want:
        add("repairs shown %r, expected %r" % (dels, want))
    # The visible text, less labels and removed text, is the record's text.
    shown = art.text(lambda n: "ql" in n.cls() or n.tag in ("del", "svg"))
    if squash(shown) != squash(text):
        a, b = squash(shown), squash(text)
        k = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        add("article text differs at %d: %r vs %r" % (k, a[k - 20:k + 30], b[k - 20:k + 30]))
    if len(doc.find(lambda n: n.tag == "p" and n.parent is art)) != rec["stats"]["paragraphs"]:
        add("paragraph count differs from stats.paragraphs")
    return art, nodes, n_mentions, dels


def luminance(hexcolor):
    c = [int(hexcolor[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def check_contrast(html_text, problems):
    """Text on the highlight colours, labels and removed text: at least 4.5:1."""
    root = re.search(r":root\{([^}]*)\}", html_text)
    body = re.search(r"body\{[^}]*;color:(#[0-9a-fA-F]{6})", html_text)
    if not root or not body:
        problems.append("no colour variables or body colour in the page's CSS")
        return
    var = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{6})", root.group(1)))
    text = body.group(1)
    pairs = [(text, var.get(k)) for k in ("per", "org", "loc", "misc", "q")]
    pairs += [("#ffffff", var.get("q-b")), (var.get("q-b"), var.get("q")),
              (var.get("del"), "#ffe8e8"), (var.get("tx"), "#ffffff")]
    for fg, bg in pairs:
        if not fg or not bg:
            problems.append("a colour variable is missing from the page's CSS")
        elif contrast(fg, bg) < 4.5:
            problems.append("contrast %s on %s is %.2f < 4.5" % (fg, bg, contrast(fg, bg)))


def check_cli(tmp, problems):
    """Usage errors exit 2; a file that is not a record exits 1, named."""
    article = nxtest.ARTICLE
    out = os.path.join(tmp, "cli.html")
    bad = os.path.join(tmp, "not-a-record.json")
    with open(bad, "w") as f:
        f.write('{"id": "x"}')
    for args, want, says in ((["--view", out, article, article], 2, "exactly one"),
                             (["--from-record", bad], 2, "needs --view"),
                             (["--view", out, "--from-record", bad], 1, "invalid_argument")):
        code, _, err = nxtest.run_extract(args)
        if code != want or says not in err:
            problems.append("newsx-extract %s: exit %d (%r), expected %d naming %r" %
                            (" ".join(args), code, err.strip(), want, says))
    if os.path.exists(out):
        problems.append("a failed --view wrote %s" % out)


# Appended to a copy of the page: plays a reader (click an entity in the panel,
# hover a time expression and a place: the first mention of a LOC entity with
# a place, PLACE_ID) and writes what the page did into the DOM.
HARNESS = """<script>(function(){
var d=document,r={},a=d.querySelector('a.ek');r.entity=a.getAttribute('data-e');a.click();
var on=d.querySelectorAll('#art .ent.on'),m={};
for(var i=0;i<on.length;i++){m[on[i].getAttribute('data-e')+'/'+on[i].getAttribute('data-m')]=1;}
r.marked=Object.keys(m);r.pressed=a.getAttribute('aria-pressed');
var t=d.querySelector('#art .tx');r.date=t.getAttribute('data-d');
t.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));
var tip=d.getElementById('tip');r.tipShown=!tip.hidden;r.dateTip=tip.textContent;
var p=d.querySelector('#art .ent.t-loc[data-e="PLACE_ID"]');r.place=p.getAttribute('data-e');
p.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));r.placeTip=tip.textContent;
a.click();r.after=d.querySelectorAll('#art .ent.on').length;
var o=d.createElement('pre');o.id='harness';o.textContent=JSON.stringify(r);d.body.appendChild(o);
})();</script>"""


def check_interaction(page, rec, tmp, problems):
    """Clicking an entity highlights exactly its mentions; hovering shows the tooltip."""
    with open(page, encoding="utf-8") as f:
        html_text = f.read()
    copy = os.path.join(tmp, "harness.html")
    places = sorted((e["mentions"][0]["start"], e["id"]) for e in rec["entities"]
                    if e["type"] == "LOC" and e.get("place") and e["mentions"])
    if not places:
        problems.append("interaction: no place in the article to hover")
        return
    harness = HARNESS.replace("PLACE_ID", places[0][1])
    with open(copy, "w", encoding="utf-8") as f:
        f.write(html_text.replace("</body>", harness + "</body>"))
    doc = dump_dom(copy, tmp)
    out = doc.find(lambda n: n.attrs.get("id") == "harness")
    if not out:
        problems.append("interaction: the harness did not run")
        return
    r = json.loads(out[0].text())
    ents = {e["id"]: e for e in rec["entities"]}
    e = ents.get(r["entity"])
    want = sorted("%s/%d" % (e["id"], j) for j in range(len(e["mentions"]))) if e else None
    if sorted(r["marked"]) != want:
        problems.append("interaction: clicking %s marked %s, expected %s" %
                        (r["entity"], r["marked"], want))
    if r["pressed"] != "true" or r["after"] != 0:
        problems.append("interaction: the entity button does not toggle (%r, %d left on)" %
                        (r["pressed"], r["after"]))
    value = rec["dates"][int(r["date"])]["value"]
    if not r["tipShown"] or value not in r["dateTip"]:
        problems.append("interaction: hovering a date shows %r, not its value %r" %
                        (r["dateTip"], value))
    place = ents.get(r["place"], {}).get("place")
    if not place or place["country"] not in r["placeTip"] or \
            ents[r["place"]]["name"] not in r["placeTip"]:
        problems.append("interaction: hovering a place shows %r" % r["placeTip"])
    print("interaction: %s highlights its %d mentions; date and place tooltips shown" %
          (r["entity"], len(r["marked"])))


def check_article(tmp, art_dir, problems, path, name):
    """The page of the article at PATH (artifacts named NAME-view*)."""
    rec_path = os.path.join(tmp, "%s.json" % name)
    with open(rec_path, "wb") as f:
        f.write(run_view([path]))
    with open(rec_path, encoding="utf-8") as f:
        rec = json.load(f)
    page = os.path.join(art_dir, "%s-view.html" % name)
    run_view(["--view", page, path])
    page2 = os.path.join(tmp, "%s-from-record.html" % name)
    run_view(["--view", page2, "--from-record", rec_path])
    with open(page, "rb") as f:
        html_bytes = f.read()
    with open(page2, "rb") as f:
        if f.read() != html_bytes:
            problems.append("--from-record gives a different page than the direct run")
    for what in ("entities", "dates", "quotes"):
        if not rec[what]:
            problems.append("the %s record has no %s: nothing to check" % (name, what))

    # Without a script (the file as written) and in Chromium after the script ran.
    check_marks(parse_html(html_bytes.decode("utf-8")), rec, problems, "without script")
    doc = dump_dom(page, tmp)
    check_page_shell(doc, html_bytes.decode("utf-8"), problems, name)
    check_contrast(html_bytes.decode("utf-8"), problems)
    art, nodes, n_mentions, dels = check_marks(doc, rec, problems, "in chromium")
    # The script ran: titles became tooltips; lines join speakers and labels.
    if any("title" in n.attrs for n in nodes if n.tag != "title"):
        problems.append("titles left in the article: the script did not run")
    links = doc.find(lambda n: n.attrs.get("id") == "links")
    paths = links[0].find(lambda n: n.tag == "path") if links else []
    if not paths:
        problems.append("no line from a speaker to a quote label")
    # Side panel: entities by salience with counts, timeline, sources, stats.
    ek = doc.find(lambda n: n.tag == "a" and "ek" in n.cls())
    order = [e["id"] for e in sorted(rec["entities"], key=lambda e: -e["salience"])]
    if [n.attrs.get("data-e") for n in ek] != order:
        problems.append("side panel entities not in salience order")
    for n in ek:
        e = next(e for e in rec["entities"] if e["id"] == n.attrs.get("data-e"))
        count = n.parent.find(lambda c: "ct" in c.cls())
        if not count or count[0].text().rstrip("\u00d7") != str(e["count"]):
            problems.append("side panel count of %s wrong" % e["id"])
    tl = doc.find(lambda n: n.tag == "svg" and "tl" in n.cls())
    anchored = {d["value"] for d in rec["dates"] if d["value"][:4].isdigit()}
    rows = tl[0].find(lambda n: "row" in n.cls()) if tl else []
    if len(rows) != len(anchored):
        problems.append("timeline has %d rows, expected %d" % (len(rows), len(anchored)))
    srcs = doc.find(lambda n: n.attrs.get("id") == "sources")
    src_text = srcs[0].text() if srcs else ""
    for s in rec["sources"]:
        if s["name"] not in src_text:
            problems.append("cited source %r missing" % s["name"])
    extras = doc.find(lambda n: n.attrs.get("id") == "extras")
    ex_text = extras[0].text() if extras else ""
    for k in rec["keywords"]:
        if k["text"] not in ex_text:
            problems.append("keyword %r missing" % k["text"])
    for a in rec["amounts"]:
        if a["text"] not in ex_text:
            problems.append("amount %r missing" % a["text"])
    if "tone %+.2f" % rec["tone"]["tone"] not in ex_text:
        problems.append("tone %+.2f missing" % rec["tone"]["tone"])
    if rec["fingerprint"] not in ex_text:
        problems.append("fingerprint missing")
    stats = doc.find(lambda n: n.attrs.get("id") == "stats")
    pairs = {}
    for div in (stats[0].find(lambda n: n.tag == "div") if stats else []):
        dt, dd = div.find(lambda n: n.tag == "dt"), div.find(lambda n: n.tag == "dd")
        if dt and dd:
            pairs[dt[0].text().strip()] = dd[0].text().strip()
    for k in ("chars", "words", "sentences", "paragraphs"):
        if pairs.get(k) != str(rec["stats"][k]):
            problems.append("stats lack %s %d" % (k, rec["stats"][k]))
    print("%s: %d mentions, %d quotes, %d dates, %d repairs, %d speaker lines checked" %
          (name, n_mentions, len(rec["quotes"]), len(rec["dates"]), len(dels), len(paths)))

    check_interaction(page, rec, tmp, problems)
    for w in (1280, 320):
        png = os.path.join(art_dir, "%s-view-%d.png" % (name, w))
        if os.path.exists(png):
            os.unlink(png)
        chromium(["--window-size=%d,900" % w, "--screenshot=" + png], "file://" + page, tmp)
        if not os.path.exists(png):
            problems.append("no screenshot at %d px" % w)
        else:
            png_check(png, w, 900, problems)


# name: the article whose page is checked (seed: ../shared, skipped when missing).
ARTICLES = {"own": nxtest.ARTICLE, "seed": nxtest.SEED}

PWN = "<script>document.title='PWNED'</script>"
IMG = "<img src=x onerror=\"document.title='PWNED'\">"


def check_no_injection(doc, problems, where, must_show):
    title = doc.find(lambda n: n.tag == "title" and n.parent.tag == "head")
    if not title or "PWNED" == title[0].text().strip():
        problems.append("%s: the document title was changed: a script ran" % where)
    for n in doc.walk():
        if n.tag in ("b", "i", "img") or (n.tag == "script" and "PWNED" in n.text()):
            problems.append("%s: the article's markup became a <%s> element" % (where, n.tag))
    art = doc.find(lambda n: n.attrs.get("id") == "art")
    shown = art[0].text(lambda n: "ql" in n.cls()) if art else ""
    for s in must_show:
        if s not in shown:
            problems.append("%s: %r is not shown as text" % (where, s))


def check_escaping(tmp, art_dir, problems):
    article = ("title: Tags <b>bold</b> & " + PWN + "\n"
               "source: <i>Evil</i> Times\n"
               "date: 2023-03-01\n\n"
               "Alice Smith said \u201c" + PWN + " is not code\u201d in Paris on Monday.\n\n"
               + IMG + " and <b>bold</b> & stay text, Alice Smith told Reuters.\n")
    src = os.path.join(tmp, "escape-article.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(article)
    page = os.path.join(art_dir, "escape-view.html")
    run_view(["--in", "text", "--view", page, src])
    with open(page, encoding="utf-8") as f:
        html_text = f.read()
    doc = dump_dom(page, tmp)
    check_page_shell(doc, html_text, problems, "escaping article")
    check_no_injection(doc, problems, "escaping article", [PWN, IMG, "<b>bold</b> &"])
    h1 = doc.find(lambda n: n.tag == "h1")
    if not h1 or PWN not in h1[0].text():
        problems.append("escaping article: the title is not shown as text")

    # A hand-made record: markup in every string the view shows, spans on it.
    text = "Bob <b>Ng</b> said " + PWN + " at " + IMG + " on Monday."
    name = "Bob <b>Ng</b>"
    i_q, i_img = text.index(PWN), text.index(IMG)
    rec = {
        "schema": "newsx.record/1", "id": "<i>id</i>", "published": "2023-03-01",
        "published_source": "header", "title": "<b>T</b>" + PWN, "url": "javascript:alert(1)",
        "lang": "en\" onload=\"document.title='PWNED'", "source": IMG, "author": PWN,
        "text": text,
        "stats": {"chars": len(text), "words": 9, "sentences": 1, "paragraphs": 1},
        "entities": [{"id": "E1", "type": "PERSON", "name": name + PWN,
                      "mentions": [{"start": 0, "end": len(name), "text": name}],
                      "count": 1, "salience": 1.0},
                     {"id": "E2\"><img src=x onerror=alert(1)>", "type": "<b>LOC</b>",
                      "name": IMG, "mentions": [{"start": i_img, "end": i_img + len(IMG),
                                                 "text": IMG}],
                      "count": 1, "salience": 0.5,
                      "place": {"country": "<b>", "lat": 1.0, "lon": 2.0, "kind": PWN}}],
        "dates": [{"start": len(text) - 7, "end": len(text) - 1, "text": "Monday",
                   "type": "DATE", "value": PWN}],
        "quotes": [{"start": i_q, "end": i_q + len(PWN), "text": PWN, "kind": "direct\" x=\"",
                    "speaker": {"start": 0, "end": len(name), "text": name, "entity": "E1"},
                    "cue": {"start": len(name) + 1, "end": len(name) + 5, "text": "said"}}],
        "sources": [{"name": IMG, "entity": None, "cue": {"start": 0, "end": 1, "text": PWN},
                     "start": 0, "end": 1}],
        "repairs": [{"kind": "repeated_token", "start": 3, "removed": PWN, "input_start": 0,
                     "input_end": 1}],
        "extractor": {"name": "newsx", "version": PWN, "models": {PWN: IMG}},
    }
    rec_path = os.path.join(tmp, "escape-record.json")
    with open(rec_path, "w", encoding="utf-8") as f:
        json.dump(rec, f)
    page = os.path.join(art_dir, "escape-record-view.html")
    run_view(["--view", page, "--from-record", rec_path])
    with open(page, encoding="utf-8") as f:
        html_text = f.read()
    doc = dump_dom(page, tmp)
    check_page_shell(doc, html_text, problems, "escaping record")
    check_no_injection(doc, problems, "escaping record", [PWN, IMG, "<b>Ng</b>"])
    tips = [n.attrs.get("data-tip", "") for n in doc.walk() if n.attrs.get("data-e") == "E1"]
    if not tips or PWN not in tips[0]:
        problems.append("escaping record: the entity tooltip does not show its name as text")
    if any(n.tag == "a" and n.attrs.get("href", "").startswith("javascript:")
           for n in doc.walk()):
        problems.append("escaping record: a javascript: URL became a link")
    html_el = doc.find(lambda n: n.tag == "html")
    if html_el and "onload" in html_el[0].attrs:
        problems.append("escaping record: the lang value became an attribute")
    print("escaping: 2 pages, no markup of theirs, no script of theirs ran")


def main():
    build = os.environ.get("NEWSX_BUILD_DIR") or os.path.dirname(
        os.path.dirname(os.path.abspath(nxtest.EXTRACT)))
    art_dir = os.path.join(build, "test-artifacts", "view")
    os.makedirs(art_dir, exist_ok=True)
    name = sys.argv[1] if len(sys.argv) > 1 else "own"
    path = ARTICLES[name]
    if name == "seed":
        nxtest.require_shared(path)
    problems = []
    with tempfile.TemporaryDirectory(prefix="newsx-view-") as tmp:
        check_article(tmp, art_dir, problems, path, name)
        if name == "own":
            check_escaping(tmp, art_dir, problems)
            check_cli(tmp, problems)
    print("artifacts (pages, screenshots): %s" % art_dir)
    if problems:
        nxtest.fail("%d problems:\n  %s" % (len(problems), "\n  ".join(problems)))
    print("ok: view of %s%s checked in %s" % (os.path.basename(path),
                                              " and escaping" if name == "own" else "",
                                              chromium_bin()))


if __name__ == "__main__":
    main()
