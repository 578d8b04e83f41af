"""Word lists shared by the attribution rules: titles, organisations, pronouns, reporting verbs.

General English only: nothing here names a person, place or outlet of any corpus.
"""

from __future__ import annotations


def word_set(s: str) -> frozenset[str]:
    return frozenset(s.split())


PRONOUNS = word_set("he she they it we i him her them")
PERSON_PRONOUNS = word_set("he she him her i")
FEMALE = word_set(
    "she her ms ms. mrs mrs. miss madam spokeswoman chairwoman congresswoman businesswoman "
    "councilwoman queen princess duchess countess lady dame actress mother wife daughter sister "
    "grandmother widow"
)
MALE = word_set(
    "he him his mr mr. spokesman congressman businessman councilman king prince duke lord sir "
    "father husband son brother grandfather widower"
)
# common given names whose gender is unambiguous (English-language news); lower case
FEMALE_NAMES = word_set(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty "
    "margaret sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie "
    "rebecca laura sharon cynthia kathleen amy angela shirley anna brenda pamela nicole emma "
    "samantha katherine christine debra rachel catherine carolyn janet ruth maria heather diane "
    "virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl "
    "andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice julia grace "
    "judy theresa madison beverly denise marilyn amber danielle rose brittany diana abigail "
    "natalie jane lori alexis tiffany kayla hillary nancy sophie claire helen alice ingrid "
    "angela ursula theresa marine giorgia liz elena irina olga natalia svetlana tatiana yulia "
    "fatima aisha mariam leila sonia priya"
)
MALE_NAMES = word_set(
    "james robert john michael david william richard joseph thomas charles christopher daniel "
    "matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy "
    "ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin "
    "scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry "
    "tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy "
    "christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse "
    "bryan billy joe bruce gabriel logan albert alan juan wayne elijah randy roy "
    "vincent ralph eugene russell bobby mason philip louis barack bernie mitch chuck mike ted "
    "bill joe boris emmanuel olaf vladimir dmitry sergei sergey ivan viktor volodymyr mohammed "
    "muhammad ahmed ali hassan omar xi narendra recep benjamin"
)
TITLE_WORDS = word_set(
    "acting adm admiral adviser advisor aide ambassador analyst army assistant attorney ayatollah "
    "bishop boss candidate capt. captain cardinal ceo cfo chair chairman chairperson chairwoman "
    "chancellor chief chief-of-staff co-founder col. colonel commander commerce commissioner "
    "congressman congresswoman coordinator counsel defence defense delegate deputy diplomat "
    "director dr dr. economist economy education emir emissary energy envoy eu executive federal "
    "finance foreign former founder gen gen. general governor head health house imam interior "
    "judge junior justice king kremlin labor labour late lawmaker lawyer leader legislator "
    "lieutenant major majority manager mayor mediator mep minister minority monarch mp mr mr. "
    "mrs mrs. ms ms. national nato negotiator nominee officer official opposition party pentagon "
    "pollster pope premier president president-elect prime prince princess prof prof. professor "
    "queen rabbi regional rep rep. representative secretary secretary-general sen sen. senate "
    "senator senior sergeant sheikh speaker special spokesman spokesperson spokeswoman staff "
    "state strategist sultan top trade treasurer u.s. uk un under union us vice vice-president "
    "white archbishop superintendent director-general high lt. sgt. maj. co-chair"
)
# what a definite description like "the head of government" may stand for
ROLE_SYNONYMS = {
    "head": word_set("president prime premier chancellor chief leader director chairman chair"),
    "leader": word_set("president prime premier chancellor chief head chairman chair"),
    "premier": word_set("prime premier chancellor"),
    "diplomat": word_set("ambassador envoy minister foreign diplomat emissary"),
    "envoy": word_set("ambassador envoy emissary special diplomat"),
    "official": word_set("official officer minister secretary director spokesman spokeswoman"),
    "spokesperson": word_set("spokesman spokeswoman spokesperson"),
    "spokesman": word_set("spokesman spokeswoman spokesperson"),
    "spokeswoman": word_set("spokesman spokeswoman spokesperson"),
    "lawmaker": word_set(
        "senator sen sen. rep rep. representative congressman congresswoman mp mep"
    ),
}
ORG_WORDS = word_set(
    "administration agency alliance army assembly association authorities authority bank board "
    "cabinet campaign coalition commission committee company congress corp corporation council "
    "court delegation department diplomats embassy emirates eu federation force forces front "
    "government group hamas hezbollah imf inc institute kingdom kremlin leaders leadership league "
    "ltd members militants ministries ministry movement nations nato negotiators office officials "
    "opec organisation organization parliament party pentagon police presidency rebels "
    "representatives republic secretariat senate sources spokesperson's states team un union who "
    "workers mission guild fund foundation university college school hospital network times "
    "post journal news agency press service services bureau caucus club co co. llc plc gmbh ag "
    "holdings airlines airways group pharma pharmaceuticals energy utilities motors industries "
    "technologies telecom media logistics shipping insurance partners capital chamber"
)
GROUP_NOUNS = word_set(
    "administration adviser advisor agency aide ambassador analyst analysts authorities campaign "
    "chancellor chief commander committee council critics delegation diplomat diplomats envoy "
    "experts government group lawmakers lawyer leader leaders legislators mediator mediators "
    "members militants minister ministry movement negotiator negotiators observers office official "
    "officials party people premier president protesters rebels representatives residents "
    "secretary source sources spokesman spokesperson spokeswoman statement union workers "
    "coastguard mission company firm bank court police army regulator secretariat"
)
FUNCTION_WORDS = word_set(
    "about according after against also although amid and as asked at because before between "
    "but by despite during earlier following for from he her here his however i if in into it "
    "its last later like meanwhile near now of on our over per she since so speaking that their "
    "then there these they this those though through to under unless until we when while with "
    "yet you"
)
DETERMINERS = word_set("the a an this that these those his her its their our my your whose")
PARTICLES = word_set(
    "abu al al- ben bin da das de del den der di dos du el ibn la le mac o' st. van von"
)
ABBREV = word_set(
    "adm apr aug capt co col corp dec dr feb gen gov inc jan jr lt ltd maj mar mr mrs ms no nov "
    "oct prof rep sen sep sept sgt sr st u.k u.n u.s vs del rev hon pres det cmdr ft mt atty "
    "messrs sens reps govs gens"
)
# words that end a subject noun phrase when walking left from the verb
NP_STOP = word_set(
    "that who whom which when while after before because as if since though although but so "
    "where whereas and or to than said says told also then once until unless whether nor yet "
    "was were is are had has have would will could should can may might did does do what how why"
)
# words between a subject and its verb ("Velesky also said", "the ministry has repeatedly said")
ADVERB = word_set(
    "also later again previously earlier then further repeatedly has have had been would will is "
    "was were are be being reportedly once recently today yesterday tonight publicly privately "
    "already separately similarly just still however meanwhile in on at last this next only "
    "simply bluntly flatly firmly angrily quickly immediately promptly subsequently initially "
    "originally first finally too"
)
# words that open a parenthetical between a subject and its verb ("X, who ..., said")
PARENTHETICAL = word_set(
    "who whom which whose speaking writing asked citing according in on at during after before "
    "when while however meanwhile though also too for like unlike with without by from "
    "addressing appearing visiting interviewed reached contacted responding referring quoted"
)
IRREGULAR_CUES = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "writing", "written"],
    "tweet": ["tweeted", "tweets"],
    "speak": ["spoke", "speaks"],
    "read": ["reads"],
}
REGULAR_CUES = word_set(
    "add note stress warn argue suggest insist claim declare announce explain ask reply respond "
    "continue urge call describe point_out acknowledge admit assert contend maintain emphasise "
    "emphasize underline underscore vow pledge promise threaten concede complain charge accuse "
    "caution remark comment observe recall lament predict post confirm deny reiterate repeat "
    "shout quip joke retort counter demand indicate reveal report mention hint signal dismiss "
    "reject label brand term dub criticise criticize blast slam praise welcome hail describe_as "
    "deride state estimate tout boast plead conclude recount testify assure proclaim answer "
    "exclaim scoff allege liken denounce condemn decry reassure muse exhort laud yell chant "
    "scream echo characterize characterise mock wonder grumble sneer marvel ridicule taunt gush "
    "bark snap growl snarl boom beam sigh chuckle whisper mutter murmur laugh"
)
# cue words that are also nouns ("Republican claims", "the Venezuelan state")
NOUNABLE = word_set(
    "state states claim claims call calls comment comments remark remarks report reports tweet "
    "tweets post posts demand demands promise promises charge charges estimate estimates signal "
    "signals hint hints label labels brand term terms praise welcome counter reply replies "
    "answer answers note notes vow vows pledge pledges joke jokes threat threats plea pleas"
)
# a cue right after one of these is a noun ("a call for", "the minister's remarks")
NOUN_BEFORE = DETERMINERS | word_set("of a an no any every each such old")
# a name that ends in one of these is a date or an event, never a speaker ("Super Tuesday");
# April and May are left out: they are also given names ("April Ryan")
CALENDAR = frozenset(
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January")
    + ("February", "March", "June", "July", "August", "September", "October", "November")
    + ("December",)
)
