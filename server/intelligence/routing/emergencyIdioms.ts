import { compilePattern } from './normalize.ts';

// Golfers talk in fire and violence: "my drives are on fire", "this bay is killing it", "smoking
// the ball", "choked on the last putt". These phrases are cut out of the text before the emergency
// patterns run, so a joke does not page staff while a real danger in the same text still does
// ("I'm on fire today but there's smoke coming from the projector" still pages on "smoke").

/** Who can be "on fire" in the golf sense: people, and the parts of a game. Equipment is never here. */
const performer = `(?:i ?m|i am|im|we ?re|we are|you ?re|youre|ur|u r|he ?s|she ?s|they ?re|i was|we were|you were|he was|she was|they were|(?:(?:my|our|his|her|their|your|ur|the|these|those) )?(?:game|golf|drives?|driver|irons?|wedges?|woods?|hybrids?|putter|putts?|putting|swing|shots?|short game|long game|chipping|approach(?:es)?|ball striking|scores?|numbers|team|crew|group|squad|boys|girls|guys|lads|buddies|friends?|son|daughter|dad|wife|husband|kids?|partner) (?:is|are|was|were|s|re|have been|has been|been))`;

const sources = [
  // Performing well.
  String.raw`\b${performer} (?:absolutely |so |totally |really |literally |just |straight )?(?:on fire|smoking|killing it|crushing it|en feu)\b`,
  String.raw`\bon fire\b(?: \w+){0,5} (?:lol|lmao|haha|hahaha|jk)\b`,
  String.raw`\bon fire (?:today|tonight|lately|this (?:week|month|season|year|morning|afternoon|evening)|lol|haha|ha)\b`,
  String.raw`\b(?:killing|killed|kill) it\b|\bkill(?:ing)? (?:time|the (?:lights|music|sound|volume))\b`,
  String.raw`\b(?:je suis|j suis|chu|on est|t es|tu es|vous etes|nous sommes|mes (?:drives|coups|putts)(?: sont)?) (?:\w+ )?en feu\b|\bfeux? (?:vert|rouge)s?\b`,
  String.raw`\bsmok(?:ed|ing) (?:the|that|it|my|them|drives?|irons?|balls?|shots?|every|some|one)\b|\bsmoke show\b`,
  String.raw`\bfire (?:up|away|off|it up|at the (?:pin|flag|green|hole)|in the hole|me|us)\b|\bfired up\b|\byou ?re fired\b`,
  // Everyday talk that borrows danger words.
  String.raw`\b(?:can|may|could) (?:i|we|you|u|people|guests) (?:smoke|vape)\b|\bsmoking (?:allowed|area|policy|section|permitted|inside|outside)\b|\bno smoking\b|\bsmoke break\b`,
  String.raw`\b(?:gave|give|giving|gives|nearly had|almost had|nearly gave|almost gave) (?:me |us |him |her )?a heart attack\b`,
  String.raw`\b(?:afraid|scared) (?:i|we|that|it|this|the|you|there|so|not)\b|\bafraid to (?:say|tell|ask|cancel|report|inform)\b|\bscared (?:of|to) (?:lose|losing|miss|missing|hit|hitting|break|breaking)\b`,
  String.raw`\bdying to\b|\b(?:wil|gonna|going to|gona|ll|wanna|want to) kill (?:me|us) (?:if|lol|haha)\b`,
  String.raw`\bchok(?:ed|ing|e) (?:on|at|in|over) (?:the|that|my|our|a|his|her|those|these) (?:putts?|shots?|drives?|holes?|round|green|back nine|front nine|game|match|final|last|lead|tournament|playoff|\d+(?:st|nd|rd|th)?)\b`,
  String.raw`\bbleed(?:ing)? (?:money|cash|strokes|shots|points)\b`,
  String.raw`\blocked in (?:(?:my|our|your|a|the|that) (?:booking|time|slot|rate|price|reservation|tee time|spot|date)|on|for|today|tonight)\b`,
  String.raw`\b(?:booking|time|slot|rate|price|reservation|spot|date|bay) (?:is |s |got |been )?locked in\b`,
  String.raw`\b(?:got|get|was|were|been) hit with (?:a|an|the) (?:\w+ )?(?:charge|fee|bill|fine|penalty|error|bug|update)\b`,
  String.raw`\b(?:do you have|is there|are there|do you keep) (?:a |an |any )?first aid\b`,
  String.raw`\b(?:get|go|come) out of (?:my|the|our|this|a|your) (?:booking|reservation|contract|membership|plan|session|commitment|league)\b`,
  String.raw`\bfighting (?:a|my|the|this) (?:slice|hook|draw|fade|swing|shank|cold|flu)\b|\battack(?:ing)? (?:the|that) (?:pin|flag|green|hole|course)\b`,
  String.raw`\btrapped in (?:a|the) (?:bunker|sand|trap)\b|\bpunch (?:shot|out)s?\b|\ba stroke (?:penalty|lead|back|ahead|advantage)\b`,
  String.raw`\bknocked out of\b|\bhit (?:me|us) (?:up|back|with)\b|\bfeelings (?:are |were |got )?hurt\b|\bhurt (?:my|our|his|her) feelings\b`,
  String.raw`\b(?:screen|net|menu|sidebar|window|tab|section|game|panel|tent|app) (?:has |just |is |s )?collaps\w*|\bcollapse (?:the|menu|panel)\b`,
  String.raw`\b(?:someone|somebody|anyone|anybody) help (?:me |us )?(?:with|to|figure|fix|find|change|book|get|set|log|reset|understand|cancel|out)\b`,
  String.raw`\b(?:old|previous|past|prior|existing|recovering from|have a|had a|has a) (?:\w+ )?injury\b|\binjury (?:prone|waiver|insurance|policy)\b`,
  String.raw`\balarm (?:is |s )?armed\b|\barm(?:ed)? the alarm\b|\bpolice (?:discount|officers? discount)\b`,
  String.raw`\bflooded with\b|\bstuck in traffic\b|\benferm\w* (?:dehors|a l exterieur)\b|\b(?:l ecran|la balle|le jeu) est coinc\w*`,
  // Asking about emergencies is not having one, and staff should not be paged for a denial.
  String.raw`\bemergency (?:exit|exits|contact|number|stop|button|lighting|lights|procedures?|plan|info|information|kit)\b|\bin case of (?:an? )?emergency\b`,
  String.raw`\b(?:not|no|isn ?t|nothing) (?:an? |like an? )?(?:emergency|urgent)\b|\bnon urgent\b|\b(?:en cas|sortie|numero) d urgence\b|\bpas (?:une )?urgence\b`,
];

const idioms = sources.map(compilePattern);

/** The text with every known joke or idiom blanked out. */
export function stripIdioms(normalized: string): string {
  let text = normalized;
  for (const idiom of idioms) text = text.replace(idiom, ' ~ ');
  return text;
}
