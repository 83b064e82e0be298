import type { FollowUpMessages } from './fr.js';

export const en: FollowUpMessages = {
  title: 'Follow-up: {title}',
  intro:
    'Type the receipt shown after your testimony. It never leaves this device: the page derives from it a key that opens the replies the union sent you, and signs your messages without saying who you are.',
  receipt_label: 'Your receipt',
  receipt_hint: '20 characters, with or without dashes or spaces; upper and lower case are the same.',
  open: 'Open',
  receipt_length: 'A receipt has 20 characters, not counting dashes. Check that none is missing or extra.',
  receipt_character: 'This receipt holds a character that no receipt contains: only digits and letters (except U) appear in one.',
  receipt_check: 'This receipt has a typo. Read it again character by character.',
  stage_deriving: 'Opening on this device (a few seconds)…',
  stage_fetching: 'Looking for replies…',
  error_no_webcrypto: 'This browser cannot derive the receipt’s key. Try a recent browser.',
  error_fetch: 'The replies could not be loaded. Check your connection, then try again.',

  replies_title: 'Replies from the union',
  no_reply: 'No reply yet. Come back in a few days.',
  reply_from: 'Reply from the union, {when}',
  replies_title_unpinned: 'Replies received',
  reply_signed: 'Reply of {when}, signed by the key:',
  reply_compare: 'Compare this fingerprint with the ones printed on the leaflet: if it is not there, this message does not come from the union.',
  unverified_one: 'One message could not be verified: nothing proves it comes from the union. It is not shown.',
  unverified_many: '{count} messages could not be verified: nothing proves they come from the union. They are not shown.',
  refresh: 'Check again',
  forget: 'Forget the receipt on this page',
  forget_hint: 'The page also forgets the receipt when you leave or close it. It never saves it anywhere.',

  add_title: 'Add to your testimony',
  add_label: 'Your message',
  add_unpinned:
    'This page was opened without the leaflet’s link: it cannot check the union’s keys. Compare the fingerprints below with the ones printed on the leaflet. Your message will be encrypted to each of these keys.',
  add_hint:
    'It is encrypted for the union like your testimony, and signed with the receipt’s key so that the union files it with your testimony. Do not write your receipt in it.',
  add_send: 'Encrypt and send',
  add_sent: 'Thank you, your message has arrived. It has been cleared from this page.',
  error_empty: 'Write your message first.',
  error_receipt: 'Do not write your receipt in the message: whoever read it could read the replies meant for you. Remove it, then send.',
};
