/**
 * The flyer's wording. French is the reference: its keys define `TractMessages`, and English
 * must provide exactly the same keys. `{n}` marks a value filled in by the flyer.
 */
import type { Locale } from '../../crypto/campaign.js';

const fr = {
  qr_label: 'Code QR menant à la page de témoignage',
  scan: 'Scannez ce code avec votre téléphone personnel, ou tapez cette adresse :',
  address_alone:
    'Vous pouvez aussi taper l’adresse sans ce qui suit «\u00a0#\u00a0»\u00a0: comparez alors les empreintes affichées par la page avec celles-ci.',
  keys_title: 'Empreintes des clés du syndicat',
  keys_help:
    'La page affiche ces empreintes. Si elle en montre d’autres, n’écrivez rien et prévenez le syndicat.',
  key_label: 'Clé {n}',
  words_label: 'en mots\u00a0:',
  safety_title: 'Pour rester anonyme',
  safety_device:
    'Utilisez votre téléphone personnel, pas un appareil de l’entreprise ni son réseau (Wi-Fi, VPN) : passez par les données mobiles.',
  safety_address: 'Tapez l’adresse vous-même ou scannez ce code : ne suivez pas un lien transféré par courriel ou par message.',
  safety_name: 'La page ne vous demande jamais votre nom. Votre texte est chiffré sur votre téléphone avant d’être envoyé.',
};

export type TractMessages = typeof fr;

const en: TractMessages = {
  qr_label: 'QR code leading to the testimony page',
  scan: 'Scan this code with your personal phone, or type this address:',
  address_alone:
    'You may also type the address without what follows “#”: then compare the fingerprints the page shows with these.',
  keys_title: 'Fingerprints of the union’s keys',
  keys_help: 'The page shows these fingerprints. If it shows others, write nothing and tell the union.',
  key_label: 'Key {n}',
  words_label: 'in words:',
  safety_title: 'To stay anonymous',
  safety_device:
    'Use your personal phone, not a work device or the work network (Wi-Fi, VPN): use mobile data.',
  safety_address: 'Type the address yourself or scan this code: do not follow a link forwarded by e-mail or message.',
  safety_name: 'The page never asks for your name. Your text is encrypted on your phone before it is sent.',
};

export const tractMessages: { readonly [L in Locale]: TractMessages } = { fr, en };
