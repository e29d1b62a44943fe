import type { Polarity } from '../../shared/annotations';

/**
 * The relation types every project starts with: PLOVER's event categories as the backbone (with
 * the CAMEO root each comes from, and a Goldstein-like intensity rounded from CAMEO's scale), in
 * the everyday verbs analysts write, plus structural ties that PLOVER and CAMEO do not cover
 * (membership, proxies, alliances, rivalries, recruitment, succession). Ids are stable so exports stay comparable across projects;
 * never renumber or reuse one.
 *
 * Quads (PLOVER): 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
 * conflict. Colours follow the polarity family, darker for material than for verbal acts.
 */

export interface PresetRelationType {
  id: string;
  label: string;
  /** For symmetric types, the label itself. */
  inverseLabel: string;
  directed: boolean;
  polarity: Polarity;
  category: string;
  /** -10 .. +10, Goldstein-like. */
  intensity: number;
  color: string;
}

/** Colours by polarity family; user-made types get the family's first colour. */
export const RELATION_COLORS = {
  verbalCooperation: '#2f7ab8',
  materialCooperation: '#1e8a57',
  verbalConflict: '#d1781f',
  materialConflict: '#c0392b',
  structure: '#6b7183',
} as const;

export function defaultRelationColor(polarity: Polarity): string {
  if (polarity === 'cooperative') return RELATION_COLORS.materialCooperation;
  if (polarity === 'conflictual') return RELATION_COLORS.materialConflict;
  return RELATION_COLORS.structure;
}

const C = RELATION_COLORS;

type Row = [id: string, label: string, inverse: string | null, polarity: Polarity, category: string, intensity: number, color: string];
// `inverse: null` marks a symmetric type: (A, r, B) says the same as (B, r, A).

