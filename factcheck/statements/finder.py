"""Find the statements an article quotes, and who it says made them: pure functions from a body
text and the desk's speakers to proposals whose offsets are code points into that same text.

Direct quotes are the words inside « », “ ” or " " (the outermost pair when quotes nest, across
paragraphs when the next paragraph reopens the quote); reported statements are the clause
around a reporting verb ("a déclaré que", "selon", "said", "according to"). Short quotes (scare
quotes, a term) and titles are left out. A speaker is one of the desk's (name or alias, compared
without accents or case), else a new name proposed as a person or an organisation; a pronoun
or a description ("l’homme d’affaires", "the minister") stands for the last one named before.
A few regular expressions do it: news prose attributes quotes in a handful of fixed ways.
"""

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

DIRECT = "direct_quote"
REPORTED = "reported"
PERSON = "person"
ORGANISATION = "organisation"

# Fewer words than this inside quotes is a scare quote or a term, not a statement.
MIN_WORDS = 4
MAX_SENTENCE = 2_000
SPACES = " \t\r\n\u00a0\u202f\u2007\u2009\u200b\ufeff"


@dataclass(frozen=True)
class KnownSpeaker:
    """One of the desk's speakers as the finder sees it."""

    id: int | None
    name: str
    kind: str = PERSON
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeakerGuess:
    """Who the article says spoke: a desk speaker (``id`` set) or a new one to create."""

    name: str
    kind: str
    id: int | None = None

    @property
    def is_new(self) -> bool:
        return self.id is None


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    quote: str
    kind: str
    speaker: SpeakerGuess | None = None


# --- folding: compare names without accents, case or typographic variants ------------------


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "\u00a0\u202f\u2007\u2009":
        return " "
    if char in "’ʼ‘`":
        return "'"
    if char in "‐‑–—":
        return "-"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    return "".join(map(_fold_char, text))


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset in ``text`` it came from."""
    pieces = list(map(_fold_char, text))
    folded = "".join(pieces)
    if len(folded) == len(text):  # the usual case: one character for one
        return folded, list(range(len(text) + 1))
    origin = []
    for index, piece in enumerate(pieces):
        origin.extend([index] * len(piece))
    origin.append(len(text))
    return folded, origin


# --- quotes -----------------------------------------------------------------------------------

OPENERS = {"«": "»", "“": "”", '"': '"', "„": "“"}
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _is_paragraph_break(body: str, index: int) -> re.Match | None:
    return PARAGRAPH_BREAK.match(body, index) if body[index] == "\n" else None


def _straight_opens(body: str, index: int) -> bool:
    before = body[index - 1] if index else " "
    after = body[index + 1] if index + 1 < len(body) else " "
    return (before in SPACES or before in "([{—–-:«“") and after not in SPACES


def quote_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the outermost quoted passages, quote marks included."""
    spans = []
    stack: list[str] = []  # the closing marks expected, innermost last
    start = 0
    index = 0
    while index < len(body):
        char = body[index]
        if stack and (brk := _is_paragraph_break(body, index)):
            after = brk.end()
            # A quote running on: the next paragraph reopens it with the outer mark.
            if len(stack) == 1 and after < len(body) and OPENERS.get(body[after]) == stack[0]:
                index = after + 1
                continue
            stack = []  # never closed: not a quote
            index = after
            continue
        if stack and char == stack[-1] and not (char == '"' and _straight_opens(body, index)):
            stack.pop()
            if not stack:
                spans.append((start, index + 1))
        elif stack and char in stack:
            # A closing mark of an outer quote: the inner one was never closed.
            while stack and stack[-1] != char:
                stack.pop()
            stack.pop()
            if not stack:
                spans.append((start, index + 1))
        elif char in OPENERS and (char != '"' or _straight_opens(body, index)):
            if not stack:
                start = index
            stack.append(OPENERS[char])
        index += 1
    return spans


def _inner(body: str, start: int, end: int) -> tuple[int, int]:
    """The words inside a quoted passage: marks, spaces and a trailing comma left out."""
    start, end = start + 1, end - 1
    while start < end and body[start] in SPACES:
        start += 1
    while end > start and (body[end - 1] in SPACES or body[end - 1] in ",;:"):
        end -= 1
    return start, end


