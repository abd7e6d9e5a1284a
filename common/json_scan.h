/*
 * json_scan.h - the bytes a JSON string holds as they are: the scan shared
 * by the envelope reader (json_flat.c) and the record writer (record.c).
 */
#ifndef NX_JSON_SCAN_H
#define NX_JSON_SCAN_H

#include <stddef.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Index of the first byte of p[i .. len) that is '"', '\\', a control byte
 * (below 0x20) or not ASCII; len when there is none. 16 bytes at a time
 * with SSE2. */
static inline size_t nx_json_plain_end(const unsigned char *p, size_t i, size_t len)
{
#if defined(__SSE2__)
    const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), sp = _mm_set1_epi8(0x20);
    while (i + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        /* signed: bytes >= 0x80 are negative, so below 0x20 too */
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, bs)),
                                 _mm_cmplt_epi8(x, sp));
        int bits = _mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz((unsigned)bits);
        i += 16;
    }
#endif
    while (i < len && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\')
        i++;
    return i;
}

#endif