const ROWS: Row[] = [
  // AGREE (PLOVER quad 1, CAMEO 03 "express intent to cooperate", Goldstein +4.0)
  ['agree-cooperate', 'pledges to cooperate with', 'is promised cooperation by', 'cooperative', 'AGREE', 4, C.verbalCooperation],
  ['agree-support', 'agrees to support', 'is promised support by', 'cooperative', 'AGREE', 5, C.verbalCooperation],
  // CAMEO 057 "sign formal agreement" (+8.0)
  ['agree-sign', 'signs an agreement with', null, 'cooperative', 'AGREE', 8, C.verbalCooperation],

  // CONSULT (quad 1, CAMEO 04 "consult", +1.0; 043 host a visit +2.8)
  ['consult-meet', 'meets with', null, 'cooperative', 'CONSULT', 2, C.verbalCooperation],
  ['consult-host', 'hosts', 'is hosted by', 'cooperative', 'CONSULT', 3, C.verbalCooperation],
  // CAMEO 046 "engage in negotiation" (+7.0)
  ['consult-negotiate', 'negotiates with', null, 'cooperative', 'CONSULT', 7, C.verbalCooperation],
  // CAMEO 045 "mediate" (+5.0). Mediation is three-way; "mediates between" ties the two parties
  // (mediator as attribution or a second claim), "mediates for" ties the mediator to one party.
  ['consult-mediate', 'mediates between', null, 'cooperative', 'CONSULT', 5, C.verbalCooperation],
  ['consult-mediator', 'mediates for', 'relies on mediation by', 'cooperative', 'CONSULT', 5, C.verbalCooperation],

  // SUPPORT (quad 1, CAMEO 05 "engage in diplomatic cooperation", +3.5)
  ['support-political', 'politically backs', 'is politically backed by', 'cooperative', 'SUPPORT', 4, C.verbalCooperation],
  // CAMEO 051 "praise or endorse" (+3.4)
  ['support-praise', 'praises', 'is praised by', 'cooperative', 'SUPPORT', 3, C.verbalCooperation],
  // CAMEO 052 "defend verbally" (+3.5)
  ['support-defend', 'defends diplomatically', 'is defended diplomatically by', 'cooperative', 'SUPPORT', 4, C.verbalCooperation],
  // CAMEO 054 "grant diplomatic recognition" (+6.0)
  ['support-recognize', 'recognizes', 'is recognized by', 'cooperative', 'SUPPORT', 6, C.verbalCooperation],

  // CONCEDE (quad 1, CAMEO 081-083 "yield", +5.0)
  ['concede', 'makes concessions to', 'receives concessions from', 'cooperative', 'CONCEDE', 5, C.verbalCooperation],

  // COOPERATE (quad 2, CAMEO 06 "engage in material cooperation", +6.0)
  ['cooperate', 'cooperates with', null, 'cooperative', 'COOPERATE', 6, C.materialCooperation],
  // CAMEO 062 "cooperate militarily" (+7.4)
  ['cooperate-military', 'coordinates militarily with', null, 'cooperative', 'COOPERATE', 7, C.materialCooperation],
  // CAMEO 064 "share intelligence or information" (+7.0)
  ['cooperate-intelligence', 'shares intelligence with', null, 'cooperative', 'COOPERATE', 7, C.materialCooperation],
  // CAMEO 061 "cooperate economically" (+6.4)
  ['cooperate-economic', 'does business with', null, 'cooperative', 'COOPERATE', 6, C.materialCooperation],

  // AID (quad 2, CAMEO 07 "provide aid", +7.0); 072 "provide military aid" (+8.3)
  ['aid-weapons', 'supplies weapons to', 'receives weapons from', 'cooperative', 'AID', 8, C.materialCooperation],
  ['aid-trains', 'trains', 'is trained by', 'cooperative', 'AID', 8, C.materialCooperation],
  ['aid-fighters', 'sends fighters to support', 'is reinforced by fighters of', 'cooperative', 'AID', 8, C.materialCooperation],
  // CAMEO 071 "provide economic aid" (+7.4)
  ['aid-funds', 'funds', 'is funded by', 'cooperative', 'AID', 7, C.materialCooperation],
  // CAMEO 073 "provide humanitarian aid" (+7.4)
  ['aid-humanitarian', 'sends humanitarian aid to', 'receives humanitarian aid from', 'cooperative', 'AID', 7, C.materialCooperation],
  // CAMEO 074 "provide military protection or peacekeeping" (+8.5)
  ['aid-protection', 'provides military protection to', 'is protected militarily by', 'cooperative', 'AID', 8, C.materialCooperation],
  // CAMEO 075 "grant asylum" (+7.0)
  ['aid-haven', 'provides safe haven to', 'receives safe haven from', 'cooperative', 'AID', 7, C.materialCooperation],

  // RETREAT (quad 2, CAMEO 084-087 "return, release; ease sanctions; de-escalate", +7.0..+10)
  ['retreat-release', 'releases captives to', 'receives captives released by', 'cooperative', 'RETREAT', 7, C.materialCooperation],
  ['retreat-ceasefire', 'agrees a ceasefire with', null, 'cooperative', 'RETREAT', 8, C.materialCooperation],
  ['retreat-withdraw', 'withdraws forces facing', 'sees forces withdrawn by', 'cooperative', 'RETREAT', 7, C.materialCooperation],

  // REQUEST (quad 3, PLOVER score 0; CAMEO 10 "demand", -5.0)
  ['request-call', 'calls on', 'is called on by', 'neutral', 'REQUEST', 0, C.verbalConflict],
  ['request-demand', 'makes demands of', 'faces demands from', 'conflictual', 'REQUEST', -5, C.verbalConflict],

  // ACCUSE (quad 3, CAMEO 11 "disapprove", -2.0; 112 "accuse")
  ['accuse', 'accuses', 'is accused by', 'conflictual', 'ACCUSE', -2, C.verbalConflict],
  // CAMEO 111 "criticize or denounce" (-2.0)
  ['accuse-condemn', 'condemns', 'is condemned by', 'conflictual', 'ACCUSE', -2, C.verbalConflict],
  // CAMEO 09 "investigate" (-2.0)
  ['accuse-investigate', 'investigates', 'is investigated by', 'conflictual', 'ACCUSE', -2, C.verbalConflict],

  // REJECT (quad 3, CAMEO 12 "reject", -4.0)
  ['reject', 'rejects proposals of', 'has proposals rejected by', 'conflictual', 'REJECT', -4, C.verbalConflict],

  // THREATEN (quad 3, CAMEO 13 "threaten", -6.0; 138 "threaten with military force", -7.0)
  ['threaten', 'threatens', 'is threatened by', 'conflictual', 'THREATEN', -6, C.verbalConflict],
  ['threaten-force', 'threatens military force against', 'is threatened with force by', 'conflictual', 'THREATEN', -7, C.verbalConflict],

  // SANCTION (quad 3, CAMEO 16 "reduce relations", -4.0; 163 "impose embargo, boycott or sanctions", -8.0)
  ['sanction', 'sanctions', 'is sanctioned by', 'conflictual', 'SANCTION', -8, C.verbalConflict],
  ['sanction-cut-ties', 'cuts ties with', 'has ties cut by', 'conflictual', 'SANCTION', -4, C.verbalConflict],
  // CAMEO 166 "expel or withdraw"
  ['sanction-expel', 'expels', 'is expelled by', 'conflictual', 'SANCTION', -5, C.verbalConflict],

  // PROTEST (quad 4, CAMEO 14 "protest", -6.5)
  ['protest', 'protests against', 'is the target of protests by', 'conflictual', 'PROTEST', -6, C.materialConflict],

  // MOBILIZE (quad 4, CAMEO 15 "exhibit force posture", -7.2)
  ['mobilize', 'mobilizes forces against', 'faces forces mobilized by', 'conflictual', 'MOBILIZE', -7, C.materialConflict],

  // COERCE (quad 4, CAMEO 17 "coerce", -7.0)
  ['coerce', 'coerces', 'is coerced by', 'conflictual', 'COERCE', -7, C.materialConflict],
  // CAMEO 171 "seize or damage property" (-9.2)
  ['coerce-seize', 'seizes assets of', 'has assets seized by', 'conflictual', 'COERCE', -9, C.materialConflict],
  // CAMEO 173 "arrest, detain"
  ['coerce-arrest', 'arrests members of', 'has members arrested by', 'conflictual', 'COERCE', -7, C.materialConflict],
  // CAMEO 176 "attack cybernetically"
  ['coerce-cyber', 'carries out cyber-attacks on', 'is cyber-attacked by', 'conflictual', 'COERCE', -7, C.materialConflict],

  // ASSAULT (quad 4, CAMEO 18 "assault", -9.0; 19 "fight", -10.0; 20 "unconventional mass violence")
  ['assault-attack', 'attacks', 'is attacked by', 'conflictual', 'ASSAULT', -9, C.materialConflict],
  // Two-sided fighting: PLOVER codes every party as actor, so the tie is symmetric (CAMEO 19).
  ['assault-clash', 'clashes with', null, 'conflictual', 'ASSAULT', -10, C.materialConflict],
  // CAMEO 195 "employ aerial weapons" (-10.0)
  ['assault-strike', 'strikes', 'is struck by', 'conflictual', 'ASSAULT', -10, C.materialConflict],
  // CAMEO 186 "assassinate" (-10.0)
  ['assault-assassinate', 'assassinates members of', 'has members assassinated by', 'conflictual', 'ASSAULT', -10, C.materialConflict],

  // STRUCTURE: states, not events (a PLOVER-compatible extension).
  ['structure-member', 'member of', 'has member', 'neutral', 'STRUCTURE', 0, C.structure],
  ['structure-commands', 'commands', 'is commanded by', 'neutral', 'STRUCTURE', 0, C.structure],
  // Proxy → sponsor; the sponsorship itself is material cooperation (suggested score +7).
  ['structure-proxy', 'proxy of', 'sponsors proxy', 'cooperative', 'STRUCTURE', 7, C.materialCooperation],
  ['structure-allied', 'allied with', null, 'cooperative', 'STRUCTURE', 6, C.materialCooperation],
  ['structure-rival', 'rival of', null, 'conflictual', 'STRUCTURE', -4, C.verbalConflict],
  ['structure-recruits', 'recruits from', 'provides recruits to', 'neutral', 'STRUCTURE', 0, C.structure],
  // e.g. Wagner Group → Africa Corps
  ['structure-successor', 'successor of', 'predecessor of', 'neutral', 'STRUCTURE', 0, C.structure],
];

export const RELATION_PRESET: readonly PresetRelationType[] = ROWS.map(([id, label, inverse, polarity, category, intensity, color]) => ({
  id,
  label,
  inverseLabel: inverse ?? label,
  directed: inverse !== null,
  polarity,
  category,
  intensity,
  color,
}));
