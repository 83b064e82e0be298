/**
 * The transparency page's own strings, loaded with its chunk so that the submission page does not
 * carry them. French is the reference: its keys define `TransparencyMessages`.
 */
export const fr = {
  title: 'Ce que le serveur enregistre',
  intro:
    'Chaque témoignage devient une ligne de la table «\u00a0{table}\u00a0». Voici la forme exacte de cette ligne, telle que le serveur la décrit, avec un exemple :',
  error: 'Impossible de charger ces informations. Réessayez plus tard.',
  column_name: 'Colonne',
  column_type: 'Type',
  column_example: 'Exemple',
  column_id: 'identifiant tiré au hasard',
  column_campaign: 'campagne',
  column_day: 'jour de l’envoi, sans l’heure',
  column_envelope: 'texte chiffré',
  envelope_size: '({bytes}\u00a0octets au total)',
  parts:
    'Un texte chiffré de plus de {bytes}\u00a0octets se poursuit dans la table «\u00a0{table}\u00a0», une ligne par partie d’au plus {bytes}\u00a0octets, avec les colonnes {columns}.',
  no_example: 'Aucun témoignage n’est encore enregistré.',
  replies_title: 'Les réponses des délégués',
  replies_intro:
    'Si vous gardez votre reçu, les délégués peuvent vous répondre. Chaque réponse devient une ligne de la table «\u00a0{table}\u00a0», avec ces colonnes :',
  reply_column_mailbox: 'boîte de suivi, identifiant calculé à partir de votre reçu ; rien sur le serveur ne le relie à votre témoignage',
  reply_column_envelope: 'réponse chiffrée pour le seul détenteur du reçu',
  reply_column_day: 'jour de la réponse, sans l’heure',
  not_stored_title: 'Ce que le serveur n’enregistre pas',
  not_stored_ip: 'votre adresse IP ;',
  not_stored_agent: 'votre navigateur ou votre appareil ;',
  not_stored_time: 'l’heure exacte : seulement le jour ;',
  not_stored_cookie: 'aucun cookie ni identifiant de visite ;',
  not_stored_referrer: 'la page d’où vous venez ;',
  not_stored_length: 'la longueur de votre texte : il est complété jusqu’à une taille standard avant le chiffrement ;',
  not_stored_plaintext: 'votre texte en clair : le serveur ne peut pas le lire.',
  keys_intro:
    'Empreintes recalculées sur cet appareil à partir des clés publiques. Comparez-les avec celles imprimées sur le tract.',
  back_to_form: 'Écrire un témoignage',
};

export type TransparencyMessages = { readonly [K in keyof typeof fr]: string };
