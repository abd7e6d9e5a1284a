/*
 * view_page.c - the page around the annotated article: the head with the
 * Content-Security-Policy and the inline CSS, the header (title, date,
 * source, URL, legend), and the footer with the inline script. See
 * view_int.h.
 */
#include <string.h>

#include "view_int.h"

/* ---- the page --------------------------------------------------------- */

static const char page_css[] =
    ":root{--per:#ffe0bb;--per-b:#a04e00;--org:#d4e5ff;--org-b:#1d5bb8;--loc:#cdf2d4;"
    "--loc-b:#17703a;--misc:#eedcff;--misc-b:#7339ab;--q:#fff3c4;--q-b:#735600;--tx:#b0125b;"
    "--del:#a30000;--line:#d9d9d4}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "sans-serif;color:#1b1b1b;background:#f4f4f0}\n"
    "a{color:#0b4fa8}\n"
    "code{font:.85em/1.3 ui-monospace,'DejaVu Sans Mono',monospace;overflow-wrap:anywhere}\n"
    "header.top{background:#fff;border-bottom:1px solid var(--line);"
    "padding:14px clamp(10px,3vw,40px) 10px}\n"
    ".top>div{max-width:1500px;margin:0 auto}\n"
    "h1{font:700 clamp(1.25rem,1.6vw + .8rem,2rem)/1.2 Georgia,'DejaVu Serif',serif;"
    "margin:0 0 6px;overflow-wrap:anywhere}\n"
    ".meta{margin:0;color:#444;font-size:.9rem;overflow-wrap:anywhere}\n"
    ".meta strong{color:#1b1b1b}\n"
    ".legend{list-style:none;margin:10px 0 0;padding:0;display:flex;flex-wrap:wrap;"
    "gap:6px 10px;font-size:.82rem}\n"
    ".legend li{white-space:nowrap;display:flex;align-items:center}\n"
    ".wrap{display:grid;grid-template-columns:minmax(0,1fr);gap:18px;max-width:1500px;"
    "margin:0 auto;padding:16px clamp(6px,3vw,40px)}\n"
    "@media (min-width:900px){.wrap{grid-template-columns:minmax(0,1fr) 330px}}\n"
    "@media (min-width:1400px){.wrap{grid-template-columns:minmax(0,1fr) 390px}}\n"
    "article{position:relative;background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:clamp(10px,3vw,34px);font:1.05rem/1.9 Georgia,'DejaVu Serif',serif;"
    "overflow-wrap:break-word}\n"
    "article p{margin:0 0 1em;position:relative;z-index:1}\n"
    ".ent{border-radius:3px;padding:0 1px;border-bottom:2px solid;"
    "-webkit-box-decoration-break:clone;box-decoration-break:clone}\n"
    ".t-per{background:var(--per);border-color:var(--per-b)}\n"
    ".t-org{background:var(--org);border-color:var(--org-b)}\n"
    ".t-loc{background:var(--loc);border-color:var(--loc-b)}\n"
    ".t-misc{background:var(--misc);border-color:var(--misc-b)}\n"
    ".ent.on{background:#ffe14a;outline:2px solid #1b1b1b}\n"
    "body.focus .ent:not(.on){background:transparent}\n"
    ".q{background:var(--q);-webkit-box-decoration-break:clone;box-decoration-break:clone}\n"
    ".q.k-scare{background:none;border-bottom:1px dashed var(--q-b)}\n"
    ".q.k-indirect{background:#eef2fb;border-bottom:2px dotted #4a64a8}\n"
    ".ql.k-indirect{background:#4a64a8}\n"
    ".qlist.ind li{border-left:3px solid #4a64a8;padding-left:6px}\n"
    ".q.hot{background:#ffe47a}\n"
    ".ql{display:inline-block;font:700 .68rem/1.35 system-ui,'DejaVu Sans',sans-serif;"
    "background:var(--q-b);color:#fff;border-radius:9px;padding:1px 7px;margin:0 3px 0 1px;"
    "text-decoration:none;vertical-align:.2em;max-width:100%;white-space:nowrap;"
    "overflow:hidden;text-overflow:ellipsis}\n"
    "a.ql:focus-visible,a.ek:focus-visible{outline:3px solid #0b4fa8;outline-offset:1px}\n"
    ".spk{box-shadow:inset 0 -3px 0 var(--q-b)}\n"
    ".spk::after{content:attr(data-qs);font:700 .62rem system-ui,'DejaVu Sans',sans-serif;"
    "color:var(--q-b);vertical-align:super;margin-left:2px}\n"
    ".cue{font-style:italic;text-decoration:underline dotted var(--q-b)}\n"
    ".tx{text-decoration:underline 2px var(--tx);text-underline-offset:.28em}\n"
    "del.rep{color:var(--del);background:#ffe8e8;text-decoration:line-through 2px}\n"
    "#links{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;"
    "overflow:visible;z-index:2}\n"
    "#links path{fill:none;stroke:var(--q-b);stroke-width:1.4;stroke-dasharray:4 3;"
    "opacity:.55}\n"
    "#links path.hot{opacity:1;stroke-width:2.4;stroke-dasharray:none}\n"
    "#tip{position:absolute;z-index:10;max-width:min(22rem,92vw);background:#1b1b1b;"
    "color:#fff;font:13px/1.4 system-ui,'DejaVu Sans',sans-serif;padding:6px 9px;"
    "border-radius:5px;white-space:pre-line;pointer-events:none;left:0;top:0}\n"
    "aside{font-size:.9rem;min-width:0}\n"
    "aside section{background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:10px 14px;margin:0 0 14px}\n"
    "aside h2{font-size:.78rem;text-transform:uppercase;letter-spacing:.07em;margin:0 0 6px;"
    "color:#333}\n"
    "aside h2 .n{color:#555;font-weight:400}\n"
    ".hint,.none,.off,.small{color:#4a4a4a;font-size:.82rem;margin:0 0 6px}\n"
    ".warn{color:var(--del);font-size:.82rem}\n"
    ".elist,.qlist,.slist{margin:0;padding:0;list-style:none}\n"
    ".elist li{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:0 8px;"
    "padding:3px 0 4px;border-bottom:1px solid #eee}\n"
    "a.ek{color:inherit;text-decoration:none;display:flex;gap:6px;align-items:baseline;"
    "min-width:0;border-radius:3px}\n"
    "a.ek .nm{overflow-wrap:anywhere;font-weight:600}\n"
    "a.ek:hover .nm{text-decoration:underline}\n"
    "a.ek[aria-pressed=true]{background:#ffe14a}\n"
    ".sw{width:.8em;height:.8em;border-radius:2px;border:2px solid;flex:none;"
    "align-self:center}\n"
    ".ek.t-per .sw,.legend .t-per{background:var(--per);border-color:var(--per-b)}\n"
    ".ek.t-org .sw,.legend .t-org{background:var(--org);border-color:var(--org-b)}\n"
    ".ek.t-loc .sw,.legend .t-loc{background:var(--loc);border-color:var(--loc-b)}\n"
    ".ek.t-misc .sw,.legend .t-misc{background:var(--misc);border-color:var(--misc-b)}\n"
    ".ek.t-per,.ek.t-org,.ek.t-loc,.ek.t-misc{background:none}\n"
    ".legend .ent{padding:0 4px}\n"
    ".ct{font-variant-numeric:tabular-nums;color:#333}\n"
    ".et{grid-column:1/-1;font-size:.75rem;color:#4a4a4a;padding-left:1.3em}\n"
    ".sal{grid-column:1/-1;height:3px;background:#ececec;margin-left:1.3em;border-radius:2px}\n"
    ".sal>span{display:block;height:3px;background:#5a5a5a;border-radius:2px}\n"
    ".qlist li{padding:3px 0;border-bottom:1px solid #eee;font-size:.84rem;"
    "overflow-wrap:anywhere}\n"
    ".qlist .who{font-weight:600}\n"
    ".basis{font-size:.72rem;color:#555;border:1px solid #bbb;border-radius:3px;padding:0 3px}\n"
    ".basis.guess{color:#8a4b00;border-color:#c98a3a;border-style:dashed}\n"
    ".slist li{padding:2px 0}\n"
    ".sn{font-weight:600}\n"
    ".cues{color:#4a4a4a}\n"
    "svg.tl{width:100%;height:auto;display:block;font:11px system-ui,'DejaVu Sans',sans-serif}\n"
    "svg.tl .ax{stroke:#777}\n"
    "svg.tl .yt{stroke:#ddd}\n"
    "svg.tl .yl{fill:#444;text-anchor:middle}\n"
    "svg.tl .pub{stroke:var(--tx);stroke-dasharray:3 2}\n"
    "svg.tl .pl{fill:var(--tx);text-anchor:middle;font-size:9px}\n"
    "svg.tl .vl{fill:#1b1b1b;font-family:ui-monospace,'DejaVu Sans Mono',monospace}\n"
    "svg.tl rect,svg.tl circle{fill:var(--tx);opacity:.8}\n"
    "dl.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(88px,1fr));"
    "gap:6px;margin:0 0 8px}\n"
    "dl.stats div{background:#f6f6f3;border-radius:4px;padding:3px 7px}\n"
    "dl.stats dt{font-size:.72rem;color:#4a4a4a}\n"
    "dl.stats dd{margin:0;font-weight:700;font-variant-numeric:tabular-nums}\n"
    "footer{text-align:center;color:#4a4a4a;font-size:.8rem;padding:0 10px 20px}\n"
    "@media (max-width:480px){body{font-size:15px}article{line-height:1.8}}\n"
    "@media print{#links,#tip{display:none}}\n";

