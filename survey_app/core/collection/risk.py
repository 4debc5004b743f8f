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
    r"my ?self|him ?self|her ?self|(the |that |this |a |my |his |her )?(guy|lad|man|bloke|"
    r"fella|woman|girl|boy|kid|grass|ex|missus|wife|husband|partner|neighbour|screw|officer|"
    r"worker|keyworker|sister|brother|mum|dad)s?)"
)
_HARM = (
    r"(hurt|harm|hit|beat|batter|kick|punch|slap|smack|headbutt|strangle|choke|stab|slash|"
    r"burn|attack|assault|rob|mug|touch|force|rape|kill|murder|smash|glass|bottle|knock|"
    r"shove|push|drag|grab|spit|spat|stamp|bite|bit|grope|throttle|jump|corner|hold|pin|"
    r"threaten|injur|bully|bullie|terrorise|intimidate|harass|follow|stalk)"
    r"(s|es|ed|t|en|ing|ting|bing|ped|ping)?"
)
_ENGLISH = (
    rf"{_HARM} (\w+ ){{0,3}}{_PEOPLE}",  # hurt someone, attack a member of staff
    r"(got|get|getting|been|was|were|being) (\w+ )?(jumped|beaten|battered|stabbed|slashed|"
    r"attacked|assaulted|mugged|robbed|hit|kicked|punched|raped|touched|strangled|burnt|burned)",
    r"suicid\w*|self[- ]?harm\w*|overdos\w*|slit\w*|wrists?",
    r"end(ing)? (it|it all|my life|things)|take my (own )?life|better off dead",
    r"(want|wanna|going|gonna|wish|ready) (\w+ )?to die|not (to )?wake up|can'?t go on",
    r"jump(ing)? (off|in front)|hang(ing)? my ?self|set (fire|light)|arson\w*",
    r"(cut|cutting|burn|burning) (up|my (arms?|legs?|wrists?|skin|body))",
    # self-harm told as a habit come back, or what was swallowed
    r"(been|started|start|back to) (cutting|burning|scratching|harming)( (again|myself))?",
    r"(swallow|swallowed|swallowing|took|taken|take) (\w+ ){0,2}(batteries|pills|tablets|"
    r"blades?|glass|bleach|paracetamol|the lot)",
    # leaving life, said the ways people say it
    r"(don'?t|dont|do not) want to (be here|live|exist|wake up)( \w+)? ?(any ?more|anymore)?",
    r"(never|not) (to )?wake up|go to sleep (and|n) never",
    r"(no ?one|nobody) (would|will|'?d) (miss|notice|care)( me)?( if i (was|were|'?m) gone)?",
    r"(my|this is my) last (message|night|day)|tell (my|me) \w+ (i'?m|im|i am) sorry",
    r"planning (how|it|my)|(won'?t|wont|not) be (here|around) (much )?(longer|for long)",
    # harm the writer means to do, or was told of
    r"(smash|cave|kick|punch|knock) (his|her|their|your|my|ur) (face|head|teeth) in",
    r"put (him|her|them|you|someone) in (hospital|the hospital|a wheelchair|the ground)",
    r"(have|get|got) (me|him|her|you|them) done( in| over)?",
    r"by the (throat|neck|hair)|(going|gonna|about) to snap",
    r"threat\w*|(cave|kick|smash)(ed|ing)? (\w+ )?head in|do (me|him|her|you) in",
    r"(said|say|says|told me|saying) (that )?(they|he|she|i|we)('?ll| will| would|'?d|"
    r"('?s|'?m|'?re| is| am| are)? ?(going to|gonna)) (\w+ )?"
    r"(hurt|kill|slash|stab|do|get|batter|smash|burn|cut|shank|bomb|shoot|sort)",
    # what the writer means to do to someone
    r"what'?s coming to (him|her|them|you)|(he|she|they|you)('?ll| will) (regret|pay for) it|"
    r"will regret|(won'?t|wont|will not|never) see another (birthday|christmas|day|year|summer)|"
    r"taking (someone|somebody|people|them|him|her) with me|(shut|sort) (\w+ ){0,3}(up |out )?"
    r"for good|burn (\w+ ){0,4}down|(petrol|fire) ?bomb\w*|(i'?m|im|i am) doing (him|her|them)|"
    r"you('?ll| will) (all )?(hear|read) about (it|me)|(won'?t|wont) (get up|wake up) again",
    # leaving life, said without the words of it
    r"(done|finished|tired|sick|fed up) (of|with) (life|living|being alive|it all)|"
    r"(last|final) (week|days?|night|time) on (this )?earth|sorry for everything|"
    r"(i'?m|im|i am) not (gonna|going to) make it|(ended|end) it( all)?|"
    r"(can'?t|cant|cannot) do (this|it) any ?more|(written|wrote|writing|left) (\w+ )?letters? "
    r"(for|to)|(voices|thoughts) (\w+ )?(telling|tell|saying|say|to) (me )?to|dark thoughts|"
    r"(body|heart) (\w+ ){0,2}(to )?(just )?stop",
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
    r"(d|dd)od â'?r cyfan i ben|rhoi diwedd",
    r"(b|f|m)yg(wth|ythiad|ythiadau|ythio|ythiol)",
    r"arf(au)?|(c|g|ch|ngh)yllell|(c|g|ch|ngh)yllyll|llafn\w*",
    r"(t|d|th|nh)rywan\w*|ymosod\w*|(c|g|ch|ngh)am-?drin\w*|(t|d|th|nh)reisi\w*",
    r"ofn|(ddim|dim) yn (teimlo'?n )?ddiogel|mewn perygl|anniogel",
    r"(t|d|nh|th)abledi|pils|rhaff|creithiau|gwaedu|clais|cleisiau",
    r"(gyda|efo|â|ag) (g|ng)?wn|(g|ng)?wn yn ei (f|m)?ag",
    r"(ddim|dim) (eisiau|isio|isie|moyn) (byw|bod yma)( rhagor| mwy| bellach)?",
    r"(dim|does dim) pwynt (byw|mynd ymlaen)|(m|f)?arw|(l|ll)?ladd",
    r"(d|t|nh)yled\w*|bwlio|fwlio|mwlio",
    # what the writer means to do to someone, in Welsh
    r"(t|d|nh|th)agu|(c|g|ngh|ch)laddu|stabio|slasho|(d|dd)orri (\w+ )?lan|"
    r"fydd (o|e|hi|fe)'?m yn codi eto|fydd (o|e|hi|fe) ddim yn codi eto",
    # leaving life, in Welsh
    r"fydda i'?m yma|fydda i ddim yma|fyddai ddim yma|diflannu am byth|blino ar (f|m)?yw|"
    r"(wedi )?(cael )?llond bol ar (f|m)?yw|meddyl(iau|ie|ia) tywyll|lleisiau|"
    r"(c|g|ch|ngh)orff (\w+ ){0,2}stopio|(c|g|ch|ngh)alon (\w+ ){0,2}stopio",
)
# Kinds that tell of danger only together, in one sentence: a child and what is done to or
# near them; a means of harm and a sign it is being readied; an intent and a harm.
_CHILD = (
    r"kids?|child(ren)?|little (girl|boy|one)s?|bab(y|ies)|toddlers?|teen\w*|minors?|"
    r"under ?age\w*|\d{1,2} ?(yr|yrs|year|years)s?[- ]?old|(primary )?school\w*|"
    r"nephews?|nieces?|daughters?|sons?|"
    r"plant|plentyn|blentyn|mhlentyn|(b|f|m)abi|(m|f)erch fach|(h)?ogyn bach|(y|h)sgol|"
    r"\d{1,2} oed"
)
_NEAR_A_CHILD = (
    r"touch\w*|pictures?|photos?|pics?|images?|videos?|messages?|online|deal\w*|"
    r"drugs?|(on )?(his|her|their) own|alone|too young|naked|inappropriate\w*|(not |un)safe|"
    r"trust my ?self|(take|taking|snatch\w*) (her|him|them)|stays? over|sleeps? over|"
    r"l?luni\w*|negeseuon|ar[- ]lein|gêms|ar ben (ei|eu) hun|(c|g|ngh|ch)yffuriau|"
    r"(g)?adael|(c|g|ngh|ch)yffwrdd"
)
_MEANS = (
    r"meds|medication|medicine|pills|paracetamol|tablets|(t|d|nh|th)abledi|bleach|belt|rope|"
    r"noose|razors?|rasal|blades?|glass|(g|w|ng)ydr|petrol|acid|boiling water|"
    r"(d|dd)ŵr berwedig|cord|cable|lighter"
)
_READIED = (
    r"sav(e|ed|ing)|stock ?pil\w*|hoard\w*|how many|enough|all of (them|it)|the lot|"
    r"look(ed|ing)? up|planned|try again|tonight|drink|yfed|swallow\w*|neck|gwddf|round my|"
    r"pigo|(h)?agor|hidden|hid|hide|(c|g|ngh|ch)uddio|cupboard|drawer|cwpwrdd|wrapped|"
    r"(l)?apio|if (he|she|they)|os (daw|ddaw|neith|eith)|heno"
)
_INTENT = (
    r"(i'?m|im|i am) (gonna|going to)|i'?ll|i will|(he|she|they)'?s (getting|gonna get|"
    r"going to get)|(dwi|wy|fi|i)'?n mynd i|na'?i|wna i|mynd i gael|(fe|mi) (wna|na)'?i"
)
_HARMED = (
    r"find out where|where (he|she|they) lives?|(his|her|their) address|(c|g|ngh|ch)yfeiriad|"
    r"get (him|her|them)|finish (him|her|them)|sort (him|her|them)|pay(s)? back|revenge|"
    r"(t|d|nh|th)alu'?n ôl|dial"
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
# Idioms of a longing or a joke ("dying to see my kids", "the food is killing me lol",
# "bron â marw isie", "dead old"), and a sanction called a threat ("threatened to take my
# phone"): only these words are let off, and only so placed.
_IDIOM = re.compile(
    r"(dying|die|(bron|jyst|just) â (m|f)?arw) (to|for|isie|eisiau|isio|am)\b|"
    r"(killing|kill|lladd) (me|fi|i)\b[^.!?]{0,20}\b(lol|haha|lmao|😂)|"
    r"kill for (a|an|some|the)\b|(nearly |almost )?died (laughing|of laughter)|"
    r"dead (old|good|nice|easy|hard|funny|boring|busy|quiet|slow|expensive|cheap|long|"
    r"tired|bored|loud|strict|sound|friendly)\b|"
    r"threat\w* (me )?(to|with) (take|taking|write|writing|report|stop|ban|remove|kick "
    r"(me|us|him|her) out|evict|recall|breach|send (me|us|him|her) back|a warning|"
    r"an? (warning|strike))",
    re.IGNORECASE,
)
# A sentence that tells of harm past and over ("years ago I used to self-harm but I've been
# free of it", "staff took a knife off him and handled it calmly") lets off its words of a
# weapon, a topic or a beating (never "want to die" and the like), unless the harm is back.
_OVER = re.compile(
    r"\b(used to|years ago|back then|when i was (younger|a kid|little)|free of it|"
    r"(clean|sober|stopped) (for|since)|handled it|dealt with it|talked (him|her|them) down|"
    r"(took|taken|removed|confiscated) (a|the|his|her) \w+ (off|from)|nobody got hurt|"
    r"pawb yn saff|drosodd|pan o'?n i'?n (f|m)ach|(o'?n|oedd|roedd|roeddwn) (\w+ )?(i'?n |yn )?"
    r"arfer|ers (dwy|tair|pum|\d+) (flynedd|mlynedd))",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"(c|g|ngh|ch)uro|(t|d|nh|th)aro|beat\w*|hit|kicked|punched|battered|bullied|bwlio",
    re.IGNORECASE,
)
_BACK = re.compile(r"\b(again|started|still|back|now|eto|dechra\w*|dal i)\b", re.IGNORECASE)
# Welsh joins words with an apostrophe ("stabio'i chwaer", "nghuro'n"): a word ends before
# such a short ending too.
_END = r"(?!\w|'\w\w)"
_PATTERN = re.compile(
    r"(?<![\w'])(?:" + "|".join((*_ENGLISH, *_WELSH)) + r")" + _END, re.IGNORECASE
)
_TOGETHER = tuple(
    (re.compile(r"(?<![\w'])(?:" + a + r")" + _END, re.IGNORECASE),
     re.compile(r"(?<![\w'])(?:" + b + r")" + _END, re.IGNORECASE))
    for a, b in ((_CHILD, _NEAR_A_CHILD), (_MEANS, _READIED), (_INTENT, _HARMED))
)  # fmt: skip
_SENTENCE = re.compile(r"[^.!?\n;]+")


def words_of_risk(text: str) -> bool:
    """Whether `text` holds a word or phrase of risk, in English or Welsh."""
    return any(_sentence_of_risk(found.group()) for found in _SENTENCE.finditer(text))


def _sentence_of_risk(sentence: str) -> bool:
    for first, second in _TOGETHER:
        one = first.search(sentence)
        if one and any(other.span() != one.span() for other in second.finditer(sentence)):
            return True
    over = _OVER.search(sentence) and not _BACK.search(sentence)
    for found in _PATTERN.finditer(sentence):
        if over and (_WEAK.fullmatch(found.group()) or _PAST.fullmatch(found.group())):
            continue
        near = sentence[max(0, found.start() - 25) : found.end() + 25]
        if _WEAK.fullmatch(found.group()) and _HARMLESS.search(near):
            continue
        idiom = _IDIOM.search(sentence, max(0, found.start() - 12), found.end() + 40)
        if idiom and abs(idiom.start() - found.start()) <= 12:
            continue  # the words begin that idiom, not a danger
        return True
    return False
