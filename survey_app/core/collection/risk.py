"""Words of risk in what a resident writes: self-harm, suicide, threats, weapons, abuse,
assault, in English and in Welsh.

A resident answering alone cannot raise an alert (that is an inspector's act, in an
interview). What they write may still tell of a danger: the screen then says at once where
help is (staff, the inspectors on site, Samaritans, the Welsh Language Line), and the lead's
quote review puts such comments first. Neither names anyone, and nothing is stored of it:
the words are looked for again wherever they are shown.

The list leans towards finding too much: a false alarm costs a resident one extra line
about where help is, and the lead one comment read first; a miss can cost far more.
"""

from __future__ import annotations

import re

# Kinds, not phrases: what a sentence of harm is made of. Each pattern is matched case-blind
# at word boundaries. Welsh words come with the mutations a sentence gives them (curo /
# guro / nghuro / churo). "Gwn" (a gun) is left out: it is also "I know".
_PEOPLE = (
    r"(me|him|her|them|us|you|someone|somebody|anyone|people|staff|residents?|"
    r"my ?self|him ?self|her ?self)"
)
_HARM = (
    r"(hurt|harm|hit|beat|batter|kick|punch|slap|smack|headbutt|strangle|choke|stab|slash|"
    r"burn|attack|assault|rob|mug|touch|force|rape|kill|murder|smash|glass|bottle|knock|"
    r"shove|push|drag|grab|spit|spat|stamp|bite|bit|grope|throttle|jump|corner|hold|pin|"
    r"threaten|injur|bully|bullie|terrorise|intimidate|harass|follow|stalk)"
    r"(s|es|ed|t|en|ing|ting|bing|ped|ping)?"
)
_ENGLISH = (
    rf"{_HARM} (\w+ ){{0,2}}{_PEOPLE}",  # hurt someone, beat me black and blue
    r"(got|get|getting|been|was|were|being) (\w+ )?(jumped|beaten|battered|stabbed|slashed|"
    r"attacked|assaulted|mugged|robbed|hit|kicked|punched|raped|touched|strangled|burnt|burned)",
    r"suicid\w*|self[- ]?harm\w*|overdos\w*|slit\w*|wrists?",
    r"end(ing)? (it|it all|my life|things)|take my (own )?life|better off dead",
    r"(want|wanna|going|gonna|wish|ready) (\w+ )?to die|not (to )?wake up|can'?t go on",
    r"jump(ing)? (off|in front)|hang(ing)? my ?self|set (fire|light)|arson\w*",
    r"(cut|cutting|burn|burning) (up|my (arms?|legs?|wrists?|skin|body))",
    r"threat\w*|(cave|kick|smash)(ed|ing)? (\w+ )?head in|do (me|him|her|you) in",
    r"(said|say|says|told me) (they|he|she|i|we)('?ll| will| would|'?d|'?m going to) (\w+ )?"
    r"(hurt|kill|slash|stab|do|get|batter|smash|burn|cut|shank)",
    r"weapons?|knife|knives|blades?|machetes?|razors?|guns?|firearms?|axes?|shanks?|"
    r"with a (bat|hammer|bottle|brick|pole|chair)",
    r"abus\w*|rap(e|ed|es|ing|ist)|groom(ed|ing)|molest\w*|sexual\w*|"
    r"(make|made|making|force|forced) (me|him|her) (to )?do (stuff|things|it)",
    r"terrified|scared|afraid|frightened|unsafe|in danger|(not|don'?t|never) feel safe",
    r"pills|tablets|noose|rope|ligature|scars?|bleeding|bruis\w*|black eye|broken (nose|ribs?)",
    r"no point (in )?(living|going on|being here)|(kill|end) me|(die|dying|dead)",
    r"watch (your|my|his) back|or else|(owe|debt)\w*",
    r"screwdrivers?|sharpened|stick|weapon\w*",
    r"inappropriate\w*|flash(ed|ing)|exposed (him|her)self|sex\w*",
)
_WELSH = (
    r"hunanladdiad\w*|hunan-?niwed\w*|[gn]?orddos\w*",
    r"l?ladd (fy|ei|eu|dy) hun|l?ladd (fi|e|hi|nhw|rhywun)",
    r"(niweidio|[bfm]rifo|[td]orri|[cg]rogi|n?l?losgi) (fy|ei|eu|dy) (hun|mreichiau|mraich|nghoes)",
    r"(c|g|ngh|ch)uro|(t|d|nh|th)aro|(b|f|m)wrw|(c|g|ngh|ch)icio|[bfm]rifo|niweid\w*",
    r"(eisiau|isio|moyn) (f|m)?arw|(tase|taswn|petawn|baswn) i'?n (f|m)?arw|(f|m)?arw",
    r"dod â'?r cyfan i ben|rhoi diwedd",
    r"(b|f|m)yg(wth|ythiad|ythiadau|ythio|ythiol)",
    r"arf(au)?|(c|g|ch|ngh)yllell|(c|g|ch|ngh)yllyll|llafn\w*",
    r"(t|d|th|nh)rywan\w*|ymosod\w*|(c|g|ch|ngh)am-?drin\w*|(t|d|th|nh)reisi\w*",
    r"ofn|(ddim|dim) yn (teimlo'?n )?ddiogel|mewn perygl|anniogel",
    r"tabledi|pils|rhaff|creithiau|gwaedu|clais|cleisiau",
    r"(dim|does dim) pwynt (byw|mynd ymlaen)|(m|f)?arw|(l|ll)?ladd",
    r"(d|t|nh)yled\w*|bwlio|fwlio|mwlio",
)
# A knife, or a word such as "self-harm", beside these is about the kitchen or a course, not
# a danger. Only those words are let off: a threat in the kitchen is still a threat.
_WEAK = re.compile(
    r"knife|knives|blades?|guns?|self[- ]?harm\w*|suicid\w*|sex\w*|abus\w*|"
    r"(c|g|ch|ngh)yll(ell|yll)",
    re.IGNORECASE,
)
_HARMLESS = re.compile(
    r"(bread|butter|kitchen|fork|cutlery|blunt|[bf]ara|[fm]enyn|fforc|(c|g|ch|ngh)egin|"
    r"awareness|course|poster|leaflet|group|training|programme|(c|g|ch|ngh)wrs|(g|ng)?rŵp)",
    re.IGNORECASE,
)
_PATTERN = re.compile(
    r"(?<![\w'])(?:" + "|".join((*_ENGLISH, *_WELSH)) + r")(?![\w'])", re.IGNORECASE
)


def words_of_risk(text: str) -> bool:
    """Whether `text` holds a word or phrase of risk, in English or Welsh."""
    for found in _PATTERN.finditer(text):
        near = text[max(0, found.start() - 25) : found.end() + 25]
        if not (_WEAK.fullmatch(found.group()) and _HARMLESS.search(near)):
            return True
    return False
