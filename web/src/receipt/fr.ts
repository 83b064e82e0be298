/**
 * The receipt notice's strings, kept beside the notice. French is the reference: its keys
 * define `ReceiptMessages`.
 */
export const fr = {
  title: 'Votre reçu',
  once: 'Il ne s’affiche qu’une fois. Ni cette page, ni le serveur, ni le syndicat ne le gardent : sans lui, personne ne peut lire les réponses qui vous seront adressées.',
  paper: 'Recopiez-le sur papier.',
  no_photo: 'Ne le photographiez pas avec un téléphone professionnel.',
  no_mail: 'Ne l’envoyez ni par courriel ni par messagerie, même à vous-même.',
  return: 'Pour lire les réponses du syndicat ou compléter votre témoignage, tapez vous-même cette adresse, puis votre reçu\u00a0:',
  close: 'Une fois le reçu recopié, vous pouvez fermer cet onglet.',
};

export type ReceiptMessages = { readonly [K in keyof typeof fr]: string };
