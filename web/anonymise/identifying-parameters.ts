/**
 * Query parameters named for a person, a session or a token: a link that carries one was made
 * for someone, whatever the value looks like ("?uid=4471"). Kept out of the submission page's
 * hint, which takes any parameter with a value for one.
 */
import type { IdentifyingParameter } from './urls.js';

const IDENTIFYING_PARAMETER =
  /^(?:id|uid|u|user|userid|user_id|usr|email|e|mail|token|t|tk|key|k|code|session|sid|s|hash|h|ref|r|rid|cid|eid|mid|pid|lid|sig|signature|auth|login|emp|employee|matricule|invite|invitation|recipient|contact|respondent|participant|survey_id|_hsenc|mc_eid|mkt_tok|trk|tracking|utm_term|utm_content)$/i;

export const identifyingParameter: IdentifyingParameter = (name) => IDENTIFYING_PARAMETER.test(name);
