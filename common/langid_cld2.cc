/*
 * langid_cld2.cc - the C face of CLD2 (a C++ library) for langid.c.
 *
 * The only C++ in the core. CLD2 names a few languages by older or private
 * codes; they are mapped to ISO 639 here (iw -> he, no -> nb, zh-Hant -> zh,
 * ku -> ckb: CLD2's Kurdish is Sorani in Arabic script). Codes for CLD2's
 * pseudo-languages (un, xx-*, tlh, zz*) leave the slot empty.
 */
#include "langid.h"

#include <cstdio>
#include <cstring>
#include <string>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace
{

struct code_map {
    const char *cld2, *iso;
};

const code_map renamed[] = {
    {"iw", "he"}, {"no", "nb"}, {"zh-Hant", "zh"}, {"ku", "ckb"},
    {"jw", "jv"}, {"mo", "ro"}, {"sr-ME", "sr"},   {"fil", "tl"},
};

void put_code(CLD2::Language l, char *out)
{
    out[0] = '\0';
    if (l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE)
        return;
    const char *c = CLD2::LanguageCode(l);
    if (!c || !c[0] || !strcmp(c, "un") || !strncmp(c, "xx", 2) || !strncmp(c, "zz", 2) ||
        !strcmp(c, "tlh"))
        return;
    for (const code_map &m : renamed)
        if (!strcmp(c, m.cld2)) {
            c = m.iso;
            break;
        }
    if (strlen(c) < 8)
        strcpy(out, c);
}

/* Bytes given to CLD2 by this thread (nx_cld2_bytes_read). */
thread_local size_t bytes_read = 0;

} // namespace

extern "C" int nx_cld2_detect(const char *s, size_t n, nx_langid_guess *g)
{
    memset(g, 0, sizeof(*g));
    if (n > (1u << 30))
        n = 1u << 30;
    bytes_read += n;
    CLD2::CLDHints hints = {NULL, NULL, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language l3[3];
    int pct[3];
    double score[3];
    int text_bytes = 0, valid = 0;
    bool reliable = false;
    /* On invalid UTF-8 CLD2 stops at once and fills in none of its outputs
     * but valid (the valid prefix's length): they are set here first, and the
     * valid prefix (a title's broken byte, say) is identified on its own. */
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < 3; k++) {
            l3[k] = CLD2::UNKNOWN_LANGUAGE;
            pct[k] = 0;
            score[k] = 0.0;
        }
        text_bytes = 0;
        reliable = false;
        valid = (int)n;
        CLD2::ExtDetectLanguageSummaryCheckUTF8(s, (int)n, true, &hints, CLD2::kCLDFlagBestEffort,
                                                l3, pct, score, NULL, &text_bytes, &reliable,
                                                &valid);
        if (valid >= (int)n || valid <= 0)
            break;
        n = (size_t)valid;
    }
    for (int k = 0; k < 3; k++) {
        put_code(l3[k], g->code[k]);
        g->percent[k] = g->code[k][0] ? pct[k] : 0;
    }
    g->reliable = reliable && g->code[0][0];
    g->text_bytes = text_bytes;
    return text_bytes > 0 && g->code[0][0] ? 0 : -1;
}

extern "C" size_t nx_cld2_bytes_read(void)
{
    return bytes_read;
}

extern "C" int nx_cld2_knows(const char *code)
{
    for (const code_map &m : renamed)
        if (!strcmp(code, m.iso))
            return 1;
    CLD2::Language l = CLD2::GetLanguageFromName(code);
    return l != CLD2::UNKNOWN_LANGUAGE;
}

extern "C" const char *nx_cld2_version(void)
{
    /* Built once (C++11 static initialisation is thread-safe). */
    static const std::string v = std::string("cld2 ") + CLD2::DetectLanguageVersion();
    return v.c_str();
}
