"""What factbot's WordNet word-list compilers share (dev time only; Python 3 standard library).

The list compilers (tools/compile-classes.py, compile-deeds.py and the others that import
this module) each write one sorted "word<TAB>class" file under src/text/data/ from WordNet 3.0 as Debian packages it
(wordnet-base, /usr/share/wordnet). They read WordNet through tools/compile-lexicon.py's
readers and use this module for their command line, WordNet's hierarchy, SemCor tag counts,
English inflections and the licence header.
"""

import argparse
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "src", "text", "data")

LICENCE = """\
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Used under the
# WordNet 3.0 licence, quoted in full in src/text/data/README.md:
# https://wordnet.princeton.edu/license-and-commercial-use
"""


def lexicon_module():
    """tools/compile-lexicon.py as a module (its file name is no Python identifier)."""
    spec = importlib.util.spec_from_file_location(
        "compile_lexicon", os.path.join(HERE, "compile-lexicon.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def arguments(doc, out_name):
    """The compilers' command line: --wordnet, --words, --frequency and --out."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--words", default=os.path.join(DATA, "english-words.txt"))
    parser.add_argument("--frequency", default=os.path.join(DATA, "english-frequency.txt"))
    parser.add_argument("--out", default=os.path.join(DATA, out_name))
    return parser.parse_args()


class WordNet:
    """WordNet 3.0's synsets, index and SemCor tag counts, and the word list's vocabulary."""

    def __init__(self, args):
        self.lex = lexicon_module()
        self.vocab = self.lex.read_vocab(args.words)
        self.synsets = self.lex.read_data(args.wordnet)
        self.index = self.lex.read_index(args.wordnet)
        self.counts = self.lex.read_counts(args.wordnet)
        self.wordnet = args.wordnet
        self.frequency_path = args.frequency
        self._freq = None

    @property
    def freq(self):
        """Zipf frequency times ten per word (src/text/data/english-frequency.txt)."""
        if self._freq is None:
            self._freq = self.lex.read_frequency(self.frequency_path)
        return self._freq

    def below(self, pos, offset, depth=None):
        """The synset and those WordNet files under it (hyponyms, instances, troponyms),
        to `depth` levels when given, as {offset: level}."""
        seen, frontier, level = {offset: 0}, [offset], 0
        while frontier and (depth is None or level < depth):
            level += 1
            nxt = []
            for o in frontier:
                for sym, ppos, off, _, _ in self.synsets[(pos, o)]["ptrs"]:
                    if sym in ("~", "~i") and ppos == pos and off not in seen:
                        seen[off] = level
                        nxt.append(off)
            frontier = nxt
        return seen

    def tagged(self, pos, lemma, offset):
        """How often SemCor tagged `lemma` in the sense `offset`."""
        for word, lex_id in self.synsets[(pos, offset)]["words"]:
            if word.lower() == lemma:
                key = self.lex.sense_key(self.synsets, pos, offset, lemma, lex_id)
                return self.counts.get(key, 0)
        return 0

    def words_of(self, pos, offset):
        """The lower-case single words of a synset."""
        out = []
        for word, _ in self.synsets[(pos, offset)]["words"]:
            w = self.lex.clean(word)
            if w == w.lower() and " " not in w and w not in out:
                out.append(w)
        return out

    def exceptions(self, pos):
        """WordNet's exception list for a part of speech ("verb.exc": went -> go), as
        {form: [base, ...]}."""
        name = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}[pos]
        table = {}
        with open(os.path.join(self.wordnet, name + ".exc"), encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and "_" not in parts[0]:
                    table.setdefault(parts[0], []).extend(parts[1:])
        return table

    def verb_forms(self, base):
        """A verb's -s, past and -ing forms: WordNet's exceptions (verb.exc) where it has
        them, else the regular English rules (consonant doubling only where the doubled
        form is a known word)."""
        if not hasattr(self, "_irregular"):
            self._irregular = {}
            for form, bases in self.exceptions("v").items():
                for b in bases:
                    self._irregular.setdefault(b, []).append(form)
        forms = {"s": [third_person(base)], "past": [], "ing": []}
        for form in sorted(self._irregular.get(base, [])):
            if form.endswith("ing"):
                forms["ing"].append(form)
            elif not form.endswith("s") or form.endswith("ss"):
                forms["past"].append(form)
            else:
                forms["s"] = [form]
        if not forms["past"]:
            forms["past"] = [regular_past(base, self.vocab)]
        if not forms["ing"]:
            forms["ing"] = [regular_ing(base, self.vocab)]
        return forms


def third_person(base):
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def noun_plural(noun):
    """The regular plural of a noun ("budgets", "pennies"); a noun ending in -s is kept."""
    if noun.endswith("s"):
        return noun
    if noun.endswith(("x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _doubled(base, suffix, vocab):
    if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" \
            and base[-3] not in "aeiou":
        form = base + base[-1] + suffix
        if form in vocab:
            return form
    return None


def regular_past(base, vocab):
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ied"
    return _doubled(base, "ed", vocab) or base + "ed"


def regular_ing(base, vocab):
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    return _doubled(base, "ing", vocab) or base + "ing"


def write(path, header, lines, what):
    """Writes the header (with the WordNet licence) and the sorted lines."""
    lines = sorted(lines)
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + LICENCE)
        f.writelines(lines)
    print(f"{len(lines)} {what} -> {path}")
