import { compilePattern } from './normalize.ts';

// The vocabulary of the emergency lane, written in ordinary spelling and compiled to match
// normalised text (lower case, no accents, no apostrophes: "can't" is "can t", repeated letters
// squashed). English first, then French where Canadian customers write it.

export type EmergencyCategory =
  | 'fire'
  | 'gas'
  | 'injury'
  | 'security'
  | 'trapped'
  | 'flood'
  | 'electrical'
  | 'general';

/** People who can be hurt or trapped: the subject that turns "not responding" into an emergency. */
const person =
  '(?:he|she|they|someone|somebody|friend|buddy|guy|man|woman|lady|dad|mom|mum|son|daughter|wife|husband|kid|child|boy|girl|player|customer|person)';
const bodyPart =
  '(?:arm|leg|wrist|ankle|nose|finger|hand|bone|rib|ribs|jaw|collarbone|tooth|teeth|head|neck|back)';
const cant = '(?:can ?t|cant|cannot|can not|unable to|couldn ?t|could not)';

const sources: Record<EmergencyCategory, string[]> = {
  fire: [
    String.raw`\bfire (?:alarm|alarms|department|fighters?|truck|extinguisher)`,
    String.raw`\bfire (?:in|at|inside|near|behind|started|spreading|everywhere|coming)\b`,
    String.raw`\bon fire\b`,
    String.raw`\b(?:caught|catch|catching|catches) fire\b`,
    String.raw`\bthere (?:s|is) (?:a )?fire\b`,
    '^(?:fire ?)+$',
    String.raw`\bflames?\b`,
    String.raw`\b(?:smoke|smokey|smoky|smoking)\b`,
    String.raw`\bsmell(?:s|ing)? (?:like |of )?(?:burn|burning|burnt|burned|smoke|plastic)\b`,
    String.raw`\b(?:burning|burnt|burned) (?:smell|plastic|rubber|wires?)\b`,
    String.raw`\bsomething (?:is |s )?burning\b`,
    String.raw`\bexplo(?:sion|ded)\b`,
    String.raw`\bau feu\b`,
    String.raw`\by a (?:le |du )?feu\b`,
    String.raw`\ben feu\b`,
    String.raw`\bincendie`,
    String.raw`\bfumee\b`,
    String.raw`\b(?:ca )?brule\b`,
    String.raw`\balarme (?:incendie|de feu|de fumee)`,
  ],
  gas: [
    String.raw`\bgas (?:leak|leaking|smell|odou?r)`,
    String.raw`\bsmell(?:s|ing)? (?:like |of )?gas\b`,
    String.raw`\bleak(?:ing|s)? gas\b`,
    String.raw`\brotten eggs?\b`,
    String.raw`\bcarbon monoxide|\bmonoxide\b|\bmonoxyde\b`,
    String.raw`\bco (?:alarm|detector|sensor|levels?)\b`,
    String.raw`\bfumes\b`,
    String.raw`\bfuite de gaz|\bodeur de gaz|\bsent (?:le |du )?gaz\b`,
  ],
  injury: [
    String.raw`\bblea?d(?:ing|in|s)?\b`,
    String.raw`\bblood\b|\bblud\b|\bbloody (?:nose|mouth|lip|face|hand|head)`,
    String.raw`\binjur(?:ed|d|y|ies)\b`,
    String.raw`\b(?:got|get|getting|is|was|were|are|been|be|badly|seriously|really|very|s|re|m|im) hurt\b`,
    String.raw`\bhurt (?:him|her|them|my|your)sel(?:f|ves)|\bhurt (?:bad|badly|really bad)\b`,
    String.raw`\b(?:got|get|getting|was|were|been|be) (?:hit|struck|smacked|whacked|nailed|drilled|clipped)\b`,
    String.raw`\b(?:hit|struck|smacked) (?:me|him|her|them|someone|somebody)\b`,
    String.raw`\bhit (?:his|her|their|my|your|the|a) (?:head|face|eye|nose|mouth|teeth)\b`,
    String.raw`\bfell (?:and|down|over|badly|hard|on (?:his|her|their|my) ${bodyPart})\b|\b(?:has|have) fallen\b`,
    String.raw`\b(?:tripped|slipped) (?:and|on|over)\b|\btook a (?:bad |hard |nasty )?fall\b`,
    String.raw`\bunconscious\b|\bknocked (?:out|unconscious)\b`,
    String.raw`\b(?:passed|past) out\b|\b(?:${person}|i|we) (?:just |has |have )?blacked out\b|\bfaint(?:ed|ing)\b|\bfeel(?:s|ing)? faint\b`,
    String.raw`\bcollaps(?:ed|ing|e)\b`,
    String.raw`\b(?:not|isn ?t|isnt|stopped|stop|${cant}|trouble|difficulty|hard time|struggling to) breath(?:ing|e)?\b`,
    String.raw`\b${person} (?:is |s |isn ?t |are |re )?(?:not responding|unresponsive|not waking up|won ?t wake up)\b`,
    String.raw`\bs(?:ei|ie|e|ee)[sz]ures?\b|\bseizing\b|\bconvuls\w*|\bepilep\w*`,
    String.raw`\bchest (?:pains?|hurts|is (?:tight|hurting)|tight)|\bheart attack|\bcardiac\b`,
    String.raw`\b(?:having|had|has) a stroke\b`,
    String.raw`\bcho[ac]?k(?:ing|ed|e|in)\b`,
    String.raw`\ballergic reaction|\banaphyla\w*|\bepi ?pen\b|\bthroat (?:is )?(?:closing|swelling)|\bswelling up\b`,
    String.raw`\bconcussion\b|\bdislocat\w*|\boverdos\w*|\bstitches\b`,
    String.raw`\bbroken? (?:his|her|my|their|an?) ${bodyPart}\b|\bbroken ${bodyPart}\b`,
    String.raw`\bdeep cut\b|\bcut (?:his|her|my|their) (?:\w+ )?(?:open|hand|head|finger|arm|leg|face)\b`,
    String.raw`\bwater broke\b`,
    String.raw`\bblesse(?:e|s|es)?\b|\bsaign\w*|\b(?:du|de|plein de) sang\b|\bsang partout\b`,
    String.raw`\binconscient\w*|\bevanou\w*|\bperdu connaissance\b|\bmalaise\b`,
    String.raw`\b(?:il|elle|quelqu ?un|mon amie?|mon fils|ma fille|mon pere|ma mere|un homme|une femme|un enfant|mon mari|ma femme) (?:est |s est )?tombee?\b|\bfait une chute\b`,
    String.raw`\bne respire (?:pas|plus)\b|\betouf\w*|\bcrise (?:cardiaque|d epilepsie|d asthme)|\barret cardiaque|\breaction allergique`,
  ],
  security: [
    String.raw`\b(?:fight|fighting|brawl|assault\w*|attack(?:ed|ing)?|stabb?(?:ed|ing)|knife|knives|weapon|armed|gun|guns|gunshots?|shots fired|robb(?:ed|ery|ing)|burglar\w*|intruders?|hostage|kidnap\w*)\b`,
    String.raw`\bthreat(?:s|en|ened|ening)?\b|\bharass\w*|\bstalk(?:ing|ed|er)\b`,
    String.raw`\bwith (?:a|an) (?:bat|crowbar|hammer|machete|weapon)\b|\b(?:yelling|screaming|shouting) at (?:us|me|people|customers|staff|the staff)\b`,
    String.raw`\bpunched\b|\bpunching (?:him|her|me|them|someone|each other)\b|\bbeat(?:ing)? (?:him|her|me|them|someone|somebody) up\b`,
    String.raw`\bbreak ?in\b|\bbroke in\b|\bbreaking in\b|\btrying to (?:break|force|kick) (?:in|into|the door)\b`,
    String.raw`\b(?:someone|somebody|a man|a guy|some guy|some man|stranger|strange man) (?:is |s |keeps? |kept |just |was )?(?:trying to )?(?:break|force|sneak|climb|kick|get|got|broke|snuck) (?:in|into|inside)\b`,
    String.raw`\bstrange(?:r|rs| (?:man|men|guy|person|people|woman|dude))\b|\b(?:creepy|suspicious|sketchy|drunk|aggressive|violent) (?:man|men|guy|guys|person|people|dude|customer|group)\b`,
    String.raw`\bsmash(?:ed|ing)? (?:the |a |our )?(?:\w+ )?(?:window|door|glass)\b|\bbroke (?:the |a |our )(?:\w+ )?(?:window|glass)\b|\bbroken (?:window|glass)\b|\bglass everywhere\b`,
    String.raw`\b(?:we ?re|we are|were|i ?m|i am|im) hiding\b|\b(?:scared|terrified|frightened|afraid)\b|\b(?:unsafe|not safe|don ?t feel safe)\b`,
    String.raw`\bbanging on (?:the |our |my )?(?:door|doors|window|windows|glass)\b|\b(?:someone|somebody|a man|a woman|a guy|guy|lady|people|person|he|she) (?:is |s |keeps |started |was )?screaming\b`,
    String.raw`\bpolice\b|\bcall(?:ed|ing)? the cops\b|\bkill (?:you|me|him|her|us|them|someone|everyone)\b`,
    String.raw`\bagress\w*|\bbagarre|\bse battent\b|\bmenace\w*|\barme\b|\bcouteau|\bvoleur|\bcambriol\w*|\bintrus\b|\b(?:j ai|on a|nous avons) peur\b`,
  ],
  trapped: [
    String.raw`\b(?:locked|trapped|shut) (?:in|inside)\b`,
    String.raw`\btrapped\b|\btrapd\b`,
    String.raw`\bstuck (?:inside|in (?:the|a|my|our) (?:bathroom|washroom|restroom|toilet|elevator|lift|building|room|stall|bay|closet|storage|office|hallway|stairwell))\b`,
    String.raw`\b${cant} (?:get|go|come) out\b`,
    String.raw`\benferm\w*|\b(?:suis|sommes|on est|sont|est) coinc\w*|\bbloquee?s? (?:a l interieur|dedans)\b`,
    String.raw`\b(?:on ne peut|on peut|je ne peux|je peux|nous ne pouvons|impossible de) (?:pas )?sortir\b|\bpris au piege\b`,
  ],
  flood: [
    String.raw`\bfl(?:oo|u)d(?:ed|ing|s)?\b`,
    String.raw`\bwater (?:is |s )?(?:everywhere|all over|pouring|gushing|leaking|spraying|rising)\b`,
    String.raw`\bwater (?:is |s )?(?:coming|seeping|flowing|running|dripping) (?:\w+ )?(?:in|into|under|through|from|out|down)\b`,
    String.raw`\b(?:pipe|pipes) (?:burst|broke|broken|leaking|leak)\b|\bburst (?:pipe|pipes)\b`,
    String.raw`\b(?:ceiling|roof) (?:is |s )?(?:leaking|caving|collapsing|dripping)\b|\bleak(?:ing)? (?:from|through) the (?:ceiling|roof)\b`,
    String.raw`\boverflowing\b|\bsprinklers? (?:went|go|going|are|is|s|have|has|came|just)\b`,
    String.raw`\binond\w*|\bdegats? des eaux\b|\bfuite d eau\b|\beau partout\b`,
  ],
  electrical: [
    String.raw`\bspark(?:s|ing)?\b`,
    String.raw`\belectrocut\w*|\belectric(?:al)? shock|\bgot (?:a |an )?shock(?:ed)?\b|\bgot shocked\b`,
    String.raw`\bexposed wires?\b|\blive wire\b|\bshort circuit\w*`,
    String.raw`\b(?:outlet|plug|wire|wires|cable|socket|panel|breaker|power bar|power strip) (?:is |s )?(?:sparking|melting|hot to the touch)\b|\bmelting\b`,
    String.raw`\betincel\w*`,
  ],
  general: [
    String.raw`\bemergenc(?:y|ies)\b|\burgence\b`,
    String.raw`\b911\b|\bambulance\b|\bparamedics?\b|\bfirst aid\b|\bdefib\w*|\baed\b|\bcpr\b|\bpompiers?\b`,
    String.raw`\b(?:send|somebody|someone|anybody|anyone) help\b|\bhelp (?:now|asap|quick|quickly|fast|urgently|immediately)\b`,
    String.raw`\bneed (?:help|someone|somebody) (?:now|asap|right now|quick|fast|urgently|immediately)\b`,
    String.raw`\bau secours\b|\ba l aide\b|\baidez ?(?:moi|nous)\b|\bappel(?:ez|er|e|es)? (?:le 911|une ambulance|les pompiers|la police)\b`,
  ],
};

export const emergencyPatterns: { category: EmergencyCategory; pattern: RegExp }[] = Object.entries(
  sources,
).flatMap(([category, list]) =>
  list.map((source) => ({ category: category as EmergencyCategory, pattern: compilePattern(source) })),
);
