/*
 * segment.h - paragraphs, sentences and tokens of the clean text.
 *
 * nx_segment() reads doc->text/text_len (clean UTF-8, see clean.h) and fills
 * doc->paras, sents, toks (arrays owned by the doc, grown with nx_grow() and
 * freed by nx_doc_free()) and n_words (tokens of kind WORD or NUM). Any
 * previous contents of those arrays are overwritten. Returns NX_OK,
 * NX_ERR_NOMEM (the arrays then hold partial results, still freed by
 * nx_doc_free()), NX_ERR_INVALID_ARG or NX_ERR_INPUT_TOO_LARGE (text of
 * 4 GiB or more).
 *
 * Paragraphs: blocks separated by a blank line; spans are trimmed and empty
 * blocks are skipped. A sentence never crosses a paragraph break.
 *
 * Tokens (chosen to match CoNLL-2003 / Penn Treebank tokens on CoNLL text):
 *  - words keep inner hyphens, periods and apostrophes (Russian-Chinese,
 *    U.S., a.m., O'Brien, AT&T); a word keeps its final period when it is a
 *    dotted form (U.S.), a single capital initial (W.) or a listed
 *    abbreviation (Mr., Inc., Jan., vs.);
 *  - clitics are split as the Penn Treebank does: Russia's -> Russia 's,
 *    Russia’s -> Russia ’s, we're -> we 're, don't -> do n't, can't -> ca n't;
 *  - numbers start with a digit and keep inner . , : / - before a digit and
 *    letter suffixes: 3.5 10.30 1,000 1996-08-30 1/24/2023 5th 37-run .526;
 *    a 1-2 digit number keeps its period before a capitalized word ("1.");
 *  - punctuation is one token per mark, except runs of periods ("...") and
 *    of hyphens ("--"); emoji and other symbols are OTHER tokens.
 *
 * English words (config/lang/en/sentences.tsv, exactly as written; read at
 * core creation, see nx_segment_rules_load): the listed abbreviations
 * (classes nosplit, split, loose), the common sentence starters (starter)
 * and the words that never end a line of prose (continue).
 *
 * Sentences end after . ? ! and after ellipses that precede a capitalized
 * word; closing quotation marks and brackets after the end mark stay with
 * the sentence (a straight " closes when it is attached to the previous
 * token or when an odd number of " precede it in the paragraph). A
 * lower-case word, , ; : ) or ] after the mark never starts a sentence.
 * Abbreviations: titles and pre-number forms (Mr., Dr., Gov., No., vs.,
 * e.g.; nosplit) never end a sentence inside a line; dotted forms, company suffixes,
 * months, a.m./p.m., initials and list numbers end one only before a common
 * sentence starter (The, He, In, But, ...) or an opening quotation mark;
 * "etc." (loose) before any capitalized word. Datelines ("LONDON 1996-08-30",
 * "MINSK , Belarus 1996-08-30") are sentences of their own even without a
 * line break, and capitalized words before the ALL-CAPS place name (a
 * byline) form one more. A list number ("2. Maria") starts a sentence.
 *
 * Other languages (nx_segment_lang): when doc->lang_pack has sentence rules
 * (config/lang/<code>/abbreviations.tsv, sentences.tsv) and is not
 * English's, its abbreviations
 * replace the English list (compared as written: "Dr.", "bzw.", "z. B.",
 * "EE. UU."), a sentence starter is a capitalized function word of its
 * stopwords.tsv ("Der", "Le") and so is a line-continuing word in lower
 * case; a single-letter initial ends no sentence inside a line ("H. Van
 * der Plancken"); where the pack has the ordinal dot (German), a number of up to three
 * digits keeps its dot before any word and ends a sentence only before a
 * starter or an opening quotation mark, never before a month name or
 * another capitalized word ("am 3. März", "im 15. Jahrhundert"); in any
 * of these languages a number with a dot starts no sentence mid-line.
 *
 * A single newline inside a paragraph ends a sentence when the line ends
 * with sentence punctuation, is ALL CAPS (a headline), or is shorter than 60
 * bytes (headline, dateline, table row, list item); it does not when the
 * next line starts in lower case, when the line ends with , ; ( & or a
 * function word (the, of, and, ...), or when the line is long (a wrapped
 * line of prose).
 */
#ifndef NX_SEGMENT_H
#define NX_SEGMENT_H

#include "nx_doc.h"

/* The English sentence rules (abbreviations, sentence starters, line-
 * continuing words): config_dir/lang/en/sentences.tsv (config_dir NULL: the
 * built-in config folder), read by the language packs' loader. *out (the
 * caller frees it with nx_lang_pack_free) is NULL on error: NX_ERR_CONFIG
 * naming the file (missing or malformed, with its line) or NX_ERR_NOMEM. */
nx_err nx_segment_rules_load(const char *config_dir, struct nx_lang_pack **out, char *errstr,
                             size_t errstr_size);

/* Segment doc->text (borrowed, read only) into doc->paras, sents and toks,
 * which the doc owns, by the English rules en (borrowed; from
 * nx_segment_rules_load), or by doc->lang_pack's when it has sentence rules
 * of a language other than English; errstr (may be NULL) receives a message
 * on error. The core's segment stage. */
nx_err nx_segment_with(nx_doc *doc, const struct nx_lang_pack *en, char *errstr,
                       size_t errstr_size);

/* nx_segment_with the built-in config folder's English rules, loaded at the
 * first call (thread-safe; kept until the process exits): for programs
 * without a core (tools, tests). Fails with NX_ERR_CONFIG naming the file
 * while the rules cannot be loaded. */
nx_err nx_segment(nx_doc *doc, char *errstr, size_t errstr_size);

/* Segment again by the article's language (after the langid stage) when its
 * pack has sentence rules; nothing otherwise (English, no pack). Same
 * errors as nx_segment; spends one step per text byte when it runs. */
nx_err nx_segment_lang(nx_doc *doc, char *errstr, size_t errstr_size);

#endif