/* The niceties: tooltips, entity highlighting, lines from speakers to quote
 * labels. It reads only the DOM; no record data is ever placed in a script. */
static const char page_js[] =
    "(function(){'use strict';\n"
    "var d=document,art=d.getElementById('art'),tip=d.getElementById('tip');\n"
    "var svg=d.getElementById('links');if(!art)return;\n"
    "d.documentElement.className+=' js';\n"
    "var t=art.querySelectorAll('[title]');\n"
    "for(var i=0;i<t.length;i++){t[i].setAttribute('data-tip',t[i].getAttribute('title'));"
    "t[i].removeAttribute('title');}\n"
    "function hot(q,on){var e=d.querySelectorAll('[data-q=\"'+q+'\"]');"
    "for(var i=0;i<e.length;i++)e[i].classList.toggle('hot',on);}\n"
    "var lastQ=null;\n"
    "art.addEventListener('mouseover',function(ev){\n"
    " var el=ev.target.closest?ev.target.closest('[data-tip]'):null;\n"
    " var qe=ev.target.closest?ev.target.closest('[data-q]'):null;\n"
    " var q=qe?qe.getAttribute('data-q'):null;\n"
    " if(q!==lastQ){if(lastQ)hot(lastQ,false);if(q)hot(q,true);lastQ=q;}\n"
    " if(!el||!art.contains(el)){tip.hidden=true;return;}\n"
    " tip.textContent=el.getAttribute('data-tip');tip.hidden=false;\n"
    " var r=el.getClientRects()[0]||el.getBoundingClientRect();\n"
    " var x=Math.max(4,Math.min(r.left,d.documentElement.clientWidth-tip.offsetWidth-4));\n"
    " var y=r.bottom+6;if(y+tip.offsetHeight>window.innerHeight)y=r.top-tip.offsetHeight-6;\n"
    " tip.style.left=(x+window.scrollX)+'px';tip.style.top=(y+window.scrollY)+'px';});\n"
    "art.addEventListener('mouseleave',function(){tip.hidden=true;"
    "if(lastQ)hot(lastQ,false);lastQ=null;});\n"
    "var cur=null;\n"
    "function focusEnt(id,scroll){\n"
    " var m=art.querySelectorAll('.ent[data-e]'),b=d.querySelectorAll('a.ek'),first=null;\n"
    " cur=cur===id?null:id;d.body.classList.toggle('focus',cur!==null);\n"
    " for(var i=0;i<m.length;i++){var on=m[i].getAttribute('data-e')===cur;"
    "m[i].classList.toggle('on',on);if(on&&!first)first=m[i];}\n"
    " for(i=0;i<b.length;i++)b[i].setAttribute('aria-pressed',"
    "b[i].getAttribute('data-e')===cur?'true':'false');\n"
    " if(first&&scroll)first.scrollIntoView({block:'center',behavior:'smooth'});}\n"
    "var ek=d.querySelectorAll('a.ek');\n"
    "for(i=0;i<ek.length;i++){ek[i].setAttribute('role','button');"
    "ek[i].setAttribute('aria-pressed','false');"
    "ek[i].addEventListener('click',function(ev){ev.preventDefault();"
    "focusEnt(this.getAttribute('data-e'),true);});}\n"
    "art.addEventListener('click',function(ev){var e=ev.target.closest?"
    "ev.target.closest('.ent'):null;if(e)focusEnt(e.getAttribute('data-e'),false);});\n"
    "var NS='http://www.w3.org/2000/svg';\n"
    "function draw(){if(!svg)return;while(svg.firstChild)svg.removeChild(svg.firstChild);\n"
    " var ar=art.getBoundingClientRect(),l=art.querySelectorAll('a.ql[data-spk]');\n"
    " for(var i=0;i<l.length;i++){var s=d.getElementById(l[i].getAttribute('data-spk'));\n"
    "  if(!s)continue;var a=s.getClientRects(),b=l[i].getBoundingClientRect();\n"
    "  if(!a.length||!b.width)continue;a=a[0];\n"
    "  if(Math.abs(a.top-b.top)>window.innerHeight*0.8)continue;\n"
    "  var x1=a.left+a.width/2-ar.left,x2=b.left+8-ar.left,y1,y2;\n"
    "  if(a.top<b.top-2){y1=a.bottom-ar.top;y2=b.top-ar.top+2;}\n"
    "  else if(a.top>b.top+2){y1=a.top-ar.top;y2=b.bottom-ar.top-2;}\n"
    "  else{y1=a.bottom-ar.top;y2=b.bottom-ar.top;}\n"
    "  var "
    "same=Math.abs(a.top-b.top)<=2,dy=same?8:Math.max(14,Math.abs(y2-y1)/2),s1=same||y1<y2?1:-1;\n"
    "  var p=d.createElementNS(NS,'path');p.setAttribute('data-q',l[i].getAttribute('data-q'));\n"
    "  p.setAttribute('d','M'+x1+' '+y1+'C'+x1+' '+(y1+s1*dy)+' '+x2+' '+(y2-s1*dy)+' '+x2+' "
    "'+y2);\n"
    "  svg.appendChild(p);}}\n"
    "draw();window.addEventListener('resize',draw);\n"
    "if(d.fonts&&d.fonts.ready)d.fonts.ready.then(draw);\n"
    "})();\n";