# --- sentences --------------------------------------------------------------------------------

_ABBREVIATIONS = {"m", "mme", "mmes", "mm", "dr", "mr", "mrs", "ms", "st", "pr", "me", "gen", "sen"}
_SENTENCE_END = re.compile(r"[.!?…]+(?=[\s\"»”’)]|$)")


def _sentence_ends(body: str, quotes: list[tuple[int, int]]) -> list[int]:
    """Offsets just past each sentence's end (outside quotes), paragraph breaks included."""
    inside = _inside(quotes)
    ends = []
    for match in _SENTENCE_END.finditer(body):
        if inside(match.start()):
            continue
        word = re.search(r"(\w+)$", body[max(0, match.start() - 6) : match.start()])
        if (
            match.group() == "."
            and word
            and (word.group(1).casefold() in _ABBREVIATIONS or len(word.group(1)) == 1)
        ):
            continue
        ends.append(match.end())
    ends.extend(m.start() for m in PARAGRAPH_BREAK.finditer(body))
    for _start, end in quotes:  # a quote that ends a sentence ends it at its closing mark
        if body[end - 2 : end - 1] in ".!?…" and end < len(body):
            rest = body[end : end + 3].lstrip(" \u00a0")
            if not rest or rest[0].isupper() or rest[0] in '\n«“"':
                ends.append(end)
    ends.append(len(body))
    return sorted(set(ends))


def _inside(spans: list[tuple[int, int]]):
    """Whether an offset is inside one of ``spans`` (sorted, not overlapping)."""
    starts = [start for start, _end in spans]

    def test(index: int) -> bool:
        at = bisect.bisect_left(starts, index) - 1
        return at >= 0 and index < spans[at][1] - 1

    return test


