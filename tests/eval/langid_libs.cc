// langid_libs.cc - the two Debian language identifiers side by side, for the
// choice recorded in docs/langid.md (not part of the build; langid_libs.py
// compiles and runs it).
//
// Reads lines "id<TAB>text" on stdin and writes one line per text:
//   id  cld2-code  cld2-reliable  cld2-percent  textcat-answer
// CLD2 with kCLDFlagBestEffort and no hints; libexttextcat with the
// fingerprints of libexttextcat-data (fpdb.conf). The time each spent goes
// to stderr.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <libexttextcat/textcat.h>

static double now()
{
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/usr/share/libexttextcat/";
    std::string conf = std::string(dir) + "fpdb.conf";
    void *tc = special_textcat_Init(conf.c_str(), dir);
    if (!tc) {
        fprintf(stderr, "langid_libs: cannot load %s\n", conf.c_str());
        return 1;
    }
    textcat_SetProperty(tc, TCPROP_UTF8AWARE, 1);
    textcat_SetProperty(tc, TCPROP_MINIMUM_DOCUMENT_SIZE, 1);
    CLD2::CLDHints hints = {NULL, NULL, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    std::string line;
    double t_cld2 = 0, t_textcat = 0;
    size_t bytes = 0, texts = 0;
    while (std::getline(std::cin, line)) {
        size_t tab = line.find('\t');
        if (tab == std::string::npos)
            continue;
        std::string id = line.substr(0, tab), text = line.substr(tab + 1);
        bytes += text.size();
        texts++;
        CLD2::Language l3[3];
        int pct[3], text_bytes;
        double score[3];
        bool reliable;
        double t0 = now();
        CLD2::Language l = CLD2::ExtDetectLanguageSummary(
            text.data(), (int)text.size(), true, &hints, CLD2::kCLDFlagBestEffort, l3, pct, score,
            NULL, &text_bytes, &reliable);
        double t1 = now();
        const char *r = textcat_Classify(tc, text.data(), text.size());
        double t2 = now();
        t_cld2 += t1 - t0;
        t_textcat += t2 - t1;
        printf("%s\t%s\t%d\t%d\t%s\n", id.c_str(), CLD2::LanguageCode(l), (int)reliable, pct[0], r);
    }
    fprintf(stderr, "%zu texts, %zu bytes: cld2 %.3f s (%.1f MB/s, %.1f us/text), "
                    "textcat %.3f s (%.1f MB/s, %.1f us/text)\n",
            texts, bytes, t_cld2, (double)bytes / t_cld2 / 1e6, t_cld2 * 1e6 / (double)texts,
            t_textcat, (double)bytes / t_textcat / 1e6, t_textcat * 1e6 / (double)texts);
    textcat_Done(tc);
    return 0;
}
