#!/usr/bin/env python3
"""Compile WordNet 3.0's verbs of saying into factbot's speech lexicon (dev time only).

Usage (from the repository root; Python 3 standard library only):

    apt-get install -y wordnet-base          # Debian: WordNet 3.0 under /usr/share/wordnet
    python3 tools/compile-saying.py          # writes src/text/data/wordnet-saying.txt

News attributes words to a speaker with a verb of saying ("..., he said", "Austin warned
that ..."), and a question asks for someone's words or views with one ("what did Biden
say?", "what does the coach think?"). Two classes of verb form are listed:

    attribute  a news text's attribution: the past tense of a verb of saying ("said",
               "warned", "added"), and its present -s form ("says", "warns") unless the
               verb is also a common noun ("states", "reports", "notes" are more often
               nouns)
    ask        a question's verb asking for someone's words or views: the base, -s and past
               forms ("say", "thinks", "meant")

The verbs come from WordNet synsets (data.verb offsets), named here with their glosses;
they are general English concepts, not words of any article:

    attribute: 01009258 state, say, tell   express in words (and its direct troponyms whose
                                           first sense it is: "declare", "remark")
               01016020 allege, say        report or maintain
               01027192 add                state or say further
               00974385 announce           make known; make an announcement
               00965889 announce, declare  announce publicly or officially
               00870231 warn               notify of danger, potential harm, or risk
               01020023 note, observe      make mention of
               00817329 admit, acknowledge declare to be true or admit the existence ...
               00772207 argue              present reasons and arguments
               00818992 insist             be emphatic or resolute and refuse to budge
               00756356 claim              assert or affirm strongly
               00939295 explain            make plain and comprehensible
               01012091 confirm            strengthen or make more firm (an account)
               00965053 report, describe   give an account or representation of in words
               00993032 write              communicate or express by writing
               00907165 complain           express complaints, discontent, displeasure
               00784360 ask, inquire       inquire about
    ask:       01009258 state, say, tell   express in words
               00689362 think, believe     judge or regard; look upon; judge
               00683298 believe            accept as true; take to be true
               00756356 claim              assert or affirm strongly
               00772207 argue              present reasons and arguments
               00955166 mean, intend       mean or intend to express or convey
               01771553 feel               undergo an emotional sensation or be in a
                                           particular state of mind

A word of a concept's synset is listed when the concept is among its first two senses
(WordNet orders senses by how often SemCor tagged them: "add" is first "make an addition",
second "state or say further", and news writes "he added"); a direct troponym of "express in
words" when it is the verb's first sense and was tagged. Only verbs of
src/text/data/english-words.txt listed in src/text/data/english-frequency.txt (frequent
words); inflections from WordNet's verb.exc or the regular rules. A verb is a common noun
when SemCor tagged its noun senses at least 0.3 times as often as its verb senses; a
question's verb is not listed in its base and -s forms when the verb was tagged more often
as a noun ("what is the state of ..."). Irregular participles ("written") are no attribution. The output is
deterministic: one "form<TAB>classes" line per form (classes comma-separated), sorted.
"""

import wordnet_lists

SAY_FURTHER = "01009258"
CONCEPTS = {
    "attribute": ["01009258", "01016020", "01027192", "00974385", "00965889", "00870231",
                  "01020023", "00817329", "00772207", "00818992", "00756356", "00939295",
                  "01012091", "00965053", "00993032", "00907165", "00784360"],
    "ask": ["01009258", "00689362", "00683298", "00756356", "00772207", "00955166",
            "01771553"],
}
# A verb is a common noun for an attribution's -s form when SemCor tagged its noun senses at
# least this share as often as its verb senses ("notes", "reports"); a question's verb is
# read as a noun when it was tagged more often as one ("what is the state of ...").
NOUN_SHARE = 0.3
NOUN_FIRST = 1.0

HEADER = """\
# factbot speech lexicon: forms of common English verbs of saying, as form<TAB>classes,
# sorted by form. "attribute": a news text attributes words to a speaker with it ("said",
# "warned"); "ask": a question asks for someone's words or views with it ("say", "think").
# Generated by tools/compile-saying.py from WordNet 3.0 (Debian package wordnet-base
# 1:3.0-37); do not edit by hand. See src/text/data/README.md.
"""


def main():
    args = wordnet_lists.arguments(__doc__, "wordnet-saying.txt")
    wn = wordnet_lists.WordNet(args)

    def frequent(word):
        return word in wn.vocab and word in wn.freq

    def verbs(concepts, troponyms):
        found = set()
        for concept in concepts:
            for word in wn.words_of("v", concept):
                if frequent(word) and concept in wn.index["v"].get(word, [])[:2]:
                    found.add(word)
        if troponyms:
            under = wn.below("v", SAY_FURTHER, 1)
            for word, offsets in wn.index["v"].items():
                if frequent(word) and offsets and under.get(offsets[0]) == 1 \
                        and wn.tagged("v", word, offsets[0]) > 0:
                    found.add(word)
        return found

    def tags(pos, word):
        return sum(wn.tagged(pos, word, o) for o in wn.index[pos].get(word, []))

    def common_noun(verb, share):
        return tags("n", verb) >= share * max(1, tags("v", verb))

    def participle(form, verb):
        """An irregular participle only ("written", "spoken"), not a simple past."""
        return form.endswith("n") and not verb.endswith("n")

    classes = {}

    def add(form, cls):
        if form in wn.vocab:
            classes.setdefault(form, set()).add(cls)

    for verb in verbs(CONCEPTS["attribute"], True):
        forms = wn.verb_forms(verb)
        for past in forms["past"]:
            if not participle(past, verb):
                add(past, "attribute")
        if not common_noun(verb, NOUN_SHARE):
            for s in forms["s"]:
                add(s, "attribute")
    for verb in verbs(CONCEPTS["ask"], False):
        forms = wn.verb_forms(verb)
        present = [] if common_noun(verb, NOUN_FIRST) else [verb] + forms["s"]
        for form in present + forms["past"]:
            add(form, "ask")
    lines = [f"{w}\t{','.join(sorted(c))}\n" for w, c in classes.items()]
    wordnet_lists.write(args.out, HEADER, lines, "verb forms")


if __name__ == "__main__":
    main()
