import type { Messages } from './fr.js';

export const en: Messages = {
  app_name: 'Parole',
  lang_switch: 'Français',
  loading: 'Loading…',
  page_title: '{title} — Parole',

  not_found_title: 'Page not found',
  not_found_body: 'Check the address printed on the leaflet.',

  load_failed_title: 'This page could not be shown',
  load_unknown_campaign: 'This campaign does not exist or is closed. Check the address printed on the leaflet.',
  load_network: 'The server cannot be reached. Check your connection, then reload the page.',
  load_server: 'The server ran into a problem. Try again later.',

  campaign_closed: 'This campaign is over: it no longer takes testimonies.',
  campaign_upcoming: 'This campaign is not open yet. You can tell us from {day}.',
  campaign_closes: 'You can tell us until {day}, included.',
  followup_link: 'Already told us and kept a receipt? Read the union’s replies',

  redirect_title: 'Warning: an intermediary may have recorded your visit',
  redirect_body:
    'This page was opened through a redirect or through a link carrying tracking parameters (like personalised survey links sent by e-mail). Whoever provided that link may have noted that you opened it.',
  redirect_advice: 'To come back later, type this clean address yourself:',
  redirect_stripped: 'The parameters have been removed from the address bar.',

  how_title: 'What happens to your text',
  how_encrypt:
    'Your text is encrypted on this device, before anything is sent, with the union’s public key. Only the delegates who hold the matching key can read it.',
  how_server:
    'The server keeps only the encrypted text and the day it was sent. It does not record your IP address or the exact time, and sets no cookie.',
  how_device:
    'Advice: use your personal phone, not a device or the network (Wi-Fi, VPN) of your employer, and type the address of this page yourself.',
  how_details: 'Leave out details that could identify you: names, a job only you hold, exact dates.',
  how_transparency: 'See exactly what the server stores',

  keys_title: 'Union keys',
  keys_intro_pinned:
    'The link you followed names the expected fingerprints. Your text will be encrypted only to the keys that match them.',
  keys_intro_unpinned:
    'Compare these fingerprints with the ones printed on the leaflet. Your text will be encrypted to each of these keys.',
  key_pinned: 'verified: matches the link',
  key_excluded: 'not in the link: will not receive your text',
  key_unverified: 'not verified by the link',
  key_refused: 'refused: the key does not match the fingerprint the server announces',
  pin_missing: 'Fingerprint expected by the link but not offered by the server: {fp}',
  pin_unreadable: 'The link holds an unreadable fingerprint; it is ignored.',
  pin_error:
    'None of the keys offered by the server matches the fingerprints in the link. To be safe, nothing will be encrypted or sent: the server may be showing a different key from the one printed on the leaflet. Tell the union.',
  no_keys_error: 'No usable key is available: nothing can be encrypted or sent.',

  form_title: 'Your testimony',
  form_label: 'Your text',
  form_hint: 'Write freely. Nothing leaves this device until you press “Encrypt and send”.',
  form_hint_questions:
    'Tell us here what the questions do not cover. Optional if you answered at least one question. Nothing leaves this device until you press “Encrypt and send”.',
  questions_title: 'Questions',
  questions_intro: 'Your answers are encrypted with your text: the server cannot see them.',
  required: '(required)',
  scale_hint: 'From 1 (least) to 5 (most).',
  answer_clear: 'Remove my answer',
  answer_required: 'This question is required.',
  answer_too_long: 'This answer is too long.',
  answer_invalid: 'This answer is not valid: pick from the options.',
  receipt_label: 'I want a receipt to read the union’s replies',
  receipt_hint:
    'A code will be shown once after sending: with it, without saying who you are, you can read the union’s replies and add to your testimony.',
  personal_hint: 'Your text seems to contain {kinds}. If you do not want to be recognised, remove or replace them (for instance “my manager” rather than their name).',
  personal_name: 'a name',
  personal_email: 'an e-mail address',
  personal_phone: 'a phone number',
  personal_nir: 'a social security number',
  personal_iban: 'an IBAN',
  personal_siret: 'a SIRET number',
  personal_plate: 'a licence plate',
  personal_address: 'a street address',
  personal_postcode: 'a postcode',
  personal_date: 'an exact date',
  personal_time: 'an exact time',
  personal_employee_id: 'an employee or badge number',
  personal_ip: 'an IP address',
  personal_url_token: 'a personal link',
  size_used: '{percent}% of the maximum length',
  size_over: 'The text is too long: remove about {over} characters.',
  send: 'Encrypt and send',
  trap_label: 'Do not fill in this field',

  stage_deriving: 'Preparing the receipt on this device (a few seconds)…',
  stage_encrypting: 'Encrypting on this device…',
  stage_proving: 'Your device is doing a small calculation that protects the union from mass sending…',
  stage_sending: 'Sending the encrypted text…',
  stage_rekeying: 'The union’s keys have changed: encrypting again…',

  error_empty: 'Write your testimony first.',
  error_empty_questions: 'Write your testimony or answer at least one question.',
  error_too_short: 'Your testimony is very short: write at least {min} characters.',
  error_receipt: 'The receipt could not be prepared on this device. Nothing was sent. Untick the receipt box to send without one.',
  error_campaign_closed: 'The campaign has just closed: your text was not recorded. It is still on this page, where only you can see it.',
  error_too_long: 'The text is too long. Nothing was sent.',
  error_no_random:
    'This browser offers no secure random generator, so encryption is impossible. Nothing was sent. Try a recent browser.',
  error_encrypt: 'Encryption failed on this device. Nothing was sent.',
  error_no_recipients: 'No usable key: nothing was encrypted or sent.',
  error_pin: 'The server’s keys do not match the fingerprints in the link: nothing was encrypted or sent.',
  error_network: 'Sending failed: the server does not answer. Your text is still here; try again.',
  error_invalid_envelope: 'The server refused the encrypted message. Nothing was stored; try again.',
  error_unknown_campaign: 'This campaign is closed. Nothing was stored.',
  error_too_large: 'The server refused a message that was too large. Nothing was stored; shorten the text.',
  error_busy: 'Many testimonies are arriving right now. Nothing was saved; your text is still here. Try again in a minute.',
  error_stale_keyring: 'The union’s keys changed again while sending. Nothing was stored; reload the page.',
  error_proof: 'The server refused the protective calculation twice. Nothing was saved; your text is still here, try again.',
  error_server: 'The server ran into a problem. Nothing was stored; try again later.',

  confirmation_title: 'Thank you, your testimony has arrived',
  confirmation_body:
    'It was encrypted on this device, then stored. Only the union’s delegates will be able to read it. The text has been cleared from this page.',
  confirmation_advice: 'You can close this tab.',
  write_another: 'Write another testimony',
};