def _sentence_of(ends: list[int], start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from the previous end to the next one."""
    at = bisect.bisect_right(ends, start)
    before = ends[at - 1] if at else 0
    after_at = bisect.bisect_left(ends, end)
    return before, ends[after_at] if after_at < len(ends) else ends[-1]


# --- speakers ---------------------------------------------------------------------------------

_FR_PARTICIPLES = (
    "déclaré dit affirmé assuré estimé indiqué annoncé expliqué souligné ajouté réagi répondu "
    "lancé martelé insisté prévenu averti écrit tweeté confié reconnu admis dénoncé jugé précisé "
    "rappelé poursuivi conclu commenté déploré regretté fustigé ironisé promis confirmé démenti "
    "nié raconté noté observé relevé plaidé répliqué rétorqué résumé tranché avancé affirmée "
    "déclarée indiquée annoncée félicité félicitée réjoui réjouie emporté emportée inquiété "
    "inquiétée défendu défendue dit dite"
)
_FR_PRESENT = (
    "déclare dit affirme assure estime indique annonce explique souligne ajoute réagit répond "
    "lance martèle insiste prévient avertit écrit confie reconnaît dénonce juge précise rappelle "
    "poursuit conclut commente déplore regrette tranche résume fustige ironise promet confirme "
    "dément nie raconte note observe relève plaide réplique rétorque avance témoigne"
)
_EN_VERBS = (
    "said says told added wrote tweeted posted stated argued insisted warned explained noted "
    "declared announced claimed replied responded continued admitted acknowledged conceded "
    "stressed maintained countered promised confirmed denied insists warns says adds writes "
    "explains argues claims estimate estimates estimated reported"
)


def _alternation(words: str) -> str:
    return "|".join(sorted({re.escape(w) for w in words.split()}, key=len, reverse=True))


_AUX = r"(?:a|avait|ont|avaient|aurait|auraient|aura)"
_PRONOUN_FR = r"(?:-t)?-(?:il|elle|ils|elles|on)"
FR_VERB = (
    rf"(?:(?:{_AUX}|s['’]est|se\s+sont)(?:{_PRONOUN_FR})?\s+(?:{_alternation(_FR_PARTICIPLES)})"
    rf"|(?:{_alternation(_FR_PRESENT)})(?:{_PRONOUN_FR})?)"
)
EN_VERB = rf"(?:{_alternation(_EN_VERBS)})"
VERB = rf"(?:{FR_VERB}|{EN_VERB})"
_VERB_RE = re.compile(rf"\b{VERB}\b", re.IGNORECASE)
_ACCORDING = r"(?:selon|d['’]après|according\s+to)"

# After a quote: ", a déclaré X" / ", said X" / ", X said" / ", selon X".
AFTER_QUOTE = re.compile(
    rf"[\s,.]*(?:(?P<verb>{VERB})\b[\s\u00a0]*(?P<who>[^.!?;:«“\"]*)"
    rf"|{_ACCORDING}\s+(?P<who2>[^.!?;:«“\"]*)"
    rf"|(?P<who3>[^.!?;:«“\"]{{1,60}}?)\s+(?:{EN_VERB})\b)",
    re.IGNORECASE,
)
_PRONOUNS = {"il", "elle", "ils", "elles", "he", "she", "they", "we", "i"}
_DETERMINERS = {
    "le", "la", "les", "l'", "son", "sa", "ses", "leur", "leurs", "ce", "cette", "ces", "notre",
    "the", "his", "her", "its", "their", "this", "our",
}  # fmt: skip
# "a senior official", "un proche du dossier": the article names nobody.
_INDEFINITE = {"a", "an", "one", "some", "un", "une", "des", "plusieurs", "several", "certains"}
_ORG_WORDS = set(
    fold(
        "ministère ministry gouvernement government présidence presidency parti party syndicat "
        "union entreprise company société groupe group association ong ngo agence agency "
        "commission conseil council office department département police parquet mairie "
        "préfecture hôpital hospital université university tribunal court cour assemblée "
        "sénat senate congrès congress fédération federation banque bank institut institute "
        "organisation organization fondation foundation comité committee armée army "
        "club maison kremlin élysée matignon inc ltd corp airlines ligue league center centre "
        "compagnie laboratoire observatoire autorité authority tracker collectif"
    ).split()
)
# Capitalised words that open a sentence, or a title, without naming anyone.
_NOT_NAMES = set(
    fold(
        "le la les l un une des du de d au aux en dans pour sur mais et ou si quand selon "
        "apres avant depuis lors il elle ils elles on nous vous je ce cette ces son sa ses "
        "the a an in on at for but and or if when after before since according he she they "
        "we i it this that these those his her their its asked monday tuesday wednesday "
        "thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche "
        "mr mrs ms m mme dr pr me sir"
    ).split()
)
# A title before a name: "Florida Governor Ron DeSantis" names Ron DeSantis.
_TITLES = set(
    fold(
        "president présidente président governor mayor maire senator sénateur sénatrice speaker "
        "secretary minister ministre chancellor spokesman spokeswoman spokesperson chief "
        "executive commissioner general docteur doctor professor professeur judge juge ceo "
        "director directeur directrice king queen prince pope pape premier première prime "
        "house leader"
    ).split()
)
# An elided article is not part of a name: "L’association Respire" names Respire.
# Combining accents count as letters: "Émile" may come decomposed (NFD).
_NAME_TOKEN = (
    r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\u0300-\u036f]*(?![’'][a-zà-ÿ])[\w’'\-\u0300-\u036f]*"
    r"(?:\.[a-z]{2,4}\b)?|[A-Z]{2,})"
)
_PARTICLE = r"(?:de|du|des|d’|d'|van|von|der|al-|el-|bin|ben|la|le|of|the|and|et)"
_GAP = r"[ \u00a0]+"
_NAME_RE = re.compile(
    rf"(?:(?<=\b[LlDd]['’])|(?<![\w’'\-])){_NAME_TOKEN}(?:{_GAP}(?:{_PARTICLE}{_GAP})?{_NAME_TOKEN})*"
)


_WORD = re.compile(r"[@#]?\w+")


@functools.lru_cache(maxsize=4)
def _desk(speakers: tuple[KnownSpeaker, ...]) -> "_Speakers":
    """The desk's names folded once while the desk is unchanged, not on every article."""
    return _Speakers(list(speakers))


@dataclass
class _Speakers:
    """The desk's speakers, found in text by name or alias: each run of up to ``longest``
    words is looked up in a dictionary, so a desk of thousands costs no more than a few."""

    known: list[KnownSpeaker]
    by_name: dict[str, KnownSpeaker] = field(default_factory=dict)
    longest: int = 0

    def __post_init__(self):
        for speaker in self.known:
            for name in (speaker.name, *speaker.aliases):
                folded = " ".join(fold(name).split())
                words = len(_WORD.findall(folded))
                if len(folded) >= 2 and words:
                    self.by_name.setdefault(folded, speaker)
                    self.longest = max(self.longest, min(words, 8))

    def find(self, text: str) -> list[tuple[int, int, KnownSpeaker]]:
        """Non-overlapping mentions of desk speakers in ``text``, in order; where two names
        start at the same word, the longer one ("la présidence israélienne") wins."""
        if not self.by_name:
            return []
        folded, origin = _folded_with_map(text)
        words = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
        found = []
        index = 0
        while index < len(words):
            start = words[index][0]
            for count in range(min(self.longest, len(words) - index), 0, -1):
                end = words[index + count - 1][1]
                speaker = self.by_name.get(" ".join(folded[start:end].split()))
                if speaker is not None:
                    found.append((origin[start], origin[end], speaker))
                    index += count
                    break
            else:
                index += 1
        return found


def _guess(speaker: KnownSpeaker) -> SpeakerGuess:
    return SpeakerGuess(name=speaker.name, kind=speaker.kind, id=speaker.id)


def _names(text: str) -> list[tuple[int, int, str]]:
    """Capitalised names in ``text`` (sentence openers, titles, possessives trimmed)."""
    names = []
    for match in _NAME_RE.finditer(text):
        if re.match(r"[ \u00a0]*[—–]", text[match.end() :]):
            continue  # a dateline: "FRANKFURT — …"
        tokens = list(re.finditer(r"\S+", match.group()))
        cut = 0
        for index, token in enumerate(tokens):
            word = fold(token.group())
            if word.endswith(("'s", "s'")) or any(p in _TITLES for p in word.split("-")):
                cut = index + 1
        tokens = tokens[cut:]
        while tokens and fold(tokens[0].group()).strip(".'") in _NOT_NAMES:
            tokens.pop(0)
        while tokens and re.fullmatch(_PARTICLE, tokens[-1].group(), re.IGNORECASE):
            tokens.pop()
        if not tokens or len(tokens) > 8:
            continue  # nobody is called by a whole line of capitalised words
        start = match.start() + tokens[0].start()
        end = match.start() + tokens[-1].end()
        names.append((start, end, text[start:end]))
    return names


def _kind_of(phrase: str) -> str:
    words = set(re.findall(r"[\w-]+", fold(phrase)))
    if words & _ORG_WORDS or re.fullmatch(r"[A-Z0-9&]{2,}", phrase.strip()):
        return ORGANISATION
    return PERSON


def _common_noun(phrase: str, name: tuple[int, int, str]) -> bool:
    """A capitalised word opening the phrase before a lowercase one ("Border officials") is a
    common noun at a sentence's start, unless a reporting verb follows ("Airparif estime")."""
    start, end, text = name
    if start or " " in text:
        return False
    rest = phrase[end:].lstrip(SPACES)
    return bool(rest) and rest[0].islower() and not _VERB_RE.match(rest)


def _first_word(text: str) -> str:
    words = fold(text).replace("'", "' ").split()
    return words[0] if words else ""


def _described(phrase: str) -> str:
    """A new organisation's name from its description: "le ministère de l’Agriculture" gives
    "Ministère de l’Agriculture"."""
    words = phrase.split(" ", 1)
    rest = words[1] if len(words) > 1 and fold(words[0]) in _DETERMINERS else phrase
    rest = re.sub(r"^[lL]['’]", "", rest).strip(SPACES)
    return rest[:1].upper() + rest[1:]


class _Resolver:
    def __init__(self, body: str, speakers: _Speakers):
        self.body = body
        self.speakers = speakers
        # Everyone named, in the order of the text: what pronouns and descriptions stand for.
        mentions = [(start, _guess(speaker)) for start, _end, speaker in speakers.find(body)]
        for start, _end, name in _names(body):
            if len(name.split()) >= 2 and not speakers.find(name):
                mentions.append((start, SpeakerGuess(name=name, kind=_kind_of(name))))
        mentions.sort(key=lambda m: m[0])
        self.mentions = mentions
        self.starts = [start for start, _guess in mentions]
        # Full names by their last word, for a surname alone later on.
        self.by_surname: dict[str, list[tuple[int, str, SpeakerGuess]]] = {}
        for start, guess in mentions:
            folded = " ".join(fold(guess.name).split())
            self.by_surname.setdefault(folded.rsplit(" ", 1)[-1], []).append((start, folded, guess))

    def recent(self, before: int, kind: str | None = None) -> SpeakerGuess | None:
        for index in range(bisect.bisect_left(self.starts, before) - 1, -1, -1):
            guess = self.mentions[index][1]
            if kind is None or guess.kind == kind:
                return guess
        return None

    def _named(self, name: str, at: int) -> SpeakerGuess:
        """A name the desk does not know: a surname seen earlier with its first name is that
        person ("Zelensky" after "Volodymyr Zelensky")."""
        folded = " ".join(fold(name).split())
        for start, full, guess in reversed(self.by_surname.get(folded.rsplit(" ", 1)[-1], [])):
            if start < at and full.endswith(" " + folded):
                return guess
        return SpeakerGuess(name, _kind_of(name))

    def phrase(self, phrase: str, at: int) -> SpeakerGuess | None:
        """Who ``phrase`` (the words naming a speaker, found at offset ``at``) stands for: a
        desk person, a full name, a desk organisation, a pronoun's or a description's last
        mention, a single name, in that order."""
        phrase = phrase.strip(SPACES + ",")
        if not phrase:
            return None
        known = self.speakers.find(phrase)
        people = [k for _s, _e, k in known if k.kind == PERSON]
        if people:
            return _guess(people[0])
        names = [
            n
            for n in _names(phrase)
            if not self.speakers.find(n[2])
            and not (n[2].isupper() and fold(n[2]) in _ORG_WORDS)
            and not _common_noun(phrase, n)
        ]
        full = [n for n in names if len(n[2].split()) >= 2]
        if full:
            return self._named(full[0][2], at)
        if known:
            return _guess(known[0][2])
        first = _first_word(phrase)
        if first in _PRONOUNS:
            return self.recent(at, PERSON) or self.recent(at)
        if first in _INDEFINITE:
            return None
        head = phrase.split(",")[0]
        if _kind_of(head) == ORGANISATION and first in _DETERMINERS:
            if names:
                # "l’association Respire" is Respire; "le ministère de l’Agriculture" is itself.
                start = names[0][0]
                if fold(names[0][2]) in _ORG_WORDS or re.search(
                    r"\b(?:de|du|des|d['’]|of|for)(?:[ \u00a0]+(?:la|le|les|the))?[ \u00a0]*"
                    r"(?:l['’])?$",
                    phrase[:start],
                ):
                    return SpeakerGuess(_described(head), ORGANISATION)
                guess = self._named(names[0][2], at)
                return SpeakerGuess(guess.name, ORGANISATION) if guess.is_new else guess
            return self.recent(at, ORGANISATION) or self.recent(at)
        if names:
            return self._named(names[0][2], at)
        if first in _DETERMINERS:
            return self.recent(at, PERSON) or self.recent(at)
        return None


# The words after a reporting verb name the speaker up to where the clause goes on.
_PHRASE_END = re.compile(
    r"\s(?:lors|dans|devant|pendant|durant|depuis|qui|dont|sur|via|in|at|on|during|after|before|when|"
    r"while|who|which|whose|to)\b"
)


def _speaker_phrase(text: str) -> str:
    text = re.sub(r"^(?:en\s+\w+|mardi|lundi|mercredi|jeudi|vendredi|samedi|dimanche)\s+", "", text)
    return _PHRASE_END.split(text, maxsplit=1)[0][:120]


# --- the finder ---------------------------------------------------------------------------------

_TITLE_CUES = re.compile(
    r"\b(?:film|livre|roman|série|serie|émission|chanson|album|journal|quotidien|hebdomadaire|"
    r"magazine|titre|intitulée?s?|baptisée?s?|surnommée?s?|ouvrage|essai|documentaire|podcast|"
    r"spectacle|pièce|opération|plan|programme|rapport|slogan|hashtag|mot-clé|collectif|"
    r"book|movie|series|show|song|newspaper|titled|entitled|called|dubbed|nicknamed|"
    r"operation|program|report|campaign|campagne|novel|headline|editorial|éditorial)"
    r"[\s\u00a0]*(?:[\w’'-]+[\s\u00a0]+){0,2}$",
    re.IGNORECASE,
)


def _is_title(body: str, start: int, inner: str) -> bool:
    if _TITLE_CUES.search(body[max(0, start - 40) : start]):
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", inner) if len(w) > 3]
    capitalised = [w for w in words if w[0].isupper()]
    ends_sentence = inner.rstrip()[-1:] in ".!?…"
    return bool(words) and len(capitalised) / len(words) >= 0.6 and not ends_sentence


def find_statements(body: str, speakers=()) -> list[Proposal]:
    """The statements ``body`` quotes or reports, in the order of the text, each with its
    speaker when the text says who. ``speakers`` are the desk's (``KnownSpeaker``)."""
    resolver = _Resolver(body, _desk(tuple(speakers)))
    quotes = quote_spans(body)
    ends = _sentence_ends(body, quotes)
    proposals = _direct_quotes(body, quotes, ends, resolver)
    taken = [(p.start, p.end) for p in proposals] + quotes
    for proposal in _reported(body, ends, resolver):
        if all(proposal.end <= s or proposal.start >= e for s, e in taken):
            proposals.append(proposal)
    return sorted(proposals, key=lambda p: p.start)


def _direct_quotes(body, quotes, ends, resolver) -> list[Proposal]:
    proposals: list[Proposal] = []
    for outer_start, outer_end in quotes:
        start, end = _inner(body, outer_start, outer_end)
        inner = body[start:end]
        if len(inner.split()) < MIN_WORDS or _is_title(body, outer_start, inner):
            continue
        speaker = _quote_speaker(body, outer_start, outer_end, quotes, ends, resolver)
        if speaker is None and proposals:
            # "“A,” she said. “B.”": a quote that follows with no one named is still hers.
            speaker = proposals[-1].speaker
        proposals.append(Proposal(start, end, inner, DIRECT, speaker))
    return proposals


def _quote_speaker(body, start, end, quotes, ends, resolver) -> SpeakerGuess | None:
    sentence_start, sentence_end = _sentence_of(ends, start, end)
    # After: ", a déclaré X", "," said X", ", X said", up to the next quote or the sentence's end.
    after_end = min([s for s, _e in quotes if s >= end] + [sentence_end])
    match = AFTER_QUOTE.match(body, end, after_end)
    if match:
        group = next(g for g in ("who", "who2", "who3") if match.group(g) is not None)
        at = match.start(group)
        verb = match.group("verb") or ""
        if re.search(_PRONOUN_FR, verb, re.IGNORECASE):
            return resolver.recent(at, PERSON) or resolver.recent(at)
        guess = resolver.phrase(_speaker_phrase(match.group(group)), at)
        if guess is not None:
            return guess
    # Before: "Selon X, … « … »", "X a déclaré : « … »", the sentence's subject.
    before = body[sentence_start:start]
    according = re.search(rf"{_ACCORDING}\s+([^,]+),", before, re.IGNORECASE)
    if according:
        return resolver.phrase(according.group(1), sentence_start + according.start(1))
    verb = _VERB_RE.search(before)
    if verb:
        subject = before[: verb.start()]
        # "Dans un communiqué, TotalEnergies assure que" : the clause right before the verb.
        clause = (
            re.split(r",(?=[^,]*$)", subject.rstrip(SPACES + ","))[-1]
            if "," in subject
            else subject
        )
        # "Asked whether …, she added:" is hers.
        candidates = (clause, subject) if _first_word(clause) in _PRONOUNS else (subject, clause)
        for candidate in candidates:
            guess = resolver.phrase(candidate, sentence_start)
            if guess is not None:
                return guess
    known = resolver.speakers.find(before)
    full = [n for n in _names(before) if len(n[2].split()) >= 2]
    candidates = [(s, _guess(k)) for s, _e, k in known]
    candidates += [(s, resolver._named(name, sentence_start + s)) for s, _e, name in full]
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    return None


# Reported speech: "X a déclaré que …", "X said …", "…, a indiqué X.", "Selon X, …",
# "…, according to X."
_THAT = r"(?:que\b|qu['’]|that\b)"
_EN_SAID = r"(?:said|says|told\s+\w+|estimates?|estimated)"
SUBJECT_VERB_THAT = re.compile(
    rf"(?P<who>[^.!?;:«“\"]{{2,120}}?)\s+(?:(?P<verb>{VERB})\s+(?:[\w’',-]+\s+){{0,4}}?"
    rf"{_THAT}|{_EN_SAID}(?=\s+(?!(?:in|on|at|to|for|with|by|during|after|before|of|from)\b)[a-z]))"
    rf"\s*(?P<what>.+)",
    re.IGNORECASE | re.DOTALL,
)
WHAT_COMMA_VERB = re.compile(
    rf"(?P<what>.+),\s+(?:(?P<verb>{VERB})\s+(?P<who>[^,«“\"]{{2,80}})|{_ACCORDING}\s+"
    rf"(?P<who2>[^,«“\"]{{2,80}})|(?P<who3>[^,«“\"]{{2,60}}?)\s+(?:{EN_VERB}))\W*$",
    re.IGNORECASE | re.DOTALL,
)
ACCORDING_FIRST = re.compile(rf"{_ACCORDING}\s+(?P<who>[^,]{{2,120}}),\s*(?P<what>.+)", re.I | re.S)


def _reported(body, ends, resolver) -> list[Proposal]:
    proposals = []
    for sentence_start, sentence_end in zip([0, *ends], ends, strict=False):
        while sentence_start < sentence_end and body[sentence_start] in SPACES:
            sentence_start += 1
        sentence = body[sentence_start:sentence_end]
        # A dateline opens the article's first sentence: "KYIV — ".
        dateline = re.match(r"[A-ZÀ-Þ][A-ZÀ-Þ .'-]+ [—–] ", sentence)
        if dateline:
            sentence_start += dateline.end()
            sentence = sentence[dateline.end() :]
        # A "sentence" of thousands of characters is a list or a text without stops: the
        # patterns below would backtrack over all of it for nothing a reader would call a claim.
        if len(sentence.split()) >= MIN_WORDS + 2 and len(sentence) <= MAX_SENTENCE:
            proposal = _reported_in(sentence, sentence_start, resolver)
            if proposal is not None:
                proposals.append(proposal)
    return proposals


def _reported_in(sentence: str, offset: int, resolver) -> Proposal | None:
    for pattern in (ACCORDING_FIRST, SUBJECT_VERB_THAT, WHAT_COMMA_VERB):
        match = pattern.match(sentence)
        if not match:
            continue
        what_start, what_end = match.span("what")
        while what_start < what_end and sentence[what_start] in SPACES:
            what_start += 1
        while what_end > what_start and sentence[what_end - 1] in SPACES + ".!?…,;":
            what_end -= 1
        what = sentence[what_start:what_end]
        if len(what.split()) < MIN_WORDS or any(m in what for m in '«»“”"'):
            continue
        group = next(g for g in ("who", "who2", "who3") if match.groupdict().get(g))
        who = match.group(group)
        at = offset + match.start(group)
        verb = match.groupdict().get("verb") or ""
        if (
            pattern is WHAT_COMMA_VERB
            and not _names(who)
            and _first_word(who) not in (_PRONOUNS | _DETERMINERS)
        ):
            continue  # ", said crossings had fallen": not a speaker after the comma
        if re.search(_PRONOUN_FR, verb, re.IGNORECASE):
            speaker = resolver.recent(at, PERSON) or resolver.recent(at)
        else:
            speaker = resolver.phrase(
                who if pattern is SUBJECT_VERB_THAT else _speaker_phrase(who), at
            )
        if speaker is None and pattern is WHAT_COMMA_VERB:
            continue
        return Proposal(offset + what_start, offset + what_end, what, REPORTED, speaker)
    return None