void nxv_write_head(view *v)
{
    nx_buf *b = v->b;
    const char *title = nxv_jstr(v->root, "title");
    const char *lang = nxv_jstr(v->root, "lang");
    nx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
    nxv_escs(b, lang && *lang ? lang : "en");
    nx_buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
                   "<meta name=\"generator\" content=\"newsx-extract --view\">\n<title>");
    if (title && *title)
        nxv_escs(b, title);
    else {
        nx_buf_puts(b, "Article ");
        nxv_escs(b, nxv_jstr(v->root, "id"));
    }
    nx_buf_puts(b, " \xE2\x80\x94 newsx view</title>\n<style>\n");
    nx_buf_puts(b, page_css);
    nx_buf_puts(b, "</style>\n</head>\n");
}

void nxv_write_header(view *v)
{
    nx_buf *b = v->b;
    const char *title = nxv_jstr(v->root, "title");
    nx_buf_puts(b, "<body>\n<header class=\"top\"><div>\n<h1 id=\"title\">");
    if (title && *title)
        nxv_escs(b, title);
    else {
        nx_buf_puts(b, "Untitled article <code>");
        nxv_escs(b, nxv_jstr(v->root, "id"));
        nx_buf_puts(b, "</code>");
    }
    nx_buf_puts(b, "</h1>\n<p class=\"meta\">");
    const char *pub = nxv_jstr(v->root, "published");
    if (pub) {
        nx_buf_puts(b, "Published <strong><time id=\"published\" datetime=\"");
        nxv_escs(b, pub);
        nx_buf_puts(b, "\">");
        nxv_escs(b, pub);
        nx_buf_puts(b, "</time></strong>");
        const char *how = nxv_jstr(v->root, "published_source");
        if (how) {
            nx_buf_puts(b, " (from ");
            nxv_escs(b, how);
            nx_buf_puts(b, ")");
        }
    } else {
        nx_buf_puts(b, "Publication date unknown");
    }
    static const struct {
        const char *key, *label;
    } meta[] = {{"source", "Source"}, {"author", "By"}, {"lang", "Language"}};
    for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
        const char *val = nxv_jstr(v->root, meta[i].key);
        if (!val || !*val)
            continue;
        nx_buf_printf(b, " \xC2\xB7 %s <strong id=\"%s\">", meta[i].label, meta[i].key);
        nxv_escs(b, val);
        nx_buf_puts(b, "</strong>");
    }
    const char *url = nxv_jstr(v->root, "url");
    if (url && *url) {
        int web = strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0;
        nx_buf_puts(b, " \xC2\xB7 ");
        if (web) {
            nx_buf_puts(b, "<a rel=\"noopener noreferrer\" href=\"");
            nxv_escs(b, url);
            nx_buf_puts(b, "\">");
        } else {
            nx_buf_puts(b, "<code>");
        }
        nxv_escs(b, url);
        nx_buf_puts(b, web ? "</a>" : "</code>");
    }
    nx_buf_puts(b, "</p>\n<ul class=\"legend\" aria-label=\"Legend\">");
    for (size_t i = 0; i < NXV_N_ETYPES; i++)
        nx_buf_printf(b, "<li><span class=\"ent %s\">%s</span></li>", nxv_etypes[i].cls,
                      nxv_etypes[i].label);
    nx_buf_puts(b, "<li><span class=\"ql\">Q1 speaker</span><span class=\"q\">quotation</span>"
                   "</li><li><span class=\"spk\" data-qs=\"Q1\">speaker</span></li>"
                   "<li><span class=\"cue\">cue</span></li>"
                   "<li><span class=\"tx\">time expression</span></li>"
                   "<li><del class=\"rep\">removed text</del></li></ul>\n</div></header>\n");
}

void nxv_write_footer(view *v)
{
    nx_buf *b = v->b;
    nx_buf_puts(b, "</aside>\n</div>\n<div id=\"tip\" role=\"tooltip\" hidden></div>\n"
                   "<footer>Rendered by newsx-extract --view \xC2\xB7 record ");
    nxv_escs(b, nxv_jstr(v->root, "schema"));
    nx_buf_puts(b, "</footer>\n<script>\n");
    nx_buf_puts(b, page_js);
    nx_buf_puts(b, "</script>\n</body>\n</html>\n");
}
