"""Characters that are not what they look like, in values that must be plain ASCII words.

Ids, vocabulary words and dates are ASCII. Text pasted from a web page, an email or a word
processor brings characters that look like nothing (a zero-width space), like a space (a
non-breaking one), or like a letter (a Cyrillic e for a Latin one), so an id with a zero-width
space in it prints like the id without, and the user cannot see why one is wrong. These
functions show such a value with every such character escaped, and name the first one and
where it is.
"""

from __future__ import annotations

import unicodedata

from concordat.safe import escaped

#: What people call the characters that are most often pasted in by accident.
_NAMES = {
    "\u00a0": "a non-breaking space",
    "\u00ad": "a soft hyphen",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\ufeff": "a byte-order mark",
    "\u2018": "a curly quote",
    "\u2019": "a curly quote",
    "\u201c": "a curly quote",
    "\u201d": "a curly quote",
    "\u2013": "an en dash",
    "\u2014": "an em dash",
    "\u2212": "a minus sign",
    "\u2010": "a Unicode hyphen",
    "\u2011": "a non-breaking hyphen",
    "\u3000": "an ideographic space",
    "\u2009": "a thin space",
    "\u202f": "a narrow non-breaking space",
    "\x85": "a next-line character (NEL)",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}
#: Letters from other alphabets (Cyrillic, Greek) that look like Latin ones, and the letter
#: each looks like.
_LOOK_ALIKES = {
    "\u0430": "a",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0443": "y",
    "\u0445": "x",
    "\u0456": "i",
    "\u0458": "j",
    "\u0455": "s",
    "\u0501": "d",
    "\u04bb": "h",
    "\u04cf": "l",
    "\u0432": "b",
    "\u043c": "m",
    "\u0442": "t",
    "\u03bf": "o",
    "\u03b1": "a",
    "\u03b5": "e",
    "\u03b9": "i",
    "\u03bd": "v",
    "\u03c1": "p",
    "\u03c4": "t",
    "\u03ba": "k",
}


def _odd(char: str) -> bool:
    return not (" " <= char <= "~")


def shown(value: str) -> str:
    """``value`` with every character outside printable ASCII written as an escape
    (``\\x1b``, ``\\u200b``), as concordat writes control characters everywhere."""
    return "".join(escaped(c) if _odd(c) else c for c in value)


def visible(text: str) -> str:
    """Free text (a title, a measure's name) as a message quotes it: every character that
    prints as nothing or as a space other than the ordinary one (a zero-width space, a
    non-breaking space, a line separator, a control character) written as an escape, and
    accented and other alphabets' letters as they are."""
    return "".join(c if c.isprintable() else escaped(c) for c in text)


def advice(value: str) -> str | None:
    """What to do about the first odd character in ``value``: "it holds a zero-width space
    (U+200B) after 'ee': delete it"; None when there is none."""
    for index, char in enumerate(value):
        if _odd(char):
            where = _where(value, index)
            return f"it holds {describe(char)} (U+{ord(char):04X}) {where}: {_fix(char)}"
    return None


def _fix(char: str) -> str:
    if char in _LOOK_ALIKES:
        return f"type the Latin '{_LOOK_ALIKES[char]}' instead"
    if unicodedata.category(char) == "Zs":
        return "type an ordinary space instead, or none"
    if char in "\u2010\u2011\u2013\u2014\u2212":
        return "type an ordinary '-' instead"
    return "delete it"


def describe(char: str) -> str:
    """What a character is, in words: "a non-breaking space"."""
    if char in _NAMES:
        return _NAMES[char]
    if char in _LOOK_ALIKES:
        script = unicodedata.name(char, "").split(" ")[0].capitalize() or "another alphabet's"
        return f"a {script} '{char}' that looks like the Latin '{_LOOK_ALIKES[char]}'"
    name = unicodedata.name(char, "")
    if not char.isprintable():
        return name.lower() if name else "a control character"
    return f"the character '{char}' ({name.lower()})" if name else "a character"


def _where(value: str, index: int) -> str:
    if index == 0:
        return "at the start"
    before = value[max(0, index - 12) : index]
    return f"after '{shown(before)}'"
